import threading
from dataclasses import dataclass

import numpy as np
import pytest
import torch

from bert_explorer.errors import InputError
from bert_explorer.shared_results import SharedResults, read_only_bytes


@dataclass(frozen=True)
class Result:
    logits: np.ndarray
    names: tuple[str, ...]


def test_the_same_key_is_computed_once_and_served_again():
    shared, calls = SharedResults(max_bytes=2**20), []

    def compute():
        calls.append(1)
        return Result(np.arange(4.0), ("a", "b"))

    first = shared.get(("head", "text"), compute)
    second = shared.get(("head", "text"), compute)
    assert second is first and len(calls) == 1
    assert shared.stats().computed == 1 and shared.stats().reused == 1


def test_callers_asking_at_once_share_one_computation():
    shared, calls, release = SharedResults(max_bytes=2**20), [], threading.Event()

    def slow():
        calls.append(1)
        release.wait(5)
        return Result(np.ones(3), ())

    got = []
    threads = [threading.Thread(target=lambda: got.append(shared.get("key", slow))) for _ in range(8)]
    for thread in threads:
        thread.start()
    while shared.stats().joined < 7:
        threading.Event().wait(0.01)
    release.set()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and len(got) == 8 and all(result is got[0] for result in got)


def test_kept_arrays_are_read_only_so_no_session_can_change_another_s():
    shared = SharedResults(max_bytes=2**20)
    result = shared.get("key", lambda: Result(np.zeros(3), ("x",)))
    with pytest.raises(ValueError, match="read-only"):
        result.logits[0] = 1.0


def test_least_recently_used_results_leave_first_when_over_the_byte_bound():
    kilobyte = np.zeros(128)  # 1,024 bytes
    shared = SharedResults(max_bytes=2_500)
    for key in "abc":
        shared.get(key, lambda: kilobyte.copy())
        if key == "b":
            shared.get("a", lambda: pytest.fail("a is still kept"))  # a is now the most recently used
    assert shared.stats().entries == 2 and shared.stats().bytes == 2_048
    shared.get("a", lambda: pytest.fail("a was used last, so b left instead"))
    recomputed = []
    shared.get("b", lambda: recomputed.append(1) or kilobyte.copy())
    assert recomputed == [1]


def test_a_result_larger_than_the_bound_is_returned_but_not_kept():
    shared = SharedResults(max_bytes=100)
    assert shared.get("big", lambda: np.zeros(1000)).shape == (1000,)
    assert shared.stats().entries == 0


def test_a_user_error_reaches_every_waiting_caller_and_is_not_kept():
    shared, release, calls = SharedResults(max_bytes=2**20), threading.Event(), []

    def failing():
        calls.append(1)
        release.wait(5)
        raise InputError("too long")

    errors = []

    def ask():
        try:
            shared.get("key", failing)
        except InputError as error:
            errors.append(str(error))

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    while shared.stats().joined < 2:
        threading.Event().wait(0.01)
    release.set()
    for thread in threads:
        thread.join()
    assert errors == ["too long"] * 3 and len(calls) == 1
    assert shared.get("key", lambda: "fixed") == "fixed"


def test_a_waiting_caller_computes_itself_when_the_owner_s_run_was_stopped():
    shared, release = SharedResults(max_bytes=2**20), threading.Event()

    class Stopped(Exception):
        pass

    def stopped():
        release.wait(5)
        raise Stopped

    owner_error, waiter_got = [], []

    def owner():
        try:
            shared.get("key", stopped)
        except Stopped:
            owner_error.append(1)

    first = threading.Thread(target=owner)
    first.start()
    while shared.stats().computed < 1:
        threading.Event().wait(0.01)
    second = threading.Thread(target=lambda: waiter_got.append(shared.get("key", lambda: "mine")))
    second.start()
    while shared.stats().joined < 1:
        threading.Event().wait(0.01)
    release.set()
    first.join()
    second.join()
    assert owner_error == [1] and waiter_got == ["mine"]


def test_bytes_count_arrays_tensors_and_containers_once_each():
    array = np.zeros(100, dtype=np.float32)
    tensor = torch.zeros(10, dtype=torch.float64)
    counted = read_only_bytes(Result(array, ("a",))) - read_only_bytes(Result(np.zeros(0, np.float32), ("a",)))
    assert counted == 400
    assert read_only_bytes([tensor]) - read_only_bytes([]) >= 80
    assert read_only_bytes([array, array]) - read_only_bytes([array]) < array.nbytes  # the same array twice


def test_a_result_computed_elsewhere_is_kept_and_peeked_without_computing():
    results = SharedResults(max_bytes=2**20)
    assert results.peek("evaluation") is None
    value = {"accuracy": np.array([0.5, 0.75])}
    results.put("evaluation", value)
    kept = results.peek("evaluation")
    assert kept is value and not kept["accuracy"].flags.writeable  # shared, so read-only
    assert results.get("evaluation", lambda: pytest.fail("a kept result is not computed again")) is value
    results.put("too large", np.zeros(2**20))  # 8 MiB over a 1 MiB bound: not kept
    assert results.peek("too large") is None
