"""Which device and dtype a model runs on."""

import torch

AUTO = "auto"
CORES = torch.get_num_threads()  # as torch found them at start, before any thread changed its own count


def available_devices() -> list[str]:
    """Devices this machine can run on, best first."""
    devices = []
    if torch.cuda.is_available():
        devices.append("cuda")
    if torch.backends.mps.is_available():
        devices.append("mps")
    devices.append("cpu")
    return devices


def resolve_device(choice: str = AUTO) -> str:
    """'auto' means CUDA, then MPS, then CPU."""
    devices = available_devices()
    if choice == AUTO:
        return devices[0]
    if choice not in devices:
        raise ValueError(f"Device '{choice}' is not available here; choose one of {devices}.")
    return choice


def dtypes_for(device: str) -> list[str]:
    """Floating-point types worth offering on a device, float32 first."""
    if device == "cuda":
        kinds = ["float32", "float16"]
        if torch.cuda.is_bf16_supported():
            kinds.append("bfloat16")
        return kinds
    if device == "mps":
        return ["float32", "float16"]
    return ["float32", "bfloat16"]


def torch_dtype(name: str) -> torch.dtype:
    return {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}[name]


def use_threads(count: int | None = None) -> None:
    """The calling thread's torch CPU threads: `count`, or every core. A new thread starts with the count last set
    anywhere, so a long-lived thread sets its own."""
    torch.set_num_threads(count or CORES)
