"""Tiny random checkpoints, saved to folders and loaded through the real loading code."""

from pathlib import Path

import torch
import transformers
from transformers import BertTokenizer

WORDS = (
    "the a an is was are were be to of and in on it this that film movie book day good bad great "
    "terrible delight start finish i you he she we they love loved hate it's not very no yes "
    "paris france capital city where who what when which is born river london"
).split()
NER_TAGS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
CHARACTERS = list("abcdefghijklmnopqrstuvwxyz0123456789.,!?'-")


def vocabulary() -> dict[str, int]:
    tokens = SPECIAL + sorted(set(WORDS) | set(CHARACTERS)) + ["##" + c for c in "abcdefghijklmnopqrstuvwxyz"]
    return {token: i for i, token in enumerate(tokens)}


def small_config(config_class=transformers.BertConfig, **overrides):
    settings = dict(
        vocab_size=len(vocabulary()),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=4,
        intermediate_size=37,
        max_position_embeddings=64,
    )
    settings.update(overrides)
    return config_class(**settings)


def save_checkpoint(folder: Path, model_class, config, seed: int = 1) -> Path:
    """Build `model_class(config)` with seeded random weights and save it with a tokenizer."""
    torch.manual_seed(seed)
    model = model_class(config)
    model.save_pretrained(folder)
    BertTokenizer(vocab=vocabulary(), model_max_length=config.max_position_embeddings).save_pretrained(folder)
    return folder


def build_all(root: Path) -> dict[str, Path]:
    """Every checkpoint the tests use, by name."""
    bert = transformers
    labels = {0: "NEGATIVE", 1: "NEUTRAL", 2: "POSITIVE"}
    specs = {
        "bert-seq": (bert.BertForSequenceClassification, small_config(num_labels=3, id2label=labels,
                                                                       label2id={v: k for k, v in labels.items()})),
        "bert-base": (bert.BertModel, small_config()),
        "bert-multilabel": (bert.BertForSequenceClassification, small_config(
            num_labels=4, problem_type="multi_label_classification")),
        "bert-regression": (bert.BertForSequenceClassification, small_config(num_labels=1)),
        "roberta-seq": (bert.RobertaForSequenceClassification, small_config(
            bert.RobertaConfig, num_labels=2, max_position_embeddings=66, pad_token_id=0)),
        "distilbert-seq": (bert.DistilBertForSequenceClassification, small_config(
            bert.DistilBertConfig, num_labels=2, dim=32, n_layers=2, n_heads=4, hidden_dim=37)),
        "electra-seq": (bert.ElectraForSequenceClassification, small_config(
            bert.ElectraConfig, num_labels=2, embedding_size=16)),
        "bert-ner": (bert.BertForTokenClassification, small_config(
            num_labels=len(NER_TAGS), id2label=dict(enumerate(NER_TAGS)),
            label2id={tag: k for k, tag in enumerate(NER_TAGS)})),
        "bert-qa": (bert.BertForQuestionAnswering, small_config()),
        "bert-mc": (bert.BertForMultipleChoice, small_config()),
        "bert-pretraining": (bert.BertForPreTraining, small_config()),
    }
    return {name: save_checkpoint(root / name, cls, config) for name, (cls, config) in specs.items()}


def tokenizer_of(loaded):
    """The checkpoint's shared tokenizer, for a test on one thread (the app's code must hold the lock)."""
    with loaded.lock:
        return loaded.tokenizer


def locked(function, loaded, *args):
    """`function(loaded, *args)` under the checkpoint's lock, as the task contract calls it."""
    with loaded.lock:
        return function(loaded, *args)
