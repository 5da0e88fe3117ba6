

import numpy as np
import pytest
import torch
from transformers import AutoTokenizer

from app_helpers import strict_json
from bert_explorer.errors import InputError
from bert_explorer.export import to_json
from bert_explorer.loading import load_model
from bert_explorer.tasks.question_answering import answer, gold_span_loss, shortest_runner_up, span_scores, spans_table
from tolerance import assert_float32_close, float32_close

QUESTION = "where is paris"
CONTEXT = "paris is the capital city of france. london is a city on a river."


@pytest.fixture(scope="module")
def loaded(checkpoints):
    return load_model(str(checkpoints["bert-qa"]), "question_answering")


@pytest.fixture(scope="module")
def result(loaded):
    return answer(loaded, QUESTION, CONTEXT)


def reference(checkpoint, **positions):
    model = load_model(str(checkpoint), "question_answering").model
    inputs = AutoTokenizer.from_pretrained(str(checkpoint))(QUESTION, CONTEXT, return_tensors="pt")
    with torch.no_grad():
        return model(**inputs, **positions)


def test_start_and_end_logits_are_the_models_own(checkpoints, result):
    outputs = reference(checkpoints["bert-qa"])
    window = result.windows[0]
    assert len(result.windows) == 1
    assert_float32_close(window.start_logits, outputs.start_logits[0].numpy())
    assert_float32_close(window.end_logits, outputs.end_logits[0].numpy())
    logits = outputs.start_logits[0].numpy()
    assert_float32_close(window.start_probabilities, outputs.start_logits[0].softmax(-1).numpy(), logits)
    assert window.no_answer_score == float32_close(float(outputs.start_logits[0, 0] + outputs.end_logits[0, 0]),
                                                   logits, outputs.end_logits[0].numpy())


def test_the_best_span_is_the_best_valid_pair_by_brute_force(result):
    window = result.windows[0]
    best, where = -np.inf, None
    n = len(window.start_logits)
    for s in range(n):
        for e in range(s, min(n, s + 30)):
            if window.context_mask[s] and window.context_mask[e]:
                score = window.start_logits[s] + window.end_logits[e]
                if score > best:
                    best, where = score, (s, e)
    assert (result.best.start, result.best.end) == where
    assert result.best.score == float32_close(float(best))
    assert result.best.text == CONTEXT[result.best.char_start:result.best.char_end]
    assert result.best.text in CONTEXT
    assert [s.score for s in result.top_spans] == sorted((s.score for s in result.top_spans), reverse=True)
    assert len(spans_table(result)) == 5


def test_span_scores_mask_invalid_pairs():
    scores = span_scores(np.array([1.0, 2.0, 3.0]), np.array([0.5, 0.25, 0.0]), np.array([False, True, True]),
                         max_answer_tokens=2)
    assert np.isnan(scores[0]).all() and np.isnan(scores[:, 0]).all()
    assert np.isnan(scores[2, 1])  # end before start
    assert scores[1, 2] == pytest.approx(2.0) and scores[2, 2] == pytest.approx(3.0)


def test_gold_answer_loss_equals_the_models_own(checkpoints, result):
    loss = gold_span_loss(result, "france")
    tokens = result.encodings[0].tokens
    assert tokens[loss.start] == "france" and loss.start == loss.end
    outputs = reference(checkpoints["bert-qa"], start_positions=torch.tensor([loss.start]),
                        end_positions=torch.tensor([loss.end]))
    assert loss.total == float32_close(outputs.loss.item(), outputs.start_logits, outputs.end_logits)


@pytest.mark.parametrize("gold, message", [("berlin", "does not appear"), ("  ", "Type the gold answer")])
def test_a_gold_answer_outside_the_context_is_refused(result, gold, message):
    with pytest.raises(InputError, match=message):
        gold_span_loss(result, gold)


def test_a_long_context_is_read_in_overlapping_windows(loaded):
    long_context = " ".join(["the city is good."] * 30) + " paris is in france."
    result = answer(loaded, QUESTION, long_context)
    assert len(result.windows) > 1
    assert all(len(e.tokens) <= 64 for e in result.encodings)
    assert "windows" in result.encodings[0].notices[-1]
    loss = gold_span_loss(result, "france")
    assert loss.window == len(result.windows) - 1
    # each window alone gives the same logits as the batched run
    last = result.windows[-1]
    with torch.no_grad():
        alone = loaded.model(input_ids=torch.from_numpy(result.encodings[-1].input_ids)[None],
                             token_type_ids=torch.from_numpy(result.encodings[-1].token_type_ids)[None])
    assert_float32_close(last.start_logits, alone.start_logits[0].numpy())


def test_the_json_export_is_strict_and_says_what_null_means(loaded):
    result = answer(loaded, "where is paris", "paris is the capital city of france. " * 12)
    assert len(result.windows) > 1
    masked = sum(int(np.isnan(w.span_scores).sum()) for w in result.windows)
    assert masked > 0

    data = strict_json(to_json(result))
    assert "span not allowed" in data["null_means"]
    exported = data["windows"]
    assert sum(row.count(None) for w in exported for row in w["span_scores"]) == masked
    kept = np.array([[np.nan if v is None else v for v in row] for row in exported[0]["span_scores"]])
    np.testing.assert_array_equal(np.isnan(kept), np.isnan(result.windows[0].span_scores))
    np.testing.assert_allclose(np.nan_to_num(kept), np.nan_to_num(result.windows[0].span_scores), rtol=1e-6)


def test_each_span_carries_its_two_logits_and_the_product_of_the_two_softmaxes(result):
    for span in result.top_spans:
        window = result.windows[span.window]
        assert (span.start_logit, span.end_logit) == (window.start_logits[span.start], window.end_logits[span.end])
        assert span.score == float32_close(span.start_logit + span.end_logit)
        expected = torch.softmax(torch.from_numpy(window.start_logits), -1)[span.start] * torch.softmax(
            torch.from_numpy(window.end_logits), -1)[span.end]
        assert span.probability == float32_close(expected.item())
        assert span.length == span.end - span.start + 1
    rival = shortest_runner_up(result)
    assert rival is None or (rival.length < result.best.length and rival in result.top_spans[1:])
