import pytest

from bert_explorer.glossary import TERMS, help_for

# The terms a learner meets on the pages: each must have one definition.
TAUGHT = ["logit", "softmax", "sigmoid", "cross-entropy", "pooler", "[CLS]", "attention head", "−100", "id2label",
          "temperature"]


def test_every_taught_term_has_one_definition():
    assert set(TAUGHT) <= set(TERMS)
    assert all(len(TERMS[term]) > 40 for term in TAUGHT)


def test_a_tooltip_names_each_term_with_its_definition():
    tooltip = help_for("logit", "−100")
    assert tooltip.startswith("**logit**: ") and f"**−100**: {TERMS['−100']}" in tooltip


def test_an_unknown_term_is_a_programming_error():
    with pytest.raises(KeyError):
        help_for("logits")
