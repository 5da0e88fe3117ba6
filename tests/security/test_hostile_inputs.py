"""What a student can type or put in a shared link: every message shows it as typed (no link, image, emphasis
or strike-through forms from it), no message shows an exception's text or a server path, and the page stays
usable."""

import pytest
from markdown_it import MarkdownIt

from app_helpers import assert_no_exception, open_page
from bert_explorer import heads

# GitHub-flavoured enough: Streamlit renders messages as Markdown with strike-through.
MARKDOWN = MarkdownIt("commonmark").enable("strikethrough")
FORMATTING = ("<a ", "<img", "<strong", "<em>", "<del>", "<s>", "<code>", "<h1", "<h2")
HOSTILE = {
    "link": "**Server maintenance: re-enter your password at** [sso.example.edu](https://example.com/login)",
    "image": "![t](https://example.com/pixel.png)",
    "strike": "~~/.cache/huggingface~~",
    "script": "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "long": "A" * 3000,
    "nul": "bad\x00name",
    "rtl and emoji": "\u202emodel\u202c 🤖 `tick`",
}
SERVER_PATHS = ("/etc", "/root", "/tmp", "/work", "site-packages", "Errno", "Traceback")


def rendered_messages(app) -> list[str]:
    """The error and warning boxes as the browser would render their Markdown."""
    return [MARKDOWN.render(element.value) for kind in ("error", "warning") for element in getattr(app, kind)]


def assert_shown_as_text(app, typed: str = "") -> None:
    for html in rendered_messages(app):
        assert not any(tag in html for tag in FORMATTING), html
        assert not any(path in html.replace(typed, "") for path in SERVER_PATHS), html  # beyond the user's own text
        assert len(html) < 2000, "a 3,000-character input is shortened"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_checkpoint_in_a_link_is_shown_as_text(name):
    app = open_page(heads.get("sequence_classification").page, checkpoint=HOSTILE[name])
    assert_no_exception(app)
    assert any("Could not load" in e.value for e in app.error)
    assert_shown_as_text(app)


@pytest.mark.parametrize("checkpoint", ["/etc", "/etc/passwd", "/nonexistent/folder", "~/.cache"])
def test_a_server_path_gets_a_plain_cause_without_the_servers_words(checkpoint):
    app = open_page(heads.get("sequence_classification").page, checkpoint=checkpoint)
    assert_no_exception(app)
    errors = [e.value for e in app.error]
    server_words = ("instantiate", "JSON", "no file named", "Errno", "OSError")
    assert errors and not any(word in e for e in errors for word in server_words), errors
    assert_shown_as_text(app, checkpoint)


def test_the_home_map_of_a_hostile_checkpoint_is_refused_as_text():
    app = open_page("pages/home.py", checkpoint=HOSTILE["link"])
    assert_no_exception(app)
    assert any("Could not read the config" in e.value for e in app.error)
    assert_shown_as_text(app)


def test_a_hostile_url_setting_is_named_as_text(checkpoints):
    app = open_page(heads.get("sequence_classification").page, checkpoint=checkpoints["bert-seq"],
                    seq_why_method=HOSTILE["link"])
    assert_no_exception(app)
    assert any("method" in w.value for w in app.warning)
    assert_shown_as_text(app)


ODD_TEXT = "<script>alert(1)</script> **bold** [link](https://example.com) \u202eevil\u202c 🤖 [MASK] " + "word " * 600
# Every input box of every head page (from the registry) and the gold boxes, with the tiny checkpoint that page
# runs on here.
CHECKPOINT_FOR = {"sequence_classification": "bert-seq", "token_classification": "bert-ner",
                  "question_answering": "bert-qa", "multiple_choice": "bert-mc"}
GOLD_BOXES = {"token_classification": "gold_tags", "question_answering": "gold_answer", "masked_lm": "gold_words",
              "pretraining": "gold_words"}
TEXT_BOXES = [(name, CHECKPOINT_FOR.get(name, "bert-pretraining"), head.param(box))
              for name, head in heads.HEADS.items()
              for box in (*head.inputs, *([GOLD_BOXES[name]] if name in GOLD_BOXES else []))]


@pytest.mark.parametrize("head, checkpoint, box", TEXT_BOXES, ids=[box for *_, box in TEXT_BOXES])
def test_odd_text_in_every_text_box_is_read_as_text(checkpoints, head, checkpoint, box):
    app = open_page(heads.get(head).page, checkpoint=checkpoints[checkpoint], **{box: ODD_TEXT})
    assert_no_exception(app)
    assert_shown_as_text(app, ODD_TEXT)
    assert not any(tag in str(getattr(element, "value", "")) for element in app.markdown
                   for tag in ("<script", "<a href=\"https://example.com")), "typed HTML reached the page as HTML"
    assert app.session_state[box] == ODD_TEXT, "the text reached its box as typed"
    assert app.error or app.warning or app.get("plotly_chart"), "the page answered"


# Values no widget offers, put in a shared link: each page falls back to what it can show and says so plainly.
def out_of_range(key: str) -> dict[str, str]:
    return {f"{key}_layer": "999", f"{key}_head": "-3", f"{key}_gold": "99", f"{key}_temperature": "-5",
            f"{key}_steps": "1000000000", f"{key}_method": "rm -rf", f"{key}_baseline": "\x00",
            f"{key}_rule": "<b>x</b>", "dtype": "float128", "device": "tpu:9", "compare": "maybe"}


@pytest.mark.parametrize("head", sorted(heads.HEADS))
def test_out_of_range_url_values_leave_every_page_working(checkpoints, head):
    checkpoint = CHECKPOINT_FOR.get(head, "bert-pretraining")
    app = open_page(heads.get(head).page, checkpoint=checkpoints[checkpoint], **out_of_range(heads.get(head).key))
    assert_no_exception(app)
    assert_shown_as_text(app)
    assert app.get("plotly_chart"), "the page still draws its charts"
