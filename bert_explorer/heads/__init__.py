"""The heads the app explains, each declared once, in its own module here.

Everything that lists or describes heads reads this registry: model loading, the checkpoint suggestions, the
navigation, the pages and their URL parameters, lesson mode, the home page's map, the Evaluate page, the bench
and the zoo cards. A head's `name` is its only spelling (see `Head`). Adding a head adds its module here and one
line to `_HEADS`.
"""

from . import (
    masked_lm,
    multiple_choice,
    next_sentence,
    pretraining,
    question_answering,
    sequence_classification,
    token_classification,
)
from .head import CONLL_2003_TAGS, EMBEDDED_DEFAULT, REAL_BERT, Head, LessonStep, MapBranch, Suggestion

__all__ = ["CONLL_2003_TAGS", "EMBEDDED_DEFAULT", "HEADS", "REAL_BERT", "Head", "LessonStep", "MapBranch",
           "Suggestion", "get", "evaluated", "for_class"]

_HEADS = (
    sequence_classification.HEAD,
    token_classification.HEAD,
    question_answering.HEAD,
    multiple_choice.HEAD,
    next_sentence.HEAD,
    masked_lm.HEAD,
    pretraining.HEAD,
)

HEADS: dict[str, Head] = {head.name: head for head in _HEADS}


def get(name: str) -> Head:
    try:
        return HEADS[name]
    except KeyError:
        raise KeyError(f"Unknown head '{name}'; the heads are {', '.join(HEADS)}.") from None


def for_class(class_name: str) -> str | None:
    """The head a transformers class implements (BertForMaskedLM: masked_lm; BertForPreTraining: pretraining), or
    None for a class no page explains (a bare BertModel, say)."""
    for head in _HEADS:
        suffix = head.model_class.removeprefix("AutoModel")
        if class_name == head.model_class or (head.model_class.startswith("AutoModel") and class_name.endswith(suffix)):
            return head.name
    return None


def evaluated() -> tuple[Head, ...]:
    """The heads the Evaluate page scores, in navigation order."""
    return tuple(head for head in _HEADS if head.evaluation is not None)
