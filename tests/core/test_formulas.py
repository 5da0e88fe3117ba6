"""Each formula writes out numbers the model itself produces: checked against the model's own
outputs and losses (labels passed to its forward) and against torch's functions."""

import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from transformers import AutoTokenizer

from bert_explorer import formulas
from bert_explorer.loading import load_model
from bert_explorer.tasks.masked_lm import fill, predicted_loss
from bert_explorer.tasks.question_answering import answer, span_loss
from bert_explorer.tasks.sequence_classification import classify
from bert_explorer.tasks.token_classification import tag, token_loss
from tolerance import shown_close

TEXT = "the film was a delight"


def numbers(latex: str) -> list[float]:
    """The decimal numbers a formula shows, in order (integers are indices and counts)."""
    return [float(x) for x in re.findall(r"-?\d+\.\d+", latex)]


def model_outputs(checkpoint, head, *texts, **labels):
    model = load_model(str(checkpoint), head).model
    inputs = AutoTokenizer.from_pretrained(str(checkpoint))(*texts, return_tensors="pt")
    with torch.no_grad():
        return model, inputs, model(**inputs, **labels, output_hidden_states=True)


@pytest.fixture(scope="module")
def classified(checkpoints):
    return classify(load_model(str(checkpoints["bert-seq"]), "sequence_classification"), TEXT)


def test_softmax_and_cross_entropy_carry_the_models_numbers(checkpoints, classified):
    _, _, outputs = model_outputs(checkpoints["bert-seq"], "sequence_classification", TEXT)
    logits = outputs.logits[0]
    for k in range(3):
        shown = numbers(formulas.softmax(classified.logits, classified.probabilities, k))
        assert shown[0] == shown_close(logits[k], 4)
        assert shown[1:4] == [shown_close(z, 4) for z in logits]
        assert shown[4] == shown_close(logits.softmax(-1)[k].item(), 6, logits)
        loss = numbers(formulas.cross_entropy(classified.probabilities[k], classified.loss_per_gold[k], k))
        assert loss[1] == shown_close(F.cross_entropy(logits[None], torch.tensor([k])).item(), 6, logits)


def test_a_long_softmax_sum_is_elided_but_keeps_its_ends():
    logits = np.arange(12, dtype=np.float32) / 10
    latex = formulas.softmax(logits, np.exp(logits) / np.exp(logits).sum(), 11)
    assert r"\cdots" in latex
    assert numbers(latex)[1:6] == pytest.approx([0.0, 0.1, 0.2, 1.0, 1.1])


def test_the_logit_is_the_weight_row_dot_the_pooler_plus_the_bias(checkpoints, classified):
    model, _, outputs = model_outputs(checkpoints["bert-seq"], "sequence_classification", TEXT)
    pooled = model.bert.pooler(outputs.hidden_states[-1])[0]
    weight, bias = model.classifier.weight.detach(), model.classifier.bias.detach()
    for k in range(3):
        product, shown_bias, value = numbers(formulas.logit(k, *classified.by_hand.terms(k), vector="x"))
        terms = (weight[k] * pooled).abs().sum().item()  # the size of what the dot product adds up
        assert product == shown_close(torch.dot(weight[k], pooled).item(), 4, terms)
        assert shown_bias == shown_close(bias[k].item(), 4)
        assert value == shown_close(outputs.logits[0, k].item(), 4, terms)


def test_the_pooler_formula_carries_the_norms_on_the_way(checkpoints, classified):
    model, _, outputs = model_outputs(checkpoints["bert-seq"], "sequence_classification", TEXT)
    h = outputs.hidden_states[-1][0, 0]
    pooler = classified.pooler
    latex = formulas.pooler(pooler.activation, pooler.cls_norm, pooler.pre_activation_norm, pooler.pooler_norm)
    dense = model.bert.pooler.dense(h)
    expected = [h.norm().item(), dense.norm().item(), torch.tanh(dense).norm().item()]
    assert numbers(latex) == [shown_close(norm, 4) for norm in expected]


def test_the_token_loss_formula_averages_what_the_model_averages(checkpoints):
    loaded = load_model(str(checkpoints["bert-ner"]), "token_classification")
    result = tag(loaded, "zorba is in paris.")
    loss = token_loss(result, result.word_predictions)
    latex = formulas.mean_loss(loss.active, loss.mean, formulas.ACTIVE_TOKENS)
    assert r"\frac{1}{5}" in latex  # five words; special tokens and later sub-words are −100
    _, _, outputs = model_outputs(checkpoints["bert-ner"], "token_classification", "zorba is in paris.",
                                  labels=torch.from_numpy(loss.labels)[None])
    *terms, mean = numbers(latex)
    assert mean == shown_close(outputs.loss.item(), 6, outputs.logits)
    assert sum(terms) / 5 == shown_close(outputs.loss.item(), 4, outputs.logits)  # each term within half a unit


def test_the_span_loss_formula_is_the_models_qa_loss(checkpoints):
    loaded = load_model(str(checkpoints["bert-qa"]), "question_answering")
    result = answer(loaded, "where is it?", "it is in paris and the film was good.")
    loss = span_loss(result, 0, result.best.start, result.best.end)
    _, _, outputs = model_outputs(checkpoints["bert-qa"], "question_answering", "where is it?",
                                  "it is in paris and the film was good.",
                                  start_positions=torch.tensor([loss.start]), end_positions=torch.tensor([loss.end]))
    start, end, total = numbers(formulas.span_loss(loss.start_loss, loss.end_loss, loss.total))
    assert total == shown_close(outputs.loss.item(), 6, outputs.start_logits, outputs.end_logits)
    assert (start + end) / 2 == shown_close(outputs.loss.item(), 4, outputs.start_logits, outputs.end_logits)


def test_the_masked_lm_formula_is_the_models_mlm_loss_for_its_own_top_tokens(checkpoints):
    loaded = load_model(str(checkpoints["bert-pretraining"]), "masked_lm")
    text = "the [MASK] was a [MASK]"
    result = fill(loaded, text)
    loss = predicted_loss(result)
    _, _, outputs = model_outputs(checkpoints["bert-pretraining"], "masked_lm", text,
                                  labels=torch.from_numpy(loss.labels)[None])
    *terms, mean = numbers(formulas.mean_loss(loss.per_mask, loss.mean, formulas.MASKS))
    assert len(terms) == 2
    assert mean == shown_close(outputs.loss.item(), 6, outputs.logits)
    assert list(loss.labels[loss.labels != -100]) == [int(m.top_ids[0]) for m in result.masks]


def test_the_pretraining_total_is_the_sum_it_shows():
    assert numbers(formulas.total_loss(1.25, 0.5, 1.75)) == [1.25, 0.5, 1.75]


def test_every_formula_is_ascii_latex():
    """KaTeX draws a formula with some Unicode (such as −) as a red parse error; the browser test checks
    that none appears on a page."""
    written = [
        formulas.softmax(np.array([1.0, -2.0]), np.array([0.95, 0.05]), 0),
        formulas.cross_entropy(0.95, 0.0513, 0),
        formulas.logit(1, 0.5, -0.25, 0.25, "x"),
        formulas.pooler("gelu_new", 1.0, 2.0, 3.0),
        formulas.mean_loss(np.array([0.1, 0.2]), 0.15, formulas.ACTIVE_TOKENS),
        formulas.mean_loss(np.array([0.1]), 0.1, formulas.MASKS),
        formulas.span_loss(0.1, 0.3, 0.2),
        formulas.total_loss(1.0, 0.5, 1.5),
    ]
    assert all(latex.isascii() for latex in written)
    assert r"\operatorname{gelu\_new}" in written[3]
