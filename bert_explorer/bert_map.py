"""One picture of BERT for the home page: the encoder's real sizes, and which vector each head reads
and what it makes of it, with the shapes written out."""

import logging
from dataclasses import dataclass

from transformers import AutoConfig

from . import checkpoints, heads, zoo
from .errors import CheckpointError
from .loading import is_folder, shown_name

_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Branch:
    head: str  # the head's registry name (its page's too)
    title: str
    reads: str  # the vector the head reads, with its shape
    does: str  # what the head computes from it
    output: str  # its logits' shape


@dataclass(frozen=True)
class BertMap:
    checkpoint: str
    model_type: str
    vocabulary: int  # V
    hidden: int  # H
    layers: int  # L
    attention_heads: int
    max_positions: int
    branches: tuple[Branch, ...]


def config_of(checkpoint: str):
    """A checkpoint's config, read without loading weights (a zoo head's own config, not assembled)."""
    entry = zoo.entry(checkpoint)
    source = str(entry.folder) if entry is not None else checkpoints.resolve(checkpoint)
    try:
        return AutoConfig.from_pretrained(source, local_files_only=is_folder(source))
    except Exception as error:  # transformers raises many kinds; all mean "no config here"
        _LOG.info("could not read the config of %r", checkpoint, exc_info=error)
        raise CheckpointError(f"Could not read the config of '{shown_name(checkpoint)}': it is not a model folder "
                              "or hub id that this server can reach.") from error


def bert_map(checkpoint: str | None = None) -> BertMap:
    """The map for `checkpoint`; by default the embedded encoder, with each page's default head's labels."""
    config = config_of(checkpoint or heads.EMBEDDED_DEFAULT)

    def labels(head: str) -> int:
        return (config if checkpoint else config_of(heads.get(head).default_checkpoint)).num_labels

    h, v = config.hidden_size, config.vocab_size
    cls = f"h_[CLS] ∈ ℝ^{h} (the first token of the last layer)"
    every = f"every token's h ∈ ℝ^{h}: [1, T, {h}]"
    pooler = f"pooler: tanh(W_p·h + b_p), W_p {h}×{h}"
    branches = (
        Branch("sequence_classification", heads.get("sequence_classification").title, cls,
               f"{pooler} → classifier {h}→{labels('sequence_classification')} → softmax (or sigmoid)",
               f"[1, {labels('sequence_classification')}]"),
        Branch("next_sentence", heads.get("next_sentence").title, cls,
               f"{pooler} → NSP layer {h}→2 → softmax (index 0 = B continues A)", "[1, 2]"),
        Branch("multiple_choice", heads.get("multiple_choice").title, f"each choice's h_[CLS]: [C, {h}]",
               f"{pooler} → one score each ({h}→1) → softmax across the C choices", "[1, C]"),
        Branch("token_classification", heads.get("token_classification").title, every,
               f"classifier {h}→{labels('token_classification')} on every token → softmax per token",
               f"[1, T, {labels('token_classification')}]"),
        Branch("question_answering", heads.get("question_answering").title, every,
               f"qa_outputs {h}→2 on every token: a start and an end logit → softmax over positions",
               "[1, T] start, [1, T] end"),
        Branch("masked_lm", heads.get("masked_lm").title, every,
               f"transform (dense + gelu + LayerNorm) → decoder {h}→{v}, tied to the input embeddings",
               f"[1, T, {v}]"),
        Branch("pretraining", heads.get("pretraining").title, f"{cls} and {every}",
               "the masked-LM and NSP heads above, in one pass; loss = MLM loss + NSP loss",
               f"[1, T, {v}] and [1, 2]"),
    )
    return BertMap(
        checkpoint=checkpoint or heads.EMBEDDED_DEFAULT, model_type=config.model_type, vocabulary=v, hidden=h,
        layers=config.num_hidden_layers, attention_heads=config.num_attention_heads,
        max_positions=config.max_position_embeddings, branches=branches,
    )
