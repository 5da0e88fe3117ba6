import threading
import time

import pytest

from bert_explorer.errors import CheckpointError
from bert_explorer.loading import load_model
from bert_explorer.model_cache import ModelCache, tensor_bytes


def test_the_least_recently_used_model_goes_first(checkpoints):
    cache = ModelCache(max_models=2)
    seq, ner, qa = str(checkpoints["bert-seq"]), str(checkpoints["bert-ner"]), str(checkpoints["bert-qa"])
    first = cache.get(seq, "sequence_classification", "cpu", "float32")
    cache.get(ner, "token_classification", "cpu", "float32")
    assert cache.get(seq, "sequence_classification", "cpu", "float32") is first  # now most recent
    cache.get(qa, "question_answering", "cpu", "float32")
    assert [k[0] for k in cache.keys()] == [seq, qa]


def test_a_memory_bound_evicts_too(checkpoints):
    one = load_model(str(checkpoints["bert-seq"]), "sequence_classification")
    cache = ModelCache(max_models=8, max_bytes=int(tensor_bytes([one]) * 1.5))
    cache.get(str(checkpoints["bert-seq"]), "sequence_classification", "cpu", "float32")
    cache.get(str(checkpoints["bert-ner"]), "token_classification", "cpu", "float32")
    assert len(cache.keys()) == 1 and cache.keys()[0][0] == str(checkpoints["bert-ner"])


def test_shared_encoders_are_counted_once(checkpoints):
    path = str(checkpoints["bert-pretraining"])
    heads = [load_model(path, head) for head in ("sequence_classification", "next_sentence", "masked_lm")]
    assert tensor_bytes(heads) < 1.5 * tensor_bytes(heads[:1])


def test_simultaneous_requests_load_once(checkpoints):
    calls = []

    def slow_loader(*key):
        calls.append(key)
        time.sleep(0.3)
        return load_model(*key)

    cache = ModelCache(loader=slow_loader)
    results = []
    threads = [threading.Thread(target=lambda: results.append(
        cache.get(str(checkpoints["bert-seq"]), "sequence_classification", "cpu", "float32"))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert all(result is results[0] for result in results)


def test_a_failed_load_is_not_cached(tmp_path):
    cache = ModelCache()
    for _ in range(2):
        with pytest.raises(CheckpointError):
            cache.get(str(tmp_path / "missing"), "sequence_classification", "cpu", "float32")
    assert cache.keys() == []
