from .head import Head, LessonStep, MapBranch, Suggestion

MAX_ANSWER_TOKENS = 30  # the longest span the page (and its evaluation) reads as an answer

HEAD = Head(
    "question_answering", "Extractive QA span",
    "A start and an end logit for every token; the answer is the best span.",
    "AutoModelForQuestionAnswering", "qa", "quiz", "zoo/news-qa", "the start or end logit at position i",
    inputs=("question", "context"),
    lesson=(
        LessonStep("head_input", "The vectors the head reads", "What does the QA head compute from each token?",
                   "Two numbers per token, from its own last hidden state: a start logit and an end logit. No "
                   "pooler."),
        LessonStep("logits", "Start and end logits", "Where do you expect the start logits to peak?",
                   "The softmax runs over positions, not labels: one distribution for the start, one for the end."),
        LessonStep("activation", "The answer", "Is the answer simply the best start and the best end, picked "
                   "apart?", "Almost: the span maximises start + end logit over valid pairs (start ≤ end, inside "
                   f"the context, at most {MAX_ANSWER_TOKENS} tokens)."),
        LessonStep("loss", "Loss", "How would you write a loss for a span?",
                   "Two cross-entropies, over start positions and over end positions, averaged."),
    ),
    map=MapBranch("{every}", "qa_outputs {h}→2 on every token: a start and an end logit → softmax over positions",
                  "[1, T] start, [1, T] end"),
    suggestions=(
        Suggestion("google-bert/bert-large-uncased-whole-word-masking-finetuned-squad", "BERT large, SQuAD 1.1"),
        Suggestion("distilbert/distilbert-base-cased-distilled-squad", "DistilBERT, SQuAD 1.1"),
        Suggestion("deepset/roberta-base-squad2", "RoBERTa, SQuAD 2.0 (can answer 'no answer')"),
    ),
    evaluation="spans",
)
