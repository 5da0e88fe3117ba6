"""`make loadtest`: a class of N students opening the sequence-classification page at once and submitting.

Each student is a real Streamlit session driven over Streamlit's own websocket protocol (the BackMsg and
ForwardMsg protobufs a browser sends and receives), not a browser: fifty Chromium tabs drawing Plotly on
this 2-core machine would measure the browsers, not the server. A student opens the page (a full script
run), then submits: 70% the default example, 30% a text of their own. Time to result is from the submit
to the server's "script finished"; every student's logits chart is checked against the model's own logits
for the text that student sent (cross-talk), and any exception, error box, failed run or lost connection
counts as an error. Runs N = 10, 25, 50 on one process, then through HAProxy N = 50 at K = 1 worker and
N = 50 and 100 at K = 2, then, in public mode, 25 students with and without one more student training the
Training page's default run meanwhile (`python -m bench.loadtest training` runs only that). Prints the targets of
issue #28 and the table, and writes docs/loadtest.md.
"""

import asyncio
import json
import os
import platform
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

import numpy as np  # noqa: E402
import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from bench.bench import rss_mib  # noqa: E402
from bert_explorer import heads  # noqa: E402
from bert_explorer.loading import load_model  # noqa: E402
from bert_explorer.tasks.sequence_classification import classify  # noqa: E402
from harness.plotly_data import decode  # noqa: E402
from harness.server import free_port, streamlit_server  # noqa: E402

PAGE = "sequence_classification"
DEFAULT_TEXT = "The film was a delight from start to finish."
OWN_TEXTS = [
    "The plot dragged and I nearly fell asleep.", "What a wonderful surprise this concert was!",
    "The service was slow and the food arrived cold.", "I would happily watch it again tomorrow.",
    "Honestly the worst lecture I have ever sat through.", "A calm, clever and quietly moving story.",
]
CLASS_SIZES = (10, 25, 50)
WORKERS = {1: (50,), 2: (50, 100)}  # HAProxy's workers: the class sizes each serves
TIMEOUT_S = 120


@dataclass
class Student:
    opened_s: float = float("nan")
    result_s: float = float("nan")
    error: str | None = None
    crossed: bool = False  # the logits shown are not those of the text this student sent


def rerun(widgets: dict | None = None, page: str = PAGE, query: str = "", page_hash: str = "",
          fragment: str = "") -> bytes:
    """A script run of a page, as the browser asks for it: by the page's URL name, with its query string and widget
    values (a radio's or a text box's as text, a button's as a trigger); a fragment's own rerun names the fragment
    and carries the page's script hash (without it, an app rerun that the fragment asks for lands on the default
    page)."""
    message = BackMsg()
    message.rerun_script.page_name = page
    message.rerun_script.page_script_hash = page_hash
    message.rerun_script.query_string = query
    if fragment:
        message.rerun_script.fragment_id = fragment
        message.rerun_script.is_auto_rerun = True
    for widget_id, value in (widgets or {}).items():
        state = message.rerun_script.widget_states.widgets.add()
        state.id = widget_id
        if value is True:
            state.trigger_value = True
        else:
            state.string_value = value
    return message.SerializeToString()


def chart_values(spec: str) -> np.ndarray:
    """The first trace's y of a Plotly figure as Streamlit sends it."""
    return np.asarray(decode(json.loads(spec)["data"][0]["y"]), dtype=float)


async def one_run(socket, message: bytes) -> dict:
    """Send a rerun; read until the script finishes. Returns the widgets' ids by key, the logits shown,
    and any error the page showed."""
    await socket.send(message)
    seen = {"ids": {}, "logits": None, "errors": []}
    while True:
        reply = ForwardMsg()
        reply.ParseFromString(await asyncio.wait_for(socket.recv(), TIMEOUT_S))
        kind = reply.WhichOneof("type")
        if kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
            element = reply.delta.new_element
            what = element.WhichOneof("type")
            inner = getattr(element, what)
            if what == "exception":
                seen["errors"].append(f"exception: {inner.message}")
            elif what == "alert" and inner.format == inner.ERROR:
                seen["errors"].append(f"error box: {inner.body}")
            elif what == "plotly_chart" and inner.id.endswith("-seq_logits"):
                seen["logits"] = chart_values(inner.spec)
            if getattr(inner, "id", ""):
                seen["ids"][inner.id.rsplit("-", 1)[-1]] = inner.id
                if getattr(inner, "label", ""):
                    seen["ids"][inner.label] = inner.id
        elif kind == "script_finished":
            if reply.script_finished not in (reply.FINISHED_SUCCESSFULLY, reply.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                seen["errors"].append(f"script finished with status {reply.script_finished}")
            return seen


async def attend(url: str, text: str, expected: dict, start: asyncio.Event) -> Student:
    student = Student()
    await start.wait()
    try:
        async with websockets.connect(url.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"],
                                      max_size=None, open_timeout=TIMEOUT_S) as socket:
            began = time.perf_counter()
            page = await one_run(socket, rerun())
            student.opened_s = time.perf_counter() - began
            submit = {page["ids"][heads.get(PAGE).param("text")]: text, page["ids"]["Run the model"]: True}
            began = time.perf_counter()
            result = await one_run(socket, rerun(submit))
            student.result_s = time.perf_counter() - began
            errors = page["errors"] + result["errors"]
            student.error = errors[0] if errors else None
            shown = result["logits"]
            student.crossed = shown is None or not np.allclose(shown, expected[text], atol=1e-4)
    except Exception as error:  # a lost connection or a timeout is an error of the run, not of the bench
        student.error = f"{type(error).__name__}: {error}"
    return student


async def a_class(url: str, size: int, expected: dict, seed: int) -> list[Student]:
    chooser = random.Random(seed)
    texts = [DEFAULT_TEXT if chooser.random() < 0.7 else chooser.choice(OWN_TEXTS) for _ in range(size)]
    start = asyncio.Event()
    students = [asyncio.create_task(attend(url, text, expected, start)) for text in texts]
    await asyncio.sleep(0.1)
    start.set()  # everyone at the same moment
    return list(await asyncio.gather(*students))


TRAINING_CLASS = 25


async def train_meanwhile(url: str, underway: asyncio.Event, class_done: asyncio.Event) -> dict:
    """One student on the Training page: Train with the defaults, and keep the page open until the class is done.
    `underway` is set once the server says the run is on its training thread. Says whether the run was still going
    at the end."""
    async with websockets.connect(url.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None, open_timeout=TIMEOUT_S) as socket:
        page = await one_run(socket, rerun(page="training"))
        await socket.send(rerun({page["ids"]["Train"]: True}, page="training"))
        finished = False
        while not class_done.is_set():
            try:
                raw = await asyncio.wait_for(socket.recv(), 0.5)
            except TimeoutError:
                continue
            reply = ForwardMsg()
            reply.ParseFromString(raw)
            if reply.WhichOneof("type") == "delta" and "training thread" in str(reply.delta):
                underway.set()  # from its start: the encoder's pass over every row is the heavy part
            finished = finished or reply.WhichOneof("type") == "script_finished"
        return {"still_training": not finished}


async def a_class_beside_training(url: str, expected: dict) -> tuple[list[Student], dict]:
    underway, class_done = asyncio.Event(), asyncio.Event()
    trainer = asyncio.create_task(train_meanwhile(url, underway, class_done))
    await asyncio.wait_for(underway.wait(), TIMEOUT_S)
    students = await a_class(url, TRAINING_CLASS, expected, seed=TRAINING_CLASS)
    class_done.set()
    return students, await trainer


def measure_beside_training(expected: dict) -> list[dict]:
    """25 students in public mode, then the same 25 while one more trains on the same server."""
    rows = []
    with streamlit_server(timeout=120, env={"BERT_EXPLORER_PUBLIC": "1"}) as (url, process):
        pids = server_pids(process, None)
        asyncio.run(a_class(url, 1, expected, seed=0))  # the lecturer's first look loads the model
        before = rss_mib(process.pid)
        students = asyncio.run(a_class(url, TRAINING_CLASS, expected, seed=TRAINING_CLASS))
        rows.append(summary("public mode, one process", TRAINING_CLASS, students, before, rss_mib(process.pid)))
        print(rows[-1], flush=True)
        before = sum(rss_mib(pid) for pid in pids)
        students, trainer = asyncio.run(a_class_beside_training(url, expected))
        label = "public mode, one process, one student training" + ("" if trainer["still_training"]
                                                                    else " (the run ended before the class did)")
        rows.append(summary(label, TRAINING_CLASS, students, before, rss_mib(process.pid)))
        print(rows[-1], flush=True)
    return rows


def percentile(values: list[float], q: float) -> float:
    values = [v for v in values if v == v]
    return float(np.percentile(values, q)) if values else float("nan")


def summary(label: str, size: int, students: list[Student], rss_before: float, rss_after: float) -> dict:
    return {
        "setup": label, "students": size,
        "open_p50_s": percentile([s.opened_s for s in students], 50),
        "result_p50_s": percentile([s.result_s for s in students], 50),
        "result_p95_s": percentile([s.result_s for s in students], 95),
        "errors": sum(s.error is not None for s in students),
        "crossed": sum(s.crossed for s in students),
        "rss_mib": rss_after, "rss_per_session_mib": (rss_after - rss_before) / size,
        "first_error": next((s.error for s in students if s.error), None),
    }


def server_pids(process, run_dir: Path | None) -> list[int]:
    if run_dir is None:
        return [process.pid]
    return [int(p.read_text()) for p in sorted(run_dir.glob("s*.pid"))]


def measure(url: str, pids: list[int], label: str, sizes, expected: dict) -> list[dict]:
    # The lecturer opens the page first on each worker (leastconn spreads them): models are loaded before class.
    asyncio.run(a_class(url, len(pids), expected, seed=0))
    rows = []
    for size in sizes:
        before = sum(rss_mib(pid) for pid in pids)
        students = asyncio.run(a_class(url, size, expected, seed=size))
        rows.append(summary(label, size, students, before, sum(rss_mib(pid) for pid in pids)))
        print(rows[-1], flush=True)
    return rows


# The targets of issue #28, by the row that measures each: (setup, students) → the measure's name.
TARGETS = {("one process", 50): "`make loadtest`, one process, 50 students: result p95",
           ("HAProxy, 2 worker(s)", 100): "`make loadtest`, `make serve WORKERS=2`, 100 students: result p95"}
TARGET_P95_S = 3.0


def targets(rows: list[dict]) -> list[str]:
    """The targets' table, from the rows that measure them (none when this run measured neither)."""
    found = [(TARGETS[row["setup"], row["students"]], row) for row in rows
             if (row["setup"], row["students"]) in TARGETS]
    if not found:
        return []
    lines = ["| measure | now | target | met |", "|---|---|---|---|"]
    for name, row in found:
        met = row["result_p95_s"] <= TARGET_P95_S and row["errors"] == 0
        lines.append(f"| {name} | {row['result_p95_s']:.2f} s, {row['errors']} errors | ≤ {TARGET_P95_S:.0f} s, "
                     f"0 errors | {'yes' if met else 'no'} |")
    return [*lines, ""]


def write_report(rows: list[dict]) -> str:
    lines = [
        "# Load test", "",
        f"`make loadtest`, {platform.machine()} CPU with {os.cpu_count()} cores, {platform.python_version()}; "
        f"the sequence-classification page on its default checkpoint (`{heads.get(PAGE).default_checkpoint}`, "
        "MiniLM). Students are "
        "Streamlit sessions over the websocket protocol, all starting at once; 70% submit the default example, "
        "30% their own text. Time to result: submit → script finished. Cross-talk: logits shown ≠ the model's "
        "for the text sent. RSS: the server processes' resident memory after the class (sum over workers), and "
        "its growth divided by the class size. The students run on the same machine as the server.", "",
        *targets(rows),
        "| setup | students | open p50 (s) | result p50 (s) | result p95 (s) | errors | cross-talk | server RSS (MiB) "
        "| RSS per session (MiB) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(f"| {row['setup']} | {row['students']} | {row['open_p50_s']:.2f} | {row['result_p50_s']:.2f} | "
                     f"{row['result_p95_s']:.2f} | {row['errors']} | {row['crossed']} | {row['rss_mib']:.0f} | "
                     f"{row['rss_per_session_mib']:.1f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    only_training = sys.argv[1:] == ["training"]
    sizes = () if only_training else tuple(int(n) for n in sys.argv[1:]) or CLASS_SIZES  # e.g. 5, to try it
    checkpoint = heads.get(PAGE).default_checkpoint
    model = load_model(checkpoint, PAGE)
    expected = {text: classify(model, text).logits for text in [DEFAULT_TEXT, *OWN_TEXTS]}
    del model
    if only_training:
        print(write_report(measure_beside_training(expected)))
        return
    rows = []
    with streamlit_server(timeout=120) as (url, process):
        rows += measure(url, server_pids(process, None), "one process", sizes, expected)
    for workers, served in WORKERS.items():
        run_dir = Path(os.environ.get("TMPDIR", "/tmp")) / f"bert-explorer-loadtest-{os.getpid()}-{workers}"
        port = free_port()
        command = [sys.executable, "-m", "deploy.serve", "--workers", str(workers), "--port", str(port),
                   "--stats-port", str(free_port()), "--run-dir", str(run_dir),
                   "--backend-ports", ",".join(str(free_port()) for _ in range(workers))]
        with streamlit_server(command, port=port, timeout=180) as (url, process):
            time.sleep(3)  # HAProxy's health checks see every worker up
            rows += measure(url, server_pids(process, run_dir), f"HAProxy, {workers} worker(s)",
                            served if sizes == CLASS_SIZES else (max(sizes),), expected)
    rows += measure_beside_training(expected)
    report = write_report(rows)
    print(report)
    if sizes == CLASS_SIZES:
        (ROOT / "docs" / "loadtest.md").write_text(report)


if __name__ == "__main__":
    main()
