"""The story on the first screen: after a submit, each head page's story charts lie inside the first viewport,
at a projector's 1024×768 with the sidebar collapsed and at 1400×900, and nothing overflows sideways."""

import pytest

from bert_explorer.heads import HEADS
from harness.browser import OVERFLOW_JS, TITLE_JS, collapse_sidebar, new_tab, wait_for_chart, wait_until_drawn

# The charts that tell each head's story (the rest of a page opens on request).
STORY = {
    "sequence_classification": ["Logits (index → id2label)", "softmax(logits)", "Cross-entropy if gold = k"],
    "next_sentence": ["NSP logits (index → meaning)", "softmax(NSP logits)", "Cross-entropy if gold = k"],
    "multiple_choice": ["Score of each choice (logits)", "softmax across the choices", "Cross-entropy if gold = k"],
    "token_classification": ["Logits", "softmax per token"],
    "question_answering": ["Start and end logits"],
    "masked_lm": ["Top 10 at mask 1 (token 4)"],
    "pretraining": ["Top 10 at mask 1 (token 5)"],
}
SIZES = [(1024, 768), (1400, 900)]

PLACES_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(plot => {
    const box = plot.getBoundingClientRect();
    return {title: """ + TITLE_JS + """(plot), top: box.top, bottom: box.bottom, left: box.left, right: box.right};
})"""


@pytest.fixture(scope="module", params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def sized(request, browser):
    """One browser context per size: its HTTP cache keeps Streamlit's scripts after the first page."""
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    yield context
    context.close()


@pytest.fixture
def screen(sized):
    with new_tab(sized) as tab:
        yield tab


@pytest.mark.parametrize("head", list(STORY))
def test_the_story_is_on_the_first_screen(server, screen, head, tmp_path):
    screen.goto(f"{server}/{HEADS[head].name}")  # a head's name is its page's URL path
    wait_until_drawn(screen)
    if screen.viewport_size["width"] < 1200:
        collapse_sidebar(screen)
    screen.get_by_role("button", name="Run the model").click()
    wait_until_drawn(screen)
    for title in STORY[head]:
        wait_for_chart(screen, title)
    screen.wait_for_timeout(300)  # the collapsed sidebar's and the charts' last resize
    screen.screenshot(path=str(tmp_path / f"{head}.png"))
    size = screen.viewport_size
    places = {place["title"]: place for place in screen.evaluate(PLACES_JS)}
    for title in STORY[head]:
        box = places[title]
        assert box["top"] >= 0 and box["bottom"] <= size["height"], (title, box, size, tmp_path)
        assert box["left"] >= 0 and box["right"] <= size["width"], (title, box, size, tmp_path)
    assert screen.evaluate(OVERFLOW_JS) == [0, 0], tmp_path
