"""Class modes in a real browser: predict-then-reveal clicked through, presenter mode at 1024×768, and the
link to this view reopening the same view."""

from urllib.parse import urlencode

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bert_explorer.guessing import reveal
from bert_explorer.loading import load_model
from bert_explorer.tasks.sequence_classification import classify
from components.services.share_link import BUTTONS
from harness.browser import (
    assert_no_horizontal_overflow,
    choose,
    collapse_sidebar,
    wait_for_chart,
    wait_for_values,
    wait_until_drawn,
    wait_until_idle,
)

TEXT = "the film was a delight"
LOGITS = "Logits (index → id2label)"


def address(server, checkpoints, **flags) -> str:
    query = {"checkpoint": str(checkpoints["bert-seq"]), "seq_text": TEXT, **flags}
    return f"{server}/sequence_classification?{urlencode(query)}"


def guess(tab, label: str, attempts: int = 3) -> None:
    """Pick a radio option, then Reveal. A rerun landing on first load (the app syncing the URL) can swallow a
    click, so the pick is repeated until the radio shows it."""
    option = tab.get_by_label(label, exact=True)
    for _ in range(attempts):
        tab.get_by_text(label, exact=True).click()
        try:
            tab.wait_for_function("e => e.checked", arg=option.element_handle(), timeout=5_000)
            break
        except PlaywrightTimeout:
            continue
    tab.get_by_role("button", name="Reveal").click()


def test_a_student_guesses_then_sees_the_model_s_answer_with_their_guess_marked(server, page, checkpoints):
    page.goto(address(server, checkpoints, guess=1))
    page.get_by_text("Your guess first").wait_for()
    assert page.locator(".js-plotly-plot").count() == 0
    guess(page, "NEGATIVE")
    model = load_model(str(checkpoints["bert-seq"]), "sequence_classification")
    result = classify(model, TEXT)
    wait_for_values(page, LOGITS, result.logits)
    expected = reveal(classify.question(model, result), "NEGATIVE")
    page.get_by_text(f"rank {expected.guess_rank} of 3").wait_for()
    wait_for_chart(page, "Your guess against the model (the labels)")
    assert page.locator(".annotation-text", has_text="your guess").count() == 1


def test_presenter_mode_fits_a_projector_in_larger_type(server, projector, checkpoints, tmp_path):
    projector.goto(address(server, checkpoints, presenter=1))
    projector.get_by_text("Lesson · step 1").wait_for()
    wait_until_drawn(projector)
    # The projector style arrives as its own element, which may land after the timing strip: wait for it.
    projector.wait_for_function("() => getComputedStyle(document.documentElement).fontSize === '21px'",
                                polling=100, timeout=15_000)
    assert projector.locator('[data-testid="stSidebar"][aria-expanded="true"]').count() == 0
    assert_no_horizontal_overflow(projector, tmp_path / "presenter.png")


def test_the_copied_link_is_the_view_now_even_after_a_change_inside_a_fragment(server, page, checkpoints,
                                                                            browser):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(address(server, checkpoints, seq_layer=2, seq_open_attention="true"))
    wait_for_chart(page, "Layer 2, head 1")
    choose(page, "Head", "3")  # a fragment rerun: the page above it is not redrawn
    wait_for_chart(page, "Layer 2, head 3")
    bar = page.frame_locator("iframe").first
    shown = bar.locator("#link")
    for _ in range(3):  # a click that lands before the bar's script has loaded does nothing: click again
        bar.get_by_role("button", name="Students' link").click()
        try:
            page.wait_for_function("e => e.value !== ''", arg=shown.element_handle(), timeout=5_000)
            break
        except PlaywrightTimeout:
            continue
    link = page.evaluate("() => navigator.clipboard.readText()")
    assert link == shown.input_value()
    assert link.startswith(f"{server}/sequence_classification?")
    assert "seq_attention_head=3" in link and "guess=1" in link
    other = browser.new_context().new_page()
    try:
        other.goto(link)
        other.get_by_text("Your guess first").wait_for()
        guess(other, "POSITIVE")
        wait_for_chart(other, "Layer 2, head 3")
    finally:
        other.context.close()


def test_the_link_bar_shows_every_button_whole_at_a_projectors_width(server, projector, checkpoints):
    projector.goto(address(server, checkpoints))
    wait_until_drawn(projector)
    frame = projector.locator("iframe").first
    bar = projector.frame_locator("iframe").first
    for _, label, _tip in BUTTONS:
        bar.get_by_role("button", name=label).wait_for()
    # The frame takes its content's height (the buttons wrap at this width): no clipping, and no blank band.
    projector.wait_for_function(
        "f => f.contentDocument"
        " && Math.abs(f.getBoundingClientRect().height - f.contentDocument.body.scrollHeight) < 1",
        arg=frame.element_handle(), polling=100)
    outer = frame.bounding_box()
    for _, label, _tip in BUTTONS:
        box = bar.get_by_role("button", name=label).bounding_box()  # in the page's coordinates
        assert box["y"] >= outer["y"] - 0.5 and box["y"] + box["height"] <= outer["y"] + outer["height"] + 0.5, label


def inside(tab, locator) -> bool:
    """Whether the element lies wholly inside the tab's first screen (Streamlit scrolls its main area: at the top)."""
    box, size = locator.bounding_box(), tab.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] \
        and box["x"] >= 0 and box["x"] + box["width"] <= size["width"]


def test_on_a_projector_the_guess_and_what_reveal_shows_share_the_first_screen(server, projector, checkpoints,
                                                                              tmp_path):
    projector.goto(address(server, checkpoints, guess=1))
    projector.get_by_text("Your guess first").wait_for()
    collapse_sidebar(projector)
    assert inside(projector, projector.get_by_text("NEGATIVE", exact=True))
    assert inside(projector, projector.get_by_role("button", name="Reveal"))
    guess(projector, "NEGATIVE")
    wait_for_chart(projector, "Your guess against the model (the labels)")
    projector.wait_for_timeout(300)  # the chart's last resize
    projector.screenshot(path=str(tmp_path / "revealed.png"))
    assert inside(projector, projector.get_by_text("You guessed"))
    assert inside(projector, projector.locator(".js-plotly-plot").first), tmp_path


def test_in_presenter_mode_a_step_s_question_buttons_and_reveal_share_the_first_screen(server, projector, checkpoints,
                                                                                       tmp_path):
    from bert_explorer.lessons import lesson_for

    projector.goto(address(server, checkpoints, presenter=1))
    wait_until_drawn(projector)
    names = [step.name for step in lesson_for("sequence_classification")]
    for step in range(2, names.index("logits") + 2):  # each click moves from the step its button was drawn on
        projector.get_by_role("button", name="Next →").click()
        projector.get_by_text(f"step {step} of {len(names)}").wait_for()
        wait_until_idle(projector)
    assert inside(projector, projector.get_by_text("Think first:"))
    assert inside(projector, projector.get_by_role("button", name="Reveal"))
    projector.get_by_role("button", name="Reveal").click()
    wait_for_chart(projector, LOGITS)
    projector.wait_for_timeout(300)
    projector.screenshot(path=str(tmp_path / "logits-step.png"))
    chart = projector.locator(".js-plotly-plot").first
    box = chart.bounding_box()
    assert 0 <= box["y"] < projector.viewport_size["height"] - 150, (box, tmp_path)  # its bars, not only its top
