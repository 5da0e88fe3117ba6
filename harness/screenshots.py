"""The first screen of every head page after a submit, at a projector's 1024×768 (sidebar collapsed) and at
1400×900, written to docs/first-screen/ (`make screenshots`; the README and docs/pages.md show them)."""

import sys

from PIL import Image
from playwright.sync_api import sync_playwright

from bert_explorer.heads import HEADS
from harness.browser import collapse_sidebar, launch, wait_until_drawn
from harness.server import ROOT, streamlit_server

SIZES = [(1024, 768), (1400, 900)]
FOLDER = ROOT / "docs" / "first-screen"


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    with streamlit_server() as (url, _), sync_playwright() as playwright:
        browser = launch(playwright)
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
