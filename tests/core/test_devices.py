import pytest

from bert_explorer.devices import available_devices, dtypes_for, resolve_device


def test_auto_picks_the_best_available_device():
    assert resolve_device("auto") == available_devices()[0]
    assert available_devices()[-1] == "cpu"


def test_an_unavailable_device_is_refused():
    with pytest.raises(ValueError, match="not available"):
        resolve_device("tpu")


def test_float32_is_always_offered_first():
    for device in ("cpu", "cuda", "mps"):
        if device == "cuda" and "cuda" not in available_devices():
            continue
        assert dtypes_for(device)[0] == "float32"
