"""The home page draws BERT's map from the config of the checkpoint in the URL."""

import transformers

from app_helpers import assert_no_exception, open_page
from bert_explorer.glossary import TERMS
from bert_explorer.heads import HEADS
from tiny import save_checkpoint, small_config


def dot_of(app) -> str:
    return app.get("graphviz_chart")[0].proto.spec


def test_two_checkpoints_of_different_sizes_draw_different_maps(checkpoints, tmp_path):
    wide = save_checkpoint(tmp_path / "wide", transformers.BertForMaskedLM,
                           small_config(hidden_size=48, num_hidden_layers=3, num_attention_heads=6))
    small = open_page("pages/home.py", checkpoint=checkpoints["bert-seq"])
    large = open_page("pages/home.py", checkpoint=wide)
    for app in (small, large):
        assert_no_exception(app)
    assert "[1, T, 32]" in dot_of(small) and "2 encoder layers" in dot_of(small)
    assert "[1, T, 48]" in dot_of(large) and "3 encoder layers" in dot_of(large)
    assert 'URL="/question_answering"' in dot_of(large)


def test_the_default_map_and_a_bad_checkpoint(tmp_path):
    default = open_page("pages/home.py")
    assert_no_exception(default)
    assert "[1, T, 384]" in dot_of(default)
    assert len(default.get("page_link")) >= 7 + 9  # the sidebar's links and one per head on the map
    broken = open_page("pages/home.py", checkpoint=tmp_path)
    assert_no_exception(broken)
    assert any("Could not read the config" in e.value for e in broken.error)


def test_the_glossary_defines_every_term(checkpoints):
    app = open_page("pages/home.py", checkpoint=checkpoints["bert-seq"])
    shown = "\n".join(m.value for m in app.markdown)
    assert all(f"**{term}**: {definition}" in shown for term, definition in TERMS.items())
    assert "?lesson=1" in shown


def test_the_sidebar_groups_the_heads_apart_from_the_tools():
    app = open_page("pages/home.py")
    assert_no_exception(app)
    groups, current = {}, None
    for node in app.sidebar:
        kind = type(node).__name__
        if kind == "Caption" and node.value in ("Heads", "Tools"):
            current = groups.setdefault(node.value, [])
        elif kind == "PageLink" and current is not None:
            current.append(node.label)
    assert groups["Heads"] == [head.title for head in HEADS.values()]
    assert groups["Tools"] == ["Evaluate", "Training", "Class"]
