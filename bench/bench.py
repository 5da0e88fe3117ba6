"""`make bench`: where the time and memory of one submit go, against the model's own floor.

Measures, each a median of several runs:
  a  the bare forward pass with attentions and hidden states (the floor)
  b  transformers' text-classification pipeline on the same model and text
  c  the app's server-side work for one submit (AppTest: tokenise, forward, every number, every figure)
  d  a real browser: submit to the first screen drawn (the story's charts; sections closed), and to every chart
     drawn with attention open, at 128 and 512 tokens; a section opened to its content drawn
  e  a real browser: a view-only change (layer, head) to its chart redrawn
  f  cold start: `make run` to the first page with charts
  g  server memory: one session, what each further session adds, every head page of one checkpoint
Writes the table to docs/bench.md.
"""

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("BERT_EXPLORER_PUBLIC", "0")  # AppTest listens nowhere, which public mode reads as the network

import torch  # noqa: E402
import transformers  # noqa: E402

from bert_explorer import checkpoints, heads  # noqa: E402
from bert_explorer.heads import HEADS  # noqa: E402
from bert_explorer.loading import load_model  # noqa: E402
from bert_explorer.tasks.sequence_classification import classify  # noqa: E402
from components.services.runs import shared_results  # noqa: E402
from harness.browser import launch, wait_for_chart, wait_for_values, wait_until_drawn  # noqa: E402
from harness.server import free_port, streamlit_server  # noqa: E402

LENGTHS = (16, 128, 512)
BENCH_POLL_MS = 5  # the tests poll every 100 ms; a timing should not round up to that
VIEW_CHANGES = "23456" * 3  # the layers (then heads) switched to, in turn: each differs from the one before
WORDS = "the quick brown fox jumps over the lazy dog while a small cat watches from the warm window".split()


def tokenizer_of(loaded):
    """The checkpoint's tokenizer, for this single-threaded bench."""
    with loaded.lock:
        return loaded.tokenizer


def median_seconds(action, runs: int) -> float:
    action()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def text_of(tokenizer, length: int, variant: int = 0) -> str:
    """A text that tokenises to exactly `length` tokens ([CLS] and [SEP] included)."""
    words = [WORDS[(i + variant) % len(WORDS)] for i in range(length * 2)]
    while len(tokenizer(" ".join(words))["input_ids"]) > length:
        words.pop()
    return " ".join(words)


def bert_base_folder(root: Path) -> str:
    """A bert-base-sized classifier built from its config (random weights, no download)."""
    folder = root / "bert-base"
    torch.manual_seed(0)
    transformers.BertForSequenceClassification(transformers.BertConfig()).save_pretrained(folder)
    transformers.AutoTokenizer.from_pretrained(checkpoints.resolve(checkpoints.EMBEDDED_DEFAULT)).save_pretrained(folder)
    return str(folder)


def forward_floor(loaded, text: str, runs: int) -> float:
    inputs = tokenizer_of(loaded)(text, return_tensors="pt")

    def forward():
        with torch.inference_mode():
            loaded.model(**inputs, output_attentions=True, output_hidden_states=True)

    return median_seconds(forward, runs)


def pipeline_time(loaded, text: str, runs: int) -> float:
    classifier = transformers.pipeline("text-classification", model=loaded.model, tokenizer=tokenizer_of(loaded),
                                       device="cpu")
    return median_seconds(lambda: classifier(text, truncation=True), runs)


def app_submit_time(checkpoint: str, texts: tuple[str, str], runs: int) -> float:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    text_box = heads.get("sequence_classification").param("text")
    app.query_params.update({"checkpoint": checkpoint, text_box: texts[0]})
    app.switch_page("pages/sequence_classification.py").run()
    state = {"i": 0}

    def submit():
        state["i"] += 1
        shared_results().clear()  # the server's cross-session results: each submit here must compute
        app.text_area(key=text_box).input(texts[state["i"] % 2])
        app.button[0].click().run()
        assert not app.exception, app.exception

    return median_seconds(submit, runs)


def server_side_table(root: Path) -> list[dict]:
    rows = []
    for name, checkpoint in (("default (MiniLM-L6, 22M)", checkpoints.EMBEDDED_DEFAULT),
                             ("bert-base (110M)", bert_base_folder(root))):
        loaded = load_model(checkpoint, "sequence_classification")
        for length in LENGTHS:
            runs = 3 if length == 512 and "base" in name else 7
            texts = (text_of(tokenizer_of(loaded), length), text_of(tokenizer_of(loaded), length, variant=1))
            a = forward_floor(loaded, texts[0], runs)
            b = pipeline_time(loaded, texts[0], runs)
            c = app_submit_time(checkpoint, texts, runs)
            rows.append({"model": name, "tokens": length, "a": a, "b": b, "c": c})
            print(f"{name:26} {length:4} tokens  a={a * 1000:8.1f} ms  b={b * 1000:8.1f} ms  c={c * 1000:8.1f} ms",
                  flush=True)
    return rows


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def browser_table() -> dict:
    from playwright.sync_api import sync_playwright

    results = {}
    loaded = load_model(checkpoints.EMBEDDED_DEFAULT, "sequence_classification")
    texts = {length: [text_of(tokenizer_of(loaded), length, variant=v) for v in range(6)] for length in (128, 512)}
    expected = {length: [classify(loaded, t).logits for t in group] for length, group in texts.items()}
    port = free_port()
    started = time.monotonic()
    with streamlit_server(["make", "--no-print-directory", "run", f"PORT={port}"], port) as (url, _), \
            sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(120_000)
        # Attention open (it is a section, closed on a first visit): rows d and e time the story and its maps.
        page.goto(f"{url}/sequence_classification?checkpoint={checkpoints.EMBEDDED_DEFAULT}&seq_open_attention=true")
        wait_until_drawn(page)
        results["f"] = time.monotonic() - started

        for length in (512, 128):
            results[f"d{length}"] = median_submit(page, texts[length], expected[length], ATTENTION_CHARTS)
            wait_until_drawn(page)
            for picker, options, shown in (("layer", VIEW_CHANGES, "{},1"), ("head", VIEW_CHANGES, "6,{}")):
                views = [page.evaluate(SWITCH_JS, [f".attention-switch-{picker}", option, shown.format(option)])
                         for option in options]
                results[f"e_{picker}{length}"] = statistics.median(views) / 1000
            wait_for_chart(page, "Layer 6, head 6")  # the switch drew what it said
            page.evaluate(SWITCH_JS, [".attention-switch-head", "1", "6,1"])  # back to where the submits look
            page.evaluate(SWITCH_JS, [".attention-switch-layer", "1", "1,1"])
        results.update(first_screen(page, url, texts, expected))
        browser.close()
    results["g"] = server_memory()
    results["models"] = models_memory()
    return results


EXTRA_SESSIONS = 10
STORY_CHARTS = ("softmax(logits)", "Cross-entropy if gold = k")  # drawn with the logits, which are waited on
ATTENTION_CHARTS = ("Layer 1, mean over 12 heads",)


def median_submit(page, texts: list[str], expected: list, charts: tuple[str, ...]) -> float:
    """Seconds from a click on "Run the model" to the logits showing the model's numbers and `charts` drawn."""
    submits = []
    for text, logits in list(zip(texts, expected))[1:]:
        page.get_by_label("Text", exact=True).fill(text)
        clicked = time.perf_counter()
        page.get_by_role("button", name="Run the model").click()
        wait_for_values(page, "Logits (index → id2label)", logits, poll_ms=BENCH_POLL_MS)
        for title in charts:
            wait_for_chart(page, title, poll_ms=BENCH_POLL_MS)
        submits.append(time.perf_counter() - clicked)
    return statistics.median(submits)
SECTIONS = {"formulas": ("The softmax and the loss with these numbers", ".katex"),
            "pooler": ("Pooler output against the [CLS] hidden state", "text=‖pooler output‖"),
            "attention": ("Attention maps", ".attention-switch-layer")}


def first_screen(page, url: str, texts: dict, expected: dict) -> dict:
    """d: submit → the story's charts drawn, every section closed (a first visit); a section opened → drawn."""
    page.goto(f"{url}/sequence_classification?checkpoint={checkpoints.EMBEDDED_DEFAULT}")
    wait_until_drawn(page)
    results = {}
    for length in (512, 128):
        results[f"first{length}"] = median_submit(page, texts[length], expected[length], STORY_CHARTS)
    wait_until_drawn(page)
    for name, (label, drawn) in SECTIONS.items():
        opened = []
        for _ in range(5):
            header = page.get_by_text(label, exact=True)
            clicked = time.perf_counter()
            header.click()
            page.locator(drawn).first.wait_for()
            opened.append(time.perf_counter() - clicked)
            header.click()  # closed again: the next click opens it anew
            page.locator(drawn).first.wait_for(state="detached")
        results[f"open_{name}"] = statistics.median(opened)
    return results

# A layer or head change timed inside the page: from the select's change event to the frame after both
# charts are redrawn (Plotly.react resolved, then two animation frames: the paint). A click adds only the
# event's dispatch, and nothing goes to the server (tests/browser counts the messages).
SWITCH_JS = """async ([selector, value, shown]) => {
    const root = document.querySelector('.attention-switch');
    const select = root.querySelector(selector);
    const started = performance.now();
    select.value = value;
    select.dispatchEvent(new Event('change'));
    while (root.dataset.shown !== shown) await new Promise(resolve => setTimeout(resolve, 1));
    await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return performance.now() - started;
}"""


def server_memory() -> tuple[float, float, float]:
    """A fresh server's RSS (MiB) with one session on the default's sequence-classification page; what each of
    EXTRA_SESSIONS more sessions on that page adds; and the RSS once one session has opened every head page."""
    from playwright.sync_api import sync_playwright

    def open_page(context, path: str):
        tab = context.new_page()
        tab.set_default_timeout(120_000)
        tab.goto(f"{url}/{path}?checkpoint={checkpoints.EMBEDDED_DEFAULT}")
        wait_until_drawn(tab)
        return tab

    with streamlit_server() as (url, server), sync_playwright() as playwright:
        browser = launch(playwright)
        first = open_page(browser.new_context(), "sequence_classification")
        one_session = rss_mib(server.pid)
        extra = [browser.new_context() for _ in range(EXTRA_SESSIONS)]
        for context in extra:
            open_page(context, "sequence_classification")
        per_extra_session = (rss_mib(server.pid) - one_session) / EXTRA_SESSIONS
        for context in extra:
            context.close()
        for head in list(HEADS)[1:]:
            first.goto(f"{url}/{head}?checkpoint={checkpoints.EMBEDDED_DEFAULT}")
            wait_until_drawn(first)
        every_page = rss_mib(server.pid)
        browser.close()
    return one_session, per_extra_session, every_page


# Run with the repository as its working folder, so the project's packages import.
MODELS_MEMORY_SCRIPT = """
from bench.bench import rss_mib
from bert_explorer import checkpoints
from bert_explorer.heads import HEADS
from bert_explorer.loading import load_model
import torch, transformers, os
before = rss_mib(os.getpid())
heads = list(HEADS)
held = [load_model(checkpoints.EMBEDDED_DEFAULT, heads[0])]
one = rss_mib(os.getpid())
held += [load_model(checkpoints.EMBEDDED_DEFAULT, head) for head in heads[1:]]
print(one - before, rss_mib(os.getpid()) - before)
"""


def models_memory() -> tuple[float, float]:
    """RSS a fresh process adds loading one head of the default, and every head (MiB)."""
    output = subprocess.check_output([sys.executable, "-c", MODELS_MEMORY_SCRIPT], cwd=ROOT,
                                     env=dict(os.environ, TRANSFORMERS_VERBOSITY="error"), stderr=subprocess.DEVNULL)
    one, six = (float(v) for v in output.split()[-2:])
    return one, six


def write_report(rows: list[dict], browser: dict) -> str:
    machine = f"{platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}, CPU"
    lines = [
        "# Benchmark", "",
        f"`make bench` on {time.strftime('%Y-%m-%d')}, {machine}. Medians; milliseconds.", "",
        "| model | tokens | a: bare forward | b: pipeline | c: app submit (server) | c/a | c/b |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['model']} | {r['tokens']} | {r['a'] * 1000:.1f} | {r['b'] * 1000:.1f} | "
                     f"{r['c'] * 1000:.1f} | {r['c'] / r['a']:.2f} | {r['c'] / r['b']:.2f} |")
    default = {r["tokens"]: r["c"] / r["a"] for r in rows if r["model"].startswith("default")}
    lines += ["", "| measure | value | target |", "|---|---|---|",
              *(f"| c/a, MiniLM, {tokens} tokens{' (server work per forward pass)' if tokens == 128 else ''} | "
                f"{default[tokens]:.2f} | ≤ {target} |" for tokens, target in ((128, 1.5), (16, 2.5)))]
    one_session, per_session, every_page = browser["g"]
    lines += [
        "", "Real browser (Chromium), embedded default:", "",
        "| measure | value | target |", "|---|---|---|",
        f"| submit → first screen drawn, 128 tokens | {browser['first128'] * 1000:.0f} ms | ≤ 350 ms |",
        f"| submit → first screen drawn, 512 tokens | {browser['first512'] * 1000:.0f} ms | ≤ 800 ms |",
        *(f"| open a section ({name}) | {browser[f'open_{name}'] * 1000:.0f} ms | ≤ 300 ms |" for name in SECTIONS),
        f"| d: submit → every chart drawn, attention open, 128 tokens | {browser['d128'] * 1000:.0f} ms | |",
        f"| d: submit → every chart drawn, attention open, 512 tokens | {browser['d512'] * 1000:.0f} ms | |",
        f"| e: layer change → both charts redrawn, 128 tokens (in the browser) | {browser['e_layer128'] * 1000:.0f} ms "
        "| ≤ 120 ms |",
        f"| e: head change → chart redrawn, 128 tokens (in the browser) | {browser['e_head128'] * 1000:.0f} ms "
        "| ≤ 120 ms |",
        f"| e: layer change, 512 tokens (one layer sent at a time: a fragment rerun fetches it) | "
        f"{browser['e_layer512'] * 1000:.0f} ms | |",
        f"| e: head change, 512 tokens (in the browser) | {browser['e_head512'] * 1000:.0f} ms | |",
        f"| cold start → first page with its charts (`make run`) | {browser['f']:.1f} s | ≤ 5 s |",
        f"| g: server RSS, one session on the default page | {one_session:.0f} MiB | |",
        f"| g: RSS each further session on that page adds ({EXTRA_SESSIONS} more) | {per_session:.1f} MiB | |",
        f"| g: server RSS after one session opened every head page | {every_page:.0f} MiB | |",
        f"| g: models alone (a fresh process), one head / all {len(HEADS)} heads of the default | "
        f"{browser['models'][0]:.0f} / {browser['models'][1]:.0f} MiB | "
        f"{browser['models'][1] / browser['models'][0]:.2f}× |",
        "",
        "a: `model(**inputs, output_attentions=True, output_hidden_states=True)`. "
        "b: `pipeline('text-classification')` on the same model object. "
        "c: one form submit through Streamlit's AppTest (tokenise, forward, every derived number, the page as a "
        "first visit draws it: the story, every section closed). "
        f"d: 5 runs each, polled every {BENCH_POLL_MS} ms. e: {len(VIEW_CHANGES)} changes each, timed inside the "
        "page from the select's change to the frame after both charts are redrawn (the switch runs in the browser: "
        "no message to the server). "
        "g: a fresh server's resident memory (sessions in separate browser contexts).",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    torch.manual_seed(0)
    with tempfile.TemporaryDirectory() as scratch:
        rows = server_side_table(Path(scratch))
    browser = browser_table()
    print(browser, flush=True)
    report = write_report(rows, browser)
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "bench.md").write_text(report)
    print(report)


if __name__ == "__main__":
    main()
