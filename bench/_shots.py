import sys
from playwright.sync_api import sync_playwright
from harness.browser import launch, wait_until_drawn, wait_for_chart
from harness.server import streamlit_server
pages = sys.argv[1:]
with streamlit_server(timeout=90) as (url, _):
    with sync_playwright() as p:
        b = launch(p)
        page = b.new_page(viewport={"width": 1400, "height": 2400})
        for name in pages:
            query = "?seq_why_pair=true" if name == "sequence_classification" else ""
            page.goto(f"{url}/{name}{query}")
            wait_until_drawn(page)
            page.get_by_role("button", name="Explain").click()
            wait_for_chart(page, "Attribution per token (special tokens included)")
            page.wait_for_timeout(1500)
            page.get_by_text("Completeness", exact=True).first.scroll_into_view_if_needed(); page.mouse.wheel(0, 900); page.wait_for_timeout(800)
            page.screenshot(path=f"/tmp/shots/{name}.png", full_page=True)
            print("shot", name, flush=True)
        b.close()
