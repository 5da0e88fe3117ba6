"""`make bench` (also alone: `python -m bench.evaluate [rows]`): the Evaluate page and the view-only controls
of issue #14, on the sequence-classification default (the zoo's MiniLM sentiment head).

  1,000 tweets evaluated end to end (tokenise, batched forward, metrics, calibration, geometry): target ≤ 15 s
  50,000 rows (the upload limit) in a fresh process: time and peak memory
  a real browser: a temperature step, and a common-mistake toggle, to their numbers drawn (no forward pass):
  target ≤ 250 ms
Writes docs/bench-evaluate.md.
"""

import platform
import statistics
import subprocess
import sys
import time

import torch

from bench.bench import ROOT, median_seconds
from bert_explorer import heads
from bert_explorer.evaluation.run import evaluate
from bert_explorer.loading import load_model
from bert_explorer.scores import tempered
from bert_explorer.tasks.sequence_classification import classify
from bert_explorer.training.data import from_rows, sentiment_tweets
from harness.browser import launch, wait_for_values, wait_until_drawn
from harness.server import streamlit_server

DEFAULT = heads.get("sequence_classification").default_checkpoint
STEPS = 5

LARGE_SCRIPT = """
import resource, time
from bench.evaluate import rows_of_tweets
from bert_explorer.evaluation.run import evaluate
from bert_explorer.loading import load_model
loaded = load_model({checkpoint!r}, "sequence_classification")
data = rows_of_tweets({rows})
started = time.perf_counter()
result = evaluate(loaded, data)
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, len(result.gold))
"""


def rows_of_tweets(count: int):
    """`count` labelled tweets: the corpus's tweets, repeated (with a number) past its size."""
    tweets = sentiment_tweets(limit=None)
    names = [tweets.label_names[k] for k in tweets.labels]
    texts = [tweets.texts[i % len(tweets)] + ("" if i < len(tweets) else f" #{i}") for i in range(count)]
    return from_rows(texts, None, [names[i % len(tweets)] for i in range(count)], for_training=False)


def thousand_tweets() -> float:
    loaded = load_model(DEFAULT, "sequence_classification")
    data = rows_of_tweets(1000)
    return median_seconds(lambda: evaluate(loaded, data), runs=3)


def large(rows: int) -> tuple[float, float]:
    output = subprocess.check_output(
        [sys.executable, "-c", LARGE_SCRIPT.format(checkpoint=DEFAULT, rows=rows)], cwd=ROOT,
        stderr=subprocess.DEVNULL, text=True)
    seconds, peak, count = output.split()[-3:]
    assert int(count) == rows
    return float(seconds), float(peak)


def browser_controls() -> tuple[float, float]:
    """Medians: a temperature step to the tempered probabilities drawn; a mistake toggle to its table shown."""
    from playwright.sync_api import sync_playwright

    text = "The film was a delight from start to finish."
    logits = classify(load_model(DEFAULT, "sequence_classification"), text).logits
    temperature, toggles = [], []
    with streamlit_server() as (url, _), sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        page.goto(f"{url}/sequence_classification?seq_open_mistakes=true")
        wait_until_drawn(page)
        slider = page.locator('[data-testid="stSlider"]', has_text="Temperature T").get_by_role("slider")
        for step in range(1, STEPS + 1):
            slider.focus()
            started = time.perf_counter()
            slider.press("ArrowRight")
            scaled = 1 + 0.05 * step
            wait_for_values(page, f"softmax(logits), at T = {scaled:g}", tempered(logits, scaled).probabilities, 1e-5,
                            poll_ms=10)
            temperature.append(time.perf_counter() - started)
        for step in range(STEPS):
            switch = page.get_by_text("Softmax applied before CrossEntropyLoss", exact=True)
            started = time.perf_counter()
            switch.click()
            code = page.get_by_text("logits.softmax(-1), labels)")
            code.wait_for(state="visible" if step % 2 == 0 else "detached")
            toggles.append(time.perf_counter() - started)
        browser.close()
    return statistics.median(temperature), statistics.median(toggles)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    thousand = thousand_tweets()
    print(f"1,000 tweets: {thousand:.2f} s", flush=True)
    seconds, peak = large(rows)
    print(f"{rows:,} rows: {seconds:.1f} s, peak RSS {peak:.0f} MiB", flush=True)
    step, toggle = browser_controls()
    print(f"temperature step {step * 1000:.0f} ms, mistake toggle {toggle * 1000:.0f} ms", flush=True)
    machine = f"{platform.machine()}, {torch.get_num_threads()} threads, torch {torch.__version__}, CPU"
    report = "\n".join([
        "# Benchmark: the Evaluate page and the view-only controls", "",
        f"`make bench` on {time.strftime('%Y-%m-%d')}, {machine}; `{DEFAULT}`.", "",
        "| measure | value | target |", "|---|---|---|",
        f"| 1,000 tweets evaluated (median of 3) | {thousand:.2f} s | ≤ 15 s |",
        f"| {rows:,} rows evaluated, one run in a fresh process | {seconds:.1f} s, peak RSS {peak:.0f} MiB | "
        "bounded, with progress |",
        f"| browser: temperature step → probabilities redrawn (median of {STEPS}) | {step * 1000:.0f} ms | ≤ 250 ms |",
        f"| browser: mistake toggle → its numbers shown or hidden (median of {STEPS}) | {toggle * 1000:.0f} ms | "
        "≤ 250 ms |",
        "", "Evaluating: tokenise, batched length-sorted forward passes, metrics, calibration (with the fitted "
        "temperature) and the PCA geometry. The browser numbers are from the key press or click to the new "
        "numbers in the page; neither runs the model.", ""])
    (ROOT / "docs" / "bench-evaluate.md").write_text(report)
    print(report)


if __name__ == "__main__":
    main()
