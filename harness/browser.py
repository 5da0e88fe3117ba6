"""Debian's Chromium through Playwright, and the charts it drew."""

import contextlib
import os

import numpy as np
from playwright.sync_api import TimeoutError as PlaywrightTimeout

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 # Several sessions at once: tabs that are not in front must still draw at full speed.
                 "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                 "--disable-backgrounding-occluded-windows"]


# Playwright polls wait_for_function on animation frames by default, which a tab that is not in front
# may not get: poll on a timer instead.
POLL_MS = 100


@contextlib.contextmanager
def new_tab(context):
    """A tab of `context` that waits up to a minute for what it looks for, closed after."""
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    try:
        yield tab
    finally:
        tab.close()


def launch(playwright):
    """Debian's Chromium (Playwright cannot download a browser here)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

# Streamlit's Plotly theme wraps titles in <b>; compare the plain text.
TITLE_JS = "(p => p._fullLayout && p._fullLayout.title ? p._fullLayout.title.text.replace(/<[^>]+>/g, '') : '')"

CHARTS_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(plot => ({
    title: """ + TITLE_JS + """(plot),
    data: plot._fullData.map(trace => ({x: Array.from(trace.x || []), y: Array.from(trace.y || []),
                                       name: trace.name}))
}))"""


def charts(tab) -> dict:
    """Every drawn Plotly chart on the page, by title."""
    return {chart["title"]: chart["data"] for chart in tab.evaluate(CHARTS_JS)}


def chart_data(tab, title: str, field: str):
    """One field of the first trace of the chart with this title, once Plotly has drawn it."""
    wait_for_chart(tab, title)
    return tab.evaluate(
        f"([title, field]) => Array.from(document.querySelectorAll('.js-plotly-plot'))"
        f".find(p => p._fullData && {TITLE_JS}(p) === title)._fullData[0][field]",
        [title, field],
    )


def wait_for_chart(tab, title: str, minimum_charts: int = 1, poll_ms: int = POLL_MS):
    """Wait until Plotly has drawn a chart with this title (a div Streamlit has just replaced has no data yet)."""
    tab.wait_for_function(
        "([title, n]) => { const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));"
        f" return plots.length >= n && plots.some(p => p._fullData && {TITLE_JS}(p) === title); }}",
        arg=[title, minimum_charts], polling=poll_ms,
    )


def wait_for_values(tab, title: str, expected, tolerance: float = 1e-5, field: str = "y", trace: int = 0,
                    poll_ms: int = POLL_MS):
    """Wait until every chart with this title shows `expected` (any shape) as one trace's field (the first).
    A benchmark polls more often than a test, so the poll's interval does not count in its timings."""
    want = [float(v) for v in np.asarray(expected, dtype=float).ravel()]
    tab.wait_for_function(
        "([title, field, want, tol, trace]) => { const plots = "
        "Array.from(document.querySelectorAll('.js-plotly-plot'))"
        f".filter(p => {TITLE_JS}(p) === title);"
        " const flat = a => Array.from(a).flatMap(v => typeof v === 'object' && v !== null ? flat(v) : [v]);"
        " return plots.length > 0 && plots.every(p => { if (!p._fullData) return false;"
        " const got = flat((p._fullData[trace] || {})[field] || []);"
        " return got.length === want.length && want.every((v, i) => Math.abs(got[i] - v) <= tol); }); }",
        arg=[title, field, want, tolerance, trace], polling=poll_ms,
    )


def collapse_sidebar(tab) -> None:
    """Collapse Streamlit's sidebar as a user does (its button shows on hover); nothing if it already is."""
    if not tab.locator('[data-testid="stSidebar"][data-collapsed="false"]').count():
        return
    tab.hover('[data-testid="stSidebar"]')
    tab.locator('[data-testid="stSidebarCollapseButton"] button').click()
    tab.locator('[data-testid="stSidebar"][data-collapsed="true"]').wait_for(state="attached")


def wait_until_idle(tab) -> None:
    """Wait until Streamlit says the page's script is not running (no rerun under way)."""
    tab.wait_for_function("() => document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState"
                          " === 'notRunning'", polling=POLL_MS)


def wait_until_drawn(tab):
    """Wait for the timing strip, which a page writes after everything else."""
    tab.get_by_text("Time: tokenise").wait_for()


def choose(tab, label: str, option: str, attempts: int = 3):
    """Pick an option of a Streamlit selectbox, or of a plain <select> (the attention switch's), as a user would.

    A rerun that lands while the list is open (the app syncing the URL on first
    load) closes it; then open it again.
    """
    box = tab.get_by_label(label, exact=True)
    if box.evaluate("element => element.tagName") == "SELECT":
        box.select_option(option)
        return
    for _ in range(attempts):
        box.click()
        box.press("ArrowDown")
        try:
            tab.get_by_role("option", name=option, exact=True).click(timeout=5_000)
        except PlaywrightTimeout:
            continue
        if box.input_value() == option:
            return
    raise AssertionError(f"could not choose {option!r} in {label!r}")


# Widths the page may not exceed: the document and Streamlit's scrolling main area.
OVERFLOW_JS = """() => [document.documentElement, document.querySelector('[data-testid="stMain"]')]
    .map(e => e.scrollWidth - e.clientWidth)"""


def assert_no_horizontal_overflow(tab, screenshot) -> None:
    """Screenshots of the top and the bottom of the page (Streamlit scrolls its main area, not the document)."""
    tab.screenshot(path=str(screenshot))
    tab.evaluate("() => { const main = document.querySelector('[data-testid=\"stMain\"]');"
                 " main.scrollTop = main.scrollHeight; }")
    tab.screenshot(path=str(screenshot.with_suffix(".bottom.png")))
    assert tab.evaluate(OVERFLOW_JS) == [0, 0], f"overflows sideways at 1024×768: see {screenshot}"
