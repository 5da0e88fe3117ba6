"""`make loadtest`'s class scenario (also alone: `python -m bench.class_loadtest [students]`): a class on
`make serve WORKERS=2`, its state in SQLite, then in Redis.

The students are Streamlit sessions over the websocket protocol (as bench/loadtest.py's), each on the Class page of
one class, spread over both workers by HAProxy. Each keeps the page's poll running as a browser does (the server asks
for it with an auto-rerun message; the client sends the fragment's rerun at that interval). The lecturer asks 3
questions in a row (written to the store, as the presenter's page does); every student answers each after a
thinking pause, and the lecturer reveals each once all have answered. Measured: answers lost (the store's counts
against what the students sent), click → the presenter's count including it (its page reads the store every
PRESENTER_POLL_S), reveal → each student's page showing it, errors, and what waiting costs: the workers' CPU while
100 joined students poll and nothing changes. Prints the table; `make loadtest` also writes it to
docs/loadtest-class.md.
"""

import asyncio
import contextlib
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import websockets
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.loadtest import percentile, rerun
from bert_explorer.classroom import open_store
from bert_explorer.classroom.classes import Classes, Question, Revealed
from components.services.class_room import PRESENTER_POLL_S, STUDENT_POLL_S
from harness.balanced import two_workers
from harness.redis_server import redis_server
from harness.server import cpu_seconds

ROOT = Path(__file__).resolve().parents[1]
OUTCOMES = ("negative", "positive")
PROMPT = "What will the model answer? (the labels)"
PAGE = "class"
QUESTIONS = 3
STUDENTS, IDLE_STUDENTS, IDLE_S = 50, 100, 20
if len(sys.argv) > 1:  # `python -m bench.class_loadtest N`: a class of N (and N waiting), to try it
    STUDENTS = IDLE_STUDENTS = int(sys.argv[1])
THINK_S = 2.0  # a student answers within this long of seeing the question
TIMEOUT_S = 120


@dataclass
class Seen:
    """What one student's page has shown."""
    question: int = 0
    ready: int = 0  # the question whose page run has finished (its form's widget ids are known)
    page_hash: str = ""
    revealed: set = field(default_factory=set)
    ids: dict = field(default_factory=dict)  # widget ids by label
    errors: list = field(default_factory=list)
    sent: set = field(default_factory=set)  # questions whose answer the page confirmed
    reveal_logged: set = field(default_factory=set)
    changed: asyncio.Event = field(default_factory=asyncio.Event)


async def read(socket, seen: Seen, query: str, pollers: list) -> None:
    """Read the page's messages for as long as the socket is open, keeping `seen` up to date."""
    async for raw in socket:
        reply = ForwardMsg()
        reply.ParseFromString(raw)
        kind = reply.WhichOneof("type")
        if kind == "navigation":
            seen.page_hash = reply.navigation.page_script_hash
        elif kind == "auto_rerun" and not pollers:
            pollers.append(asyncio.create_task(poll(socket, query, reply.auto_rerun.fragment_id,
                                                    reply.auto_rerun.interval, seen)))
        elif kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
            element = reply.delta.new_element
            what = element.WhichOneof("type")
            inner = getattr(element, what)
            text = getattr(inner, "body", "")
            if what == "exception":
                seen.errors.append(f"exception: {inner.message}")
            elif what == "alert" and inner.format == inner.ERROR:
                seen.errors.append(f"error box: {text}")
            elif what in ("heading", "markdown") and text.startswith("Question "):
                seen.question = max(seen.question, int(text.split()[1]))
            elif what == "markdown" and text.startswith("The model's answer"):
                seen.revealed.add(seen.question)
            elif what == "alert" and text.startswith("Sent:"):
                seen.sent.add(seen.question)
            if getattr(inner, "id", "") and getattr(inner, "label", ""):
                seen.ids[inner.label] = inner.id
        elif kind == "script_finished":
            seen.ready = seen.question
            seen.changed.set()


async def poll(socket, query: str, fragment: str, interval: float, seen: Seen) -> None:
    while True:
        await asyncio.sleep(interval)
        await socket.send(rerun(page=PAGE, query=query, fragment=fragment, page_hash=seen.page_hash))


@dataclass
class Timings:
    clicks: list = field(default_factory=list)  # (question, time) of every answer sent
    reveals_seen: list = field(default_factory=list)  # (question, time) a page first showed the reveal


async def student(url: str, code: str, picks: list[int], timings: Timings, stop: asyncio.Event,
                  seed: int) -> Seen:
    chooser, seen, pollers = random.Random(seed), Seen(), []
    query = f"class={code}"
    async with websockets.connect(url.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None, open_timeout=TIMEOUT_S) as socket:
        reader = asyncio.create_task(read(socket, seen, query, pollers))
        await socket.send(rerun(page=PAGE, query=query))
        answered = 0
        while not stop.is_set():
            if seen.ready > answered and "Send" in seen.ids:
                number = seen.ready
                await asyncio.sleep(chooser.uniform(0, THINK_S))
                timings.clicks.append((number, time.perf_counter()))
                radio = seen.ids[PROMPT]
                await socket.send(rerun({radio: OUTCOMES[picks[number - 1]], seen.ids["Send"]: True}, page=PAGE,
                                        query=query, page_hash=seen.page_hash))
                answered = number
            if answered and answered in seen.revealed and answered not in seen.reveal_logged:
                seen.reveal_logged.add(answered)
                timings.reveals_seen.append((answered, time.perf_counter()))
            seen.changed.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(seen.changed.wait(), 0.2)
        for task in (*pollers, reader):
            task.cancel()
    return seen


async def a_class(url: str, classes: Classes) -> dict:
    code, token = classes.start()
    rng = np.random.default_rng(0)
    picks = [list(rng.integers(0, 2, size=QUESTIONS)) for _ in range(STUDENTS)]
    timings, stop = Timings(), asyncio.Event()
    tasks = [asyncio.create_task(student(url, code, [int(p) for p in picks[i]], timings, stop, i))
             for i in range(STUDENTS)]
    deadline = time.monotonic() + TIMEOUT_S
    while classes.pulse(code).joined < STUDENTS:
        assert time.monotonic() < deadline, "the class did not fill"
        await asyncio.sleep(0.2)
    stored_s, reveal_s, lost = [], [], 0
    for number in range(1, QUESTIONS + 1):
        question = Question("sequence_classification", {"text": f"Question {number} of the load test."}, OUTCOMES,
                            PROMPT)
        classes.ask(code, token, question)
        observed = []  # (count, time) as the presenter's page reads them, every PRESENTER_POLL_S
        while len(observed) == 0 or observed[-1][0] < STUDENTS:
            count = classes.pulse(code).answered
            if not observed or count > observed[-1][0]:
                observed.append((count, time.perf_counter()))
            assert time.monotonic() < deadline + 300, "answers did not all arrive"
            await asyncio.sleep(PRESENTER_POLL_S)
        clicks = sorted(t for q, t in timings.clicks if q == number)
        for k, clicked in enumerate(clicks, start=1):
            seen_at = next(t for count, t in observed if count >= k)
            stored_s.append(seen_at - clicked)
        expected = [sum(1 for p in picks if p[number - 1] == o) for o in range(2)]
        counts = classes.pulse(code).counts
        lost += sum(abs(expected[o] - counts[OUTCOMES[o]]) for o in range(2))
        revealed_at = time.perf_counter()
        classes.reveal(code, token, classes.pulse(code).question_id, Revealed({"negative": 0.3, "positive": 0.7},
                                                                              "positive"))
        while sum(1 for q, _ in timings.reveals_seen if q == number) < STUDENTS:
            assert time.monotonic() < deadline + 300, "the reveal did not reach every student"
            await asyncio.sleep(0.05)
        reveal_s += [t - revealed_at for q, t in timings.reveals_seen if q == number]
    stop.set()
    seen = await asyncio.gather(*tasks)
    errors = sum(len(s.errors) for s in seen)
    return {"lost": lost, "stored": stored_s, "reveal": reveal_s, "errors": errors}


async def idle_class(url: str, classes: Classes, pids: list[int]) -> float:
    """The workers' CPU, as a share of one core, while IDLE_STUDENTS joined students poll and nothing changes."""
    code, token = classes.start()
    classes.ask(code, token, Question("sequence_classification", {"text": "Waiting."}, OUTCOMES, PROMPT))
    timings, stop = Timings(), asyncio.Event()
    tasks = [asyncio.create_task(student(url, code, [0] * QUESTIONS, timings, stop, i)) for i in range(IDLE_STUDENTS)]
    deadline = time.monotonic() + TIMEOUT_S
    while classes.pulse(code).answered < IDLE_STUDENTS:  # everyone answered: from now on, nothing changes
        assert time.monotonic() < deadline, "the idle class did not settle"
        await asyncio.sleep(0.2)
    await asyncio.sleep(3)
    before, began = sum(map(cpu_seconds, pids)), time.perf_counter()
    await asyncio.sleep(IDLE_S)
    share = (sum(map(cpu_seconds, pids)) - before) / (time.perf_counter() - began)
    stop.set()
    await asyncio.gather(*tasks)
    return share


def measure(store_name: str, where: str, cache: Path) -> dict:
    """One class on two workers whose class store is `where` (a SQLite file or a redis:// URL)."""
    classes = Classes(open_store(where))
    env = {"BERT_EXPLORER_CACHE": str(cache), "BERT_EXPLORER_CLASS_STORE": where}
    with tempfile.TemporaryDirectory() as run_dir, two_workers(Path(run_dir), env) as (url, folder, _):
        pids = [int(p.read_text()) for p in sorted(Path(folder).glob("s*.pid"))]
        result = asyncio.run(a_class(url, classes))
        result["idle_cpu"] = asyncio.run(idle_class(url, classes, pids))
    result["store"] = store_name
    print(result["store"], {k: v for k, v in result.items() if k not in ("stored", "reveal")}, flush=True)
    return result


def write_report(rows: list[dict]) -> str:
    lines = [
        "# Load test: a class", "",
        f"`make loadtest`'s class scenario, {os.cpu_count()} cores: `make serve WORKERS=2` behind HAProxy, "
        f"{STUDENTS} students on the Class page of one class (websocket sessions, each polling as a browser does), "
        f"{QUESTIONS} questions asked and revealed in a row, every student answering each within {THINK_S:.0f} s; "
        f"then {IDLE_STUDENTS} joined students polling for {IDLE_S} s while nothing changes. The students run on "
        "the same machine as the server.", "",
        "| store | answers lost | click → presenter's count, p50 / p95 (s) "
        "| reveal → every student's page, p50 / p95 (s) | errors "
        f"| {IDLE_STUDENTS} waiting students: server CPU (share of one core) |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['store']} | {r['lost']} | {percentile(r['stored'], 50):.2f} / "
                     f"{percentile(r['stored'], 95):.2f} | {percentile(r['reveal'], 50):.2f} / "
                     f"{percentile(r['reveal'], 95):.2f} | {r['errors']} | {r['idle_cpu']:.1%} |")
    lines += ["", f"The presenter's page reads the store every {PRESENTER_POLL_S:g} s, a student's every "
              f"{STUDENT_POLL_S:g} s. Targets: 0 answers lost; click → presenter's count p95 ≤ 2 s; reveal → every "
              "student p95 ≤ 3 s; 0 errors; waiting ≤ 10 % of one core."]
    return "\n".join(lines) + "\n"


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as cache:
        rows.append(measure("SQLite (the default)", str(Path(cache) / "classes.sqlite3"), Path(cache)))
        with redis_server() as url:
            rows.append(measure("Redis", url, Path(cache)))
    report = write_report(rows)
    print(report)
    if len(sys.argv) == 1:
        (ROOT / "docs" / "loadtest-class.md").write_text(report)


if __name__ == "__main__":
    main()
