"""Any input to any core entry point: a result, or a clear ExplorerError. Never anything else."""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bert_explorer.errors import ExplorerError
from bert_explorer.loading import load_model
from bert_explorer.tasks import (
    masked_lm,
    multiple_choice,
    next_sentence,
    pretraining,
    question_answering,
    sequence_classification,
    token_classification,
)

FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
texts = st.one_of(
    st.text(max_size=120),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
    st.sampled_from(["", " ", "\n\t", "\x00\x01\x7f", "😀🤖 電影 ✓", "[MASK]", "[MASK] [MASK] [MASK]",
                     "[SEP] [CLS] [PAD]", "a" * 5000]),
)
LONG = "word " * 20_000  # 100,000 characters


@pytest.fixture(scope="module")
def models(checkpoints):
    return {
        "seq": load_model(str(checkpoints["bert-seq"]), "sequence_classification"),
        "ner": load_model(str(checkpoints["bert-ner"]), "token_classification"),
        "qa": load_model(str(checkpoints["bert-qa"]), "question_answering"),
        "mc": load_model(str(checkpoints["bert-mc"]), "multiple_choice"),
        "nsp": load_model(str(checkpoints["bert-pretraining"]), "next_sentence"),
        "mlm": load_model(str(checkpoints["bert-pretraining"]), "masked_lm"),
        "pre": load_model(str(checkpoints["bert-pretraining"]), "pretraining"),
    }


def survives(call):
    """The call returns, or refuses with a message written for the user."""
    try:
        return call()
    except ExplorerError as error:
        assert str(error).strip()
        return None


@FUZZ
@given(text=texts, pair=st.one_of(st.none(), texts))
@example(text=LONG, pair=None)
def test_sequence_classification(models, text, pair):
    survives(lambda: sequence_classification.classify(models["seq"], text, pair))


@FUZZ
@given(text=texts, gold=st.text(max_size=40))
@example(text=LONG, gold="O")
def test_token_classification(models, text, gold):
    result = survives(lambda: token_classification.tag(models["ner"], text))
    if result is not None:
        survives(lambda: token_classification.token_loss(result, token_classification.parse_gold_tags(result, gold)))


@FUZZ
@given(question=texts, context=texts, gold=texts)
@example(question="where", context=LONG, gold="word")
@example(question=LONG, context="paris is in france", gold="paris")
def test_question_answering(models, question, context, gold):
    result = survives(lambda: question_answering.answer(models["qa"], question, context))
    if result is not None:
        survives(lambda: question_answering.gold_span_loss(result, gold))


@FUZZ
@given(prompt=texts, choices=st.lists(texts, max_size=10))
@example(prompt="the film", choices=["good", "good", "good"])
def test_multiple_choice(models, prompt, choices):
    survives(lambda: multiple_choice.choose(models["mc"], prompt, choices))


@FUZZ
@given(a=texts, b=texts)
def test_next_sentence(models, a, b):
    survives(lambda: next_sentence.predict_next(models["nsp"], a, b))


@FUZZ
@given(text=texts, words=st.lists(st.text(max_size=12), max_size=4))
@example(text="[MASK] " * 200, words=["a"])
@example(text=LONG + "[MASK]", words=["a"])
def test_masked_lm(models, text, words):
    result = survives(lambda: masked_lm.fill(models["mlm"], text))
    if result is not None:
        survives(lambda: masked_lm.masked_loss(models["mlm"], result, words))
        survives(lambda: masked_lm.score_tokens(models["mlm"], result.masks[0], words))


@FUZZ
@given(a=texts, b=texts, words=st.lists(st.text(max_size=12), max_size=3), label=st.integers(-3, 3))
def test_pretraining(models, a, b, words, label):
    result = survives(lambda: pretraining.pretrain(models["pre"], a, b))
    if result is not None:
        survives(lambda: pretraining.pretraining_loss(models["pre"], result, words, label))
