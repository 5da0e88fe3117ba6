"""One module per head: run it once and return a plain result."""

import importlib

from ..pipeline import Task


def task_for(head: str) -> Task:
    """The head's task: the one `Task` its module (tasks/<head>.py) offers."""
    module = importlib.import_module(f"{__name__}.{head}")
    (task,) = {value for value in vars(module).values() if isinstance(value, Task) and value.head == head}
    return task
