import os
import time
from pathlib import Path
from urllib.parse import urlencode

import numpy as np

from harness.browser import chart_data
from harness.server import cpu_seconds, streamlit_server


def test_a_training_run_draws_its_outcome(server, page, checkpoints):
    page.goto(f"{server}/training?{urlencode({'checkpoint': checkpoints['bert-base']})}")
    page.get_by_text("AdamW parameter groups").wait_for()
    epochs = page.get_by_label("Epochs", exact=True)
    epochs.fill("2")
    epochs.press("Tab")
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_text("Held-out accuracy").wait_for()
    page.wait_for_function("() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
                           ".some(p => p._fullLayout.title.text.includes('Confusion matrix'))")
    confusion = np.array(chart_data(page, "Confusion matrix (held-out)", "z"))
    assert confusion.sum() == 800  # the 20% held out of 4,000 tweets
    losses = chart_data(page, "Training loss per step", "y")
    assert len(losses) == 2 * 100


def test_uploads_are_checked_and_used(server, page, checkpoints, tmp_path):
    page.goto(f"{server}/training?{urlencode({'checkpoint': checkpoints['bert-base']})}")
    page.get_by_text("Upload CSV or JSONL").click()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"sentence,label\nhello,pos\n")
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_text("Missing column(s) text").wait_for()
    assert "Traceback" not in page.inner_text("body")
    good = tmp_path / "good.jsonl"
    good.write_text("\n".join(['{"text": "i love it", "label": "yes"}', '{"text": "i hate it", "label": "no"}'] * 20))
    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_text("Missing column(s) text").wait_for(state="detached")
    page.get_by_text("AdamW parameter groups").wait_for()
    page.get_by_text("Labels → ids").wait_for()


def trained_folders() -> set:
    root = Path(os.environ["BERT_EXPLORER_CACHE"]) / "trained"
    return set(root.iterdir()) if root.is_dir() else set()


def test_a_trained_checkpoint_is_named_without_a_path_and_goes_with_its_session(server, browser, checkpoints):
    before = trained_folders()
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    tab.goto(f"{server}/training?{urlencode({'checkpoint': checkpoints['bert-base']})}")
    tab.get_by_text("AdamW parameter groups").wait_for()
    tab.get_by_role("button", name="Train", exact=True).click()
    tab.get_by_text("Trained in this session, run 1").first.wait_for()
    (folder,) = trained_folders() - before
    assert (folder / "config.json").exists() and str(folder) not in tab.inner_text("body")
    context.close()  # the browser leaves: Streamlit releases the session's resources
    deadline = time.monotonic() + 30
    while folder.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not folder.exists()


def busy(pid: int, within: float = 20) -> bool:
    """Whether the process spends at least 0.3 CPU-seconds in some 1-second window within `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        start = cpu_seconds(pid)
        time.sleep(1)
        if cpu_seconds(pid) - start > 0.3:
            return True
    return False


def test_stop_training_stops_the_run_and_the_server_goes_idle(browser, checkpoints):
    with streamlit_server() as (url, process):
        tab = browser.new_page()
        tab.set_default_timeout(60_000)
        tab.goto(f"{url}/training?{urlencode({'checkpoint': checkpoints['bert-base']})}")
        tab.get_by_text("AdamW parameter groups").wait_for()
        freeze = tab.get_by_label("Freeze the encoder", exact=True)
        for _ in range(3):  # a click that lands while the page is still syncing its URL can be lost
            if not freeze.is_checked():
                break
            tab.get_by_text("Freeze the encoder").click()
            tab.wait_for_timeout(500)
        assert not freeze.is_checked()  # unfrozen: hundreds of full steps, minutes of work
        epochs = tab.get_by_label("Epochs", exact=True)
        epochs.fill("200")
        epochs.press("Tab")
        assert epochs.input_value() == "200"
        tab.get_by_role("button", name="Train", exact=True).click()
        progress = tab.get_by_text("Training on this server's training thread.")
        progress.wait_for()
        assert busy(process.pid), "the run was using the CPU"
        tab.get_by_role("button", name="Stop training").click()
        progress.wait_for(state="detached")
        deadline, idle = time.monotonic() + 15, False
        while not idle and time.monotonic() < deadline:
            start = cpu_seconds(process.pid)
            time.sleep(1)
            idle = cpu_seconds(process.pid) - start < 0.15
        assert idle, "the server kept computing after Stop"
        assert "Held-out accuracy" not in tab.inner_text("body")
        tab.close()
