"""Heavy views are built only when opened, or drawn downsampled with the page saying so."""

import numpy as np
import pytest

from app_helpers import assert_no_exception, cached_model, charts_by_title, open_page
from bert_explorer import figures
from bert_explorer.loading import load_model
from bert_explorer.tasks.masked_lm import fill
from components.head_views import question_answering_view
from harness.plotly_data import trace

BIAS = "The decoder's own bias, one value per vocabulary token"
SPAN_MAP = "Span score (start × end), valid spans only"


@pytest.fixture
def built(monkeypatch):
    """Titles of the line and heatmap figures the pages build."""
    titles = []
    for name, title_at in (("lines", 1), ("heatmap", 3)):  # where each builder takes its title

        def counting(*args, _original=getattr(figures, name), _at=title_at, **kwargs):
            titles.append(kwargs["title"] if "title" in kwargs else args[_at])
            return _original(*args, **kwargs)

        monkeypatch.setattr(figures, name, counting)
    return titles


def test_the_decoder_bias_is_built_only_when_switched_on(checkpoints, built):
    app = open_page("pages/masked_lm.py", checkpoint=str(checkpoints["bert-pretraining"]),
                    mlm_text="the [MASK] was good")
    assert_no_exception(app)
    assert BIAS not in built and BIAS not in charts_by_title(app)
    app.toggle(key="mlm_show_bias").set_value(True).run()
    assert built.count(BIAS) == 1 and BIAS in charts_by_title(app)


def test_the_whole_vocabulary_curve_is_drawn_at_log_spaced_ranks(checkpoints):
    checkpoint = str(checkpoints["bert-pretraining"])
    app = open_page("pages/masked_lm.py", checkpoint=checkpoint, mlm_text="the [MASK] was good")
    model = load_model(checkpoint, "masked_lm")
    prediction = fill(model, "the [MASK] was good").masks[0]
    curve = next(chart for title, chart in charts_by_title(app).items() if title.startswith("Whole vocabulary"))
    drawn = trace(curve)
    ranks = np.asarray(drawn["x"], dtype=int)
    np.testing.assert_allclose(drawn["y"], np.sort(prediction.probabilities)[::-1][ranks - 1], rtol=1e-6)
    assert ranks[0] == 1 and ranks[-1] == len(prediction.probabilities)
    assert any("log-spaced ranks" in c.value for c in app.caption)


def test_a_long_context_s_span_map_waits_to_be_opened(checkpoints, built, monkeypatch):
    monkeypatch.setattr(question_answering_view, "SPAN_MAP_OPEN_UP_TO", 8)  # the tiny checkpoint's windows are short
    context = "paris is a city in france and it is large ."
    app = open_page("pages/question_answering.py", checkpoint=str(checkpoints["bert-qa"]),
                    qa_question="where is paris", qa_context=context)
    assert_no_exception(app)
    assert SPAN_MAP not in built
    app.toggle(key="qa_show_span_map").set_value(True).run()
    assert built.count(SPAN_MAP) == 1 and SPAN_MAP in charts_by_title(app)


def test_a_short_context_s_span_map_is_drawn_at_once(checkpoints, built):
    app = open_page("pages/question_answering.py", checkpoint=str(checkpoints["bert-qa"]),
                    qa_question="where is paris", qa_context="paris is in france.")
    assert SPAN_MAP in built and SPAN_MAP in charts_by_title(app)


def test_a_first_visit_draws_the_story_and_runs_no_closed_section(checkpoints, forward_calls):
    checkpoint = str(checkpoints["bert-pretraining"])
    pair = {"checkpoint": checkpoint, "nsp_a": "the storm hit the city", "nsp_b": "crews restored the power"}
    first = open_page("pages/next_sentence.py", sections=False, **pair)
    assert_no_exception(first)
    assert set(charts_by_title(first)) == {"NSP logits (index → meaning)", "softmax(NSP logits)",
                                           "Cross-entropy if gold = k"}
    assert not first.get("bidi_component") and not first.latex and not first.dataframe  # attention, formulas, tables
    calls = forward_calls(cached_model(checkpoint, "next_sentence").model)
    assert_no_exception(open_page("pages/next_sentence.py", sections=False, **pair))
    assert calls["n"] == 0  # the same input: its result is remembered, and no closed section runs a model
    opened = open_page("pages/next_sentence.py", sections=False, nsp_open_random_b="true", **pair)
    assert_no_exception(opened)
    assert calls["n"] == 1 and "softmax(NSP logits) for both pairs" in charts_by_title(opened)


def test_a_link_opens_the_sections_it_names_and_only_those(checkpoints):
    app = open_page("pages/sequence_classification.py", sections=False, checkpoint=str(checkpoints["bert-seq"]),
                    seq_text="the film was a delight", seq_open_pooler="true")
    assert_no_exception(app)
    assert [h.value for h in app.subheader] == ["Pooler output vs [CLS] hidden state"]
    assert [e.proto.expanded for e in app.expander if e.label.startswith("Pooler output")] == [True]


def test_a_first_visit_imports_no_library_only_a_closed_section_uses():
    """Captum (Why), scikit-learn and seqeval (Evaluate) load when their section or page is opened, not on the way
    to a head page's first screen: a fresh process, as a server's first visitor finds it."""
    import subprocess
    import sys

    from harness.server import ROOT

    script = ("import sys; from app_helpers import open_page, assert_no_exception; "
              "app = open_page('pages/sequence_classification.py', sections=False); assert_no_exception(app); "
              "print(sorted(m for m in ('captum', 'sklearn', 'seqeval') if m in sys.modules))")
    env = {"PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}", "BERT_EXPLORER_PUBLIC": "0", "HF_HUB_OFFLINE": "1",
           "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
