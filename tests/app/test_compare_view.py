"""Two checkpoints on one page: each reads the input with its own tokenizer; the side-by-side numbers are each
model's own, matched by name; incomparable heads get a message; the pickers never rerun a model."""

import numpy as np
import pytest

from app_helpers import assert_no_exception, cached_model, charts_by_title, open_page
from bert_explorer import checkpoints as known
from bert_explorer import heads
from bert_explorer.loading import load_model
from bert_explorer.tasks.sequence_classification import classify
from harness.plotly_data import trace
from tolerance import assert_float32_close

TEXT = "the film was a delight"
ZOO = heads.get("sequence_classification").default_checkpoint


def test_a_tiny_head_against_the_zoo_head_is_matched_by_label_name(checkpoints, forward_calls):
    text = "the film was a masterpiece"  # not in the tiny vocabulary: the two tokenizers disagree
    app = open_page("pages/sequence_classification.py", checkpoint=checkpoints["bert-seq"], seq_text=text,
                    compare="true", checkpoint_b=known.display_name(ZOO))
    assert_no_exception(app)
    a = classify(load_model(str(checkpoints["bert-seq"]), "sequence_classification"), text)
    zoo = load_model(ZOO, "sequence_classification")
    b = classify(zoo, text)
    assert a.encoding.tokens != b.encoding.tokens
    rows = [zoo.label_names.index("negative"), zoo.label_names.index("positive")]
    charts = charts_by_title(app)
    logits = charts["Logits, A and B"]
    assert list(trace(logits, 0)["x"]) == ["NEGATIVE", "POSITIVE"]
    np.testing.assert_allclose(trace(logits, 0)["y"], a.logits[[0, 2]], rtol=1e-6)
    np.testing.assert_allclose(trace(logits, 1)["y"], b.logits[rows], rtol=1e-6)
    np.testing.assert_allclose(trace(charts["Cross-entropy if gold = k, A and B"], 1)["y"],
                               b.loss_per_gold[rows], rtol=1e-5)
    assert any("Only A has 1" in c.value for c in app.caption)  # NEUTRAL has no counterpart
    assert any("not subtracted" in c.value for c in app.caption)  # two tokenizers

    calls_a = forward_calls(cached_model(str(checkpoints["bert-seq"]), "sequence_classification").model)
    calls_b = forward_calls(cached_model(ZOO, "sequence_classification").model)
    app.selectbox(key="seq_compare_layer").select(2).run()
    assert_no_exception(app)
    assert calls_a["n"] == calls_b["n"] == 0
    assert_float32_close(trace(charts_by_title(app)["B: layer 2, head 1"])["z"], b.attention.weights[1][0])


def test_heads_that_share_no_label_are_refused_with_a_message(checkpoints):
    app = open_page("pages/sequence_classification.py", checkpoint=checkpoints["bert-seq"], seq_text=TEXT,
                    compare="true", checkpoint_b=known.display_name(known.EMBEDDED_DEFAULT))
    assert_no_exception(app)
    assert any("share no name" in e.value for e in app.error)


def test_the_same_tokenizer_gives_an_attention_difference(checkpoints):
    from bert_explorer.tasks.token_classification import tag

    checkpoint = str(checkpoints["bert-ner"])
    app = open_page("pages/token_classification.py", checkpoint=checkpoint, ner_text="zorba visited paris",
                    compare="true", checkpoint_b=checkpoint)
    assert_no_exception(app)
    result = tag(load_model(checkpoint, "token_classification"), "zorba visited paris")
    assert {m.label: m.value for m in app.metric}["A and B agree on"] == f"{len(result.words)} of {len(result.words)}"
    np.testing.assert_allclose(trace(charts_by_title(app)["B − A"])["z"], 0.0)


@pytest.mark.parametrize("page, checkpoint, query", [
    ("question_answering", "bert-qa", {"qa_question": "where is paris", "qa_context": "paris is in france"}),
    ("multiple_choice", "bert-mc", {"mc_prompt": "the film was", "mc_choices": "good\nbad"}),
    ("next_sentence", "bert-pretraining", {"nsp_a": "the film was good", "nsp_b": "i loved it"}),
    ("masked_lm", "bert-pretraining", {"mlm_text": "the [MASK] was good"}),
    ("pretraining", "bert-pretraining", {"pt_a": "the [MASK] was good", "pt_b": "i loved it"}),
])
def test_every_head_page_compares(checkpoints, page, checkpoint, query):
    path = str(checkpoints[checkpoint])
    app = open_page(f"pages/{page}.py", checkpoint=path, compare="true", checkpoint_b=path, **query)
    assert_no_exception(app)
    assert any(h.value == "Two checkpoints, one input" for h in app.subheader)
    assert "Probabilities, A and B" in charts_by_title(app)
    assert not app.error
