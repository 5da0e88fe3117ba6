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
    h, v = config.hidden_size, config.vocab_size
    shared = {"h": h, "v": v, "cls": f"h_[CLS] ∈ ℝ^{h} (the first token of the last layer)",
              "every": f"every token's h ∈ ℝ^{h}: [1, T, {h}]", "pooler": f"pooler: tanh(W_p·h + b_p), W_p {h}×{h}"}

    def branch(head: heads.Head) -> Branch:
        templates = (head.map.reads, head.map.does, head.map.output)
        names = dict(shared)
        if any("{labels}" in template for template in templates):
            names["labels"] = (config if checkpoint else config_of(head.default_checkpoint)).num_labels
        reads, does, output = (template.format(**names) for template in templates)
        return Branch(head.name, head.title, reads, does, output)

    return BertMap(
        checkpoint=checkpoint or heads.EMBEDDED_DEFAULT, model_type=config.model_type, vocabulary=v, hidden=h,
        layers=config.num_hidden_layers, attention_heads=config.num_attention_heads,
        max_positions=config.max_position_embeddings, branches=tuple(branch(head) for head in heads.HEADS.values()),
    )
