"""A real browser against `streamlit run` on a free localhost port."""

import shutil
from pathlib import Path

import pytest

from harness.browser import CHROMIUM, launch, new_tab
from harness.server import streamlit_server


@pytest.fixture(scope="session")
def server():
    with streamlit_server(timeout=60) as (url, _):
        yield url


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' (make test does, as root).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def context(browser):
    """One browser context for the suite: its HTTP cache keeps Streamlit's scripts after the first page.
    Each test's tab is still its own Streamlit session."""
    shared = browser.new_context(viewport={"width": 1400, "height": 1000})
    yield shared
    shared.close()


@pytest.fixture
def page(context):
    with new_tab(context) as tab:
        yield tab


@pytest.fixture
def projector(browser):
    """A tab at a projector's 1024×768."""
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    with new_tab(context) as tab:
        yield tab
    context.close()
