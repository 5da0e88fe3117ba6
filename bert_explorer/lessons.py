"""Lesson mode: each head page's story as steps, each with a question to think about before
the reveal and one or two sentences after it. A step's name is the section of the page it shows."""

from dataclasses import dataclass

from .tasks.question_answering import MAX_ANSWER_TOKENS


@dataclass(frozen=True)
class Step:
    name: str  # the page section this step shows
    title: str
    question: str  # asked before the reveal
    point: str  # said after it


INPUT = Step("input", "Input", "Before anything runs: what should this head say about the input above? Write your "
             "guess down.", "You can edit the input at any step; every later step recomputes for the new input.")
TOKENS = Step("tokens", "Tokens", "How many tokens will the tokenizer make of this input, and which special tokens "
              "will it add?", "The model never sees words, only these ids: [CLS] first, [SEP] after each segment, "
              "and rare words split into '##' pieces.")
ATTENTION = Step("attention", "Attention", "In the last layer, which token do you expect [CLS] to attend to most?",
                 "Each row is a softmax over the tokens, so it sums to 1. Many heads park their weight on [SEP] or "
                 "[CLS]: an attention map shows where information can flow, not why the head decided.")
WHY = Step("why", "Why this logit?", "Which input tokens do you think pushed the predicted score up the most?",
           "Attribution splits the score's change from a baseline input across the tokens, and the parts add up "
           "(the arithmetic is shown). The logit lens runs the real head on every earlier layer.")

_POOLER = ("Does the classifier read the last hidden state of [CLS] directly?",
           "Not in BERT: it reads the pooler output, tanh(W·h_CLS + b), a different vector: compare their norms "
           "and their cosine.")


def _story(*middle: Step) -> tuple[Step, ...]:
    return (INPUT, TOKENS, *middle, ATTENTION, WHY)


LESSONS: dict[str, tuple[Step, ...]] = {
    "sequence_classification": _story(
        Step("head_input", "The vector the head reads", *_POOLER),
        Step("logits", "Logits", "Is logit 0 label 0? How would you check?",
             "Yes: logit k is label id k, and the config's id2label names it. Recomputing the logits from the "
             "classifier's weights gives the same numbers."),
        Step("activation", "Activation", "Softmax, sigmoid or nothing: which one turns these logits into the "
             "prediction?", "The config decides: problem_type (or num_labels = 1) picks softmax for one label, "
             "sigmoid for several, the identity for regression."),
        Step("loss", "Loss", "If the gold were the label the model likes least, would the loss be large or small?",
             "The loss is −log of the gold's probability: near 0 for a confident right answer, large for an "
             "unlikely gold. The formula shows it with this input's numbers."),
    ),
    "token_classification": _story(
        Step("head_input", "The vectors the head reads", "Does a token-classification head read [CLS]?",
             "No: every token's own last hidden state goes through the same classifier. There is no pooler."),
        Step("logits", "Logits", "How many logits does the head output for this input?",
             "Tokens × labels: one row per token, column k is label id k. Softmax runs along each row."),
        Step("activation", "Predictions per word", "A word split into two sub-words gets two predictions. Which "
             "one counts for the word?", "The first sub-word's. The others are shown but ignored, and B-/I- tags "
             "are grouped into entities."),
        Step("loss", "Loss", "Which positions should count in the loss?",
             "Only labels that are not −100: the first sub-word of each word. Special tokens and later sub-words "
             "are skipped, and the mean runs over the rest."),
    ),
    "question_answering": _story(
        Step("head_input", "The vectors the head reads", "What does the QA head compute from each token?",
             "Two numbers per token, from its own last hidden state: a start logit and an end logit. No pooler."),
        Step("logits", "Start and end logits", "Where do you expect the start logits to peak?",
             "The softmax runs over positions, not labels: one distribution for the start, one for the end."),
        Step("activation", "The answer", "Is the answer simply the best start and the best end, picked apart?",
             "Almost: the span maximises start + end logit over valid pairs (start ≤ end, inside the context, at "
             f"most {MAX_ANSWER_TOKENS} tokens)."),
        Step("loss", "Loss", "How would you write a loss for a span?",
             "Two cross-entropies, over start positions and over end positions, averaged."),
    ),
    "multiple_choice": _story(
        Step("head_input", "The vector each choice gives", "Does the model see the choices together, or one at a "
             "time?", "One at a time: each (prompt, choice) pair is its own sequence, and its pooler output goes "
             "through a classifier with one output."),
        Step("logits", "One score per choice", "How many outputs does the classifier have?",
             "One: each pair gets a single score, and the scores are reshaped to [batch, choices]."),
        Step("activation", "Softmax across choices", "Softmax across what?",
             "Across the choices, not across labels: the probabilities of the choices sum to 1."),
        Step("loss", "Loss", "What is the gold label of a multiple-choice example?",
             "The index of the right choice; the loss is −log of its probability across the choices."),
    ),
    "next_sentence": _story(
        Step("head_input", "The vector the head reads", *_POOLER),
        Step("logits", "The two logits", "Index 0 or index 1: which one means 'B continues A'?",
             "Index 0. In transformers, next_sentence_label = 0 is the true continuation."),
        Step("activation", "Softmax, and a random B", "Would a random B get a much lower probability of "
             "continuing A?", "Compare the two pairs: a model trained on next-sentence prediction separates them; "
             "a random head does not."),
        Step("loss", "Loss", "Which gold label gives the smaller loss here?",
             "The one the model gives the higher probability: the loss is −log of that probability."),
    ),
    "masked_lm": _story(
        Step("head_input", "The vectors the head reads", "Is the matrix that scores the vocabulary a new one?",
             "It is tied: the decoder is the input word-embedding matrix, after a dense + GELU + LayerNorm "
             "transform of each token's hidden state."),
        Step("logits", "Predictions at each mask", "Which word would you put at the mask? Will the model agree?",
             "There is one logit per vocabulary entry at each mask, and a softmax over the whole vocabulary."),
        Step("activation", "Words you name", "Which of two plausible words will get more probability?",
             "Any word can be scored: its logit, probability, rank and the loss if it were gold."),
        Step("loss", "Loss", "Which positions does the masked-LM loss count?",
             "Only the masks: every other label is −100. The loss is the mean over the masks."),
    ),
    "pretraining": _story(
        Step("mlm", "The masked-LM head", "Which word belongs at the mask?",
             "Every token's hidden state is scored against the whole vocabulary; the loss counts the masks only."),
        Step("nsp", "The next-sentence head", "Does B continue A, and which vector decides it?",
             "The pooler output of [CLS] gives two logits; index 0 means B continues A."),
        Step("loss", "The pre-training loss", "How are the two losses combined?",
             "Added: the masked-LM loss (mean over the masks) plus the next-sentence loss."),
    ),
}


def lesson_for(head: str) -> tuple[Step, ...]:
    return LESSONS[head]
