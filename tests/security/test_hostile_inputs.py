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
