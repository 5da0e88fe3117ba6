"""The heads the app explains, each declared once.

Everything that lists heads reads this table: model loading, the checkpoint suggestions, the
navigation, the pages, the bench and the zoo cards. A head's `name` is its only spelling: it is
also the name of its task module (`bert_explorer/tasks/<name>.py`), its page (`pages/<name>.py`)
and its URL path (`/<name>`).
"""

from dataclasses import dataclass

EMBEDDED_DEFAULT = "embedded/all-MiniLM-L6-v2"
CONLL_2003_TAGS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")


@dataclass(frozen=True)
class Suggestion:
    checkpoint: str
    note: str


@dataclass(frozen=True)
class Head:
    name: str
    title: str
    caption: str  # one line under the page title
    model_class: str  # the transformers class that builds it
    key: str  # prefix of the page's widget keys and URL parameters
    icon: str  # a Material icon name, for the navigation
    default_checkpoint: str  # what the page opens on
    explains: str  # the scalar a "why" view can be asked about
    suggestions: tuple[Suggestion, ...] = ()  # well-known hub checkpoints (they need the hub or a local cache)
    # Labels a new, randomly initialised head gets when the checkpoint has none of its own for this head
    # (a bare encoder): a real tag scheme rather than transformers' LABEL_0, LABEL_1.
    labels_when_bare: tuple[str, ...] = ()

    @property
    def page(self) -> str:
        return f"pages/{self.name}.py"


_HEADS = (
    Head(
        "sequence_classification", "Sequence classification",
        "One label for a text or a text pair: logits, the activation the config implies, loss per gold label.",
        "AutoModelForSequenceClassification", "seq", "label", "zoo/sentiment-tweets", "logit k",
        (
            Suggestion("google-bert/bert-base-cased-finetuned-mrpc", "BERT, MRPC paraphrase (text pair, 2 labels)"),
            Suggestion("distilbert/distilbert-base-uncased-finetuned-sst-2-english", "DistilBERT, SST-2 sentiment"),
            Suggestion("nlptown/bert-base-multilingual-uncased-sentiment", "BERT, 1–5 stars (5 labels)"),
            Suggestion("cardiffnlp/twitter-roberta-base-sentiment-latest", "RoBERTa, tweet sentiment (3 labels)"),
            Suggestion("unitary/toxic-bert", "BERT, toxicity (multi-label: sigmoid per label)"),
        ),
    ),
    Head(
        "token_classification", "Token classification (NER)",
        "A label for every token: logits, the word-level view, entities.",
        "AutoModelForTokenClassification", "ner", "format_color_text", "zoo/news-ner",
        "token t's logit for label k",
        (
            Suggestion("dbmdz/bert-large-cased-finetuned-conll03-english", "BERT large, CoNLL-03 NER"),
            Suggestion("dslim/bert-base-NER", "BERT base, CoNLL-03 NER (BIO tags)"),
        ),
        labels_when_bare=CONLL_2003_TAGS,
    ),
    Head(
        "question_answering", "Extractive QA span",
        "A start and an end logit for every token; the answer is the best span.",
        "AutoModelForQuestionAnswering", "qa", "quiz", "zoo/news-qa", "the start or end logit at position i",
        (
            Suggestion("google-bert/bert-large-uncased-whole-word-masking-finetuned-squad", "BERT large, SQuAD 1.1"),
            Suggestion("distilbert/distilbert-base-cased-distilled-squad", "DistilBERT, SQuAD 1.1"),
            Suggestion("deepset/roberta-base-squad2", "RoBERTa, SQuAD 2.0 (can answer 'no answer')"),
        ),
    ),
    Head(
        "multiple_choice", "Multiple choice",
        "One score per (prompt, choice) pair; the softmax runs across the choices.",
        "AutoModelForMultipleChoice", "mc", "checklist", "zoo/bbc-next-sentence", "choice c's score",
        (Suggestion("google-bert/bert-base-uncased", "BERT base; its multiple-choice head is not trained"),),
    ),
    Head(
        "next_sentence", "Next-sentence prediction",
        "Does sentence B follow sentence A? BertForNextSentencePrediction.",
        "BertForNextSentencePrediction", "nsp", "arrow_forward", "zoo/bbc-bert-small", "logit 0 or 1",
        (
            Suggestion("google-bert/bert-base-uncased", "BERT base, with its pre-trained NSP head"),
            Suggestion("google-bert/bert-base-cased", "BERT base cased, with its pre-trained NSP head"),
        ),
    ),
    Head(
        "masked_lm", "Masked fill-in",
        "What the masked-LM head predicts at each mask token, over the whole vocabulary.",
        "AutoModelForMaskedLM", "mlm", "edit_note", "zoo/news-fill-in", "a token's logit at mask m",
        (
            Suggestion("google-bert/bert-base-uncased", "BERT base, pre-trained masked-LM head"),
            Suggestion("distilbert/distilbert-base-uncased", "DistilBERT, masked-LM head"),
            Suggestion("FacebookAI/roberta-base", "RoBERTa base, masked-LM head (<mask>)"),
        ),
    ),
    Head(
        "pretraining", "Pre-training (MLM + NSP)",
        "BertForPreTraining: the masked-LM and next-sentence heads in one pass.",
        "BertForPreTraining", "pre", "school", "zoo/bbc-bert-small", "either head's target",
        (Suggestion("google-bert/bert-base-uncased", "BERT base, both pre-training heads"),),
    ),
)

HEADS: dict[str, Head] = {head.name: head for head in _HEADS}


def get(name: str) -> Head:
    try:
        return HEADS[name]
    except KeyError:
        raise KeyError(f"Unknown head '{name}'; the heads are {', '.join(HEADS)}.") from None
