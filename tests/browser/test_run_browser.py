"""`make run`'s command line: it listens on 127.0.0.1 only unless given another address, and then the app is in
public mode. Traffic stays on loopback: 127.0.0.2 is this machine too, reached only by a server that listens on
more than 127.0.0.1."""

import contextlib
import os
import socket
import subprocess
import sys
import time

import pytest

from harness.server import ROOT, free_port, stop, wait_healthy


@contextlib.contextmanager
def make_run(address: str):
    """`python -m deploy.run --address … --port …` (what `make run ADDRESS=… PORT=…` runs), with no public-mode
    setting of its own; yields (url, the start-up line)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "BERT_EXPLORER_PUBLIC"}
    process = subprocess.Popen([sys.executable, "-m", "deploy.run", "--address", address, "--port", str(port)],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               start_new_session=True)
    try:
        line = process.stdout.readline()
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, time.monotonic() + 120, process)
        yield url, line
    finally:
        stop(process)


def connects(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex((host, port)) == 0


def test_make_run_listens_on_127_0_0_1_only_and_keeps_every_power(page, checkpoints):
    with make_run("127.0.0.1") as (url, line):
        port = int(url.rsplit(":", 1)[1])
        assert "http://127.0.0.1:" in line and "this machine only" in line and "Public mode off" in line
        assert connects("127.0.0.1", port)
        assert not connects("127.0.0.2", port), "a server on every interface would answer on 127.0.0.2 too"
        page.goto(f"{url}/?checkpoint={checkpoints['bert-seq']}")
        page.get_by_text("Which vector each head reads").wait_for()  # a local folder's map: every power


@pytest.mark.parametrize("address", ["0.0.0.0"])
def test_a_network_address_turns_public_mode_on(page, checkpoints, address):
    with make_run(address) as (url, line):
        assert "reachable from other machines" in line and "Public mode on" in line
        assert connects("127.0.0.2", int(url.rsplit(":", 1)[1]))
        page.goto(f"{url}/?checkpoint={checkpoints['bert-seq']}")
        page.get_by_text("This server is in public mode").wait_for()
        assert str(checkpoints["bert-seq"]) not in page.inner_text("body")


def test_serve_a_folder_opens_its_page_on_it_and_the_report_is_its_json(browser, checkpoints, tmp_path):
    from app_helpers import strict_json
    from bert_explorer.report import report
    from harness.browser import wait_for_values, wait_until_drawn, wait_until_idle

    folder = str(checkpoints["bert-seq"])
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "deploy.run", "serve", folder, "--port", str(port)],
                               cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    context = browser.new_context(accept_downloads=True)
    try:
        assert process.stdout.readline().rstrip().endswith(f"Opens on {folder}.")
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, time.monotonic() + 120, process)
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(url)
        wait_until_drawn(page)
        assert page.get_by_role("heading", name="Sequence classification").count() == 1
        picker = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="Checkpoint")
        assert folder in picker.evaluate("box => box.textContent + ' ' + (box.querySelector('input')?.value ?? '')")
        expected = strict_json(report(folder, {"text": "the film was good"}).to_json())
        page.get_by_label("Text", exact=True).fill("the film was good")
        page.get_by_role("button", name="Run the model").click()
        wait_for_values(page, "Logits (index → id2label)", expected["logits"])
        page.get_by_text("Every number: the table and the downloads (CSV, JSON)").click()  # a section: open it
        page.get_by_role("button", name="All numbers (JSON)").wait_for()
        wait_until_idle(page)  # the rerun that opened it has finished: the button's data is registered
        with page.expect_download() as download:
            page.get_by_role("button", name="All numbers (JSON)").click()
        shown = strict_json(open(download.value.path()).read())
        assert shown.pop("timings_ms") and expected.pop("timings_ms")
        assert shown == expected
    finally:
        context.close()
        stop(process)
