import os
from pathlib import Path

import pytest

# Tests never reach the Hugging Face hub.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_VERBOSITY"] = "error"
# AppTest has no listening address, which would read as "every interface": tests run as a person alone on
# 127.0.0.1 unless they turn public mode on themselves.
os.environ["BERT_EXPLORER_PUBLIC"] = "0"

import tiny  # noqa: E402

BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


def pytest_collection_modifyitems(items):
    """Every test under tests/browser drives Chromium: `-m "not browser"` (make test-fast) leaves them out."""
    for item in items:
        if BROWSER_TESTS in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def zoo_cache(tmp_path_factory):
    """Zoo checkpoints are assembled into a cache: a fresh one per run, not the user's."""
    os.environ["BERT_EXPLORER_CACHE"] = str(tmp_path_factory.mktemp("zoo-cache"))
    yield
    del os.environ["BERT_EXPLORER_CACHE"]


@pytest.fixture(scope="session")
def checkpoints(tmp_path_factory) -> dict[str, Path]:
    return tiny.build_all(tmp_path_factory.mktemp("checkpoints"))


@pytest.fixture
def forward_calls():
    """Count forward passes of a model: attach with `forward_calls(model)`."""
    handles, counter = [], {"n": 0}

    def attach(model):
        handles.append(model.register_forward_pre_hook(lambda *_: counter.__setitem__("n", counter["n"] + 1)))
        return counter

    yield attach
    for handle in handles:
        handle.remove()


@pytest.fixture(scope="session")
def families(tmp_path_factory) -> dict[str, Path]:
    from families import build_families

    return build_families(tmp_path_factory.mktemp("families"))
