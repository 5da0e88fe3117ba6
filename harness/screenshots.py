"""The first screen of every head page after a submit, at a projector's 1024×768 (sidebar collapsed) and at
1400×900, written to docs/first-screen/, and the class pulse (a presenter, three students, a reveal) as
docs/class-pulse.png (`make screenshots`; the README and docs/pages.md show them)."""

import sys

from PIL import Image
from playwright.sync_api import sync_playwright

from bert_explorer.heads import HEADS
from harness.browser import collapse_sidebar, launch, wait_until_drawn
from harness.server import ROOT, streamlit_server

SIZES = [(1024, 768), (1400, 900)]
FOLDER = ROOT / "docs" / "first-screen"
PULSE = ROOT / "docs" / "class-pulse.png"


def class_pulse(browser, url: str) -> None:
    """A presenter asks the sequence-classification default's example; three students answer; the reveal."""
    presenter = browser.new_page(viewport={"width": 1400, "height": 900})
    presenter.set_default_timeout(120_000)
    presenter.goto(f"{url}/sequence_classification?presenter=1")
    wait_until_drawn(presenter)
    presenter.get_by_text("Class pulse").click()
    presenter.get_by_role("button", name="Start a class").click()
    presenter.get_by_text("students open the link").wait_for()
    code = presenter.evaluate("() => new URL(location.href).searchParams.get('class')")
    presenter.get_by_role("button", name="Ask the class this input").click()
    presenter.get_by_text("answered question 1").wait_for()
    for pick in ("positive", "positive", "negative"):
        student = browser.new_context().new_page()
        student.set_default_timeout(120_000)
        student.goto(f"{url}/class?class={code}")
        student.get_by_text(pick, exact=True).click()
        student.get_by_role("button", name="Send").click()
        student.get_by_text(f"Sent: {pick}").wait_for()
    presenter.get_by_text("3 answered").wait_for()
    presenter.get_by_role("button", name="Reveal to class").click()
    presenter.get_by_text("The model's answer").wait_for()
    presenter.wait_for_timeout(1_500)
    # The bordered container that holds the class: the innermost block around both the code and the reveal.
    panel = presenter.locator('[data-testid="stVerticalBlock"]', has=presenter.get_by_text("students open the link"))
    panel.filter(has=presenter.get_by_text("The model's answer")).last.screenshot(path=str(PULSE))
    Image.open(PULSE).convert("RGB").quantize(colors=128).save(PULSE, optimize=True)
    print(PULSE.relative_to(ROOT), flush=True)


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    with streamlit_server() as (url, _), sync_playwright() as playwright:
        browser = launch(playwright)
        class_pulse(browser, url)
        for width, height in SIZES:
            tab = browser.new_page(viewport={"width": width, "height": height})
            tab.set_default_timeout(120_000)
            for head in HEADS.values():
                tab.goto(f"{url}/{head.name}")  # a head's name is its page's URL path
                wait_until_drawn(tab)
                if width < 1200:
                    collapse_sidebar(tab)
                tab.get_by_role("button", name="Run the model").click()
                wait_until_drawn(tab)
                tab.wait_for_timeout(1_500)  # Plotly's last resize
                path = FOLDER / f"{head.name}-{width}x{height}.png"
                tab.screenshot(path=str(path))
                Image.open(path).convert("RGB").quantize(colors=128).save(path, optimize=True)  # a third the bytes
                print(path.relative_to(ROOT), flush=True)
            tab.close()
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
