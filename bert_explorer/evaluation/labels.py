"""A dataset's label names onto a model's label ids."""

from dataclasses import dataclass

import numpy as np

from ..errors import InputError


@dataclass(frozen=True)
class LabelMap:
    to_model: np.ndarray  # [data labels] the model's label id for each of the dataset's label ids
    note: str  # how the names were matched, in words


def _key(name: str) -> str:
    return name.strip().casefold()


def align(data_names: list[str], model_names: list[str], chosen: dict[str, str] | None = None) -> LabelMap:
    """Match each dataset label to the model label of the same name (case and surrounding spaces ignored),
    or to the one `chosen` names for it. Whole-number labels that match no name are read as label ids.
    Raises InputError naming every dataset label that has no model label."""
    chosen = chosen or {}
    by_name = {_key(name): k for k, name in enumerate(model_names)}
    if len(by_name) < len(model_names):
        raise InputError("The model's id2label has two labels with the same name; match by id instead.")
    as_ids = not any(_key(n) in by_name for n in data_names) and all(n.strip().isdigit() for n in data_names)
    mapping, unknown = [], []
    for name in data_names:
        target = chosen.get(name)
        if target is not None:
            mapping.append(model_names.index(target))
        elif as_ids and int(name) < len(model_names):
            mapping.append(int(name))
        elif _key(name) in by_name:
            mapping.append(by_name[_key(name)])
        else:
            unknown.append(name)
    if unknown:
        raise InputError(f"The model has no label {', '.join(map(repr, unknown))}: its labels are "
                         f"{', '.join(model_names)}. Rename them in the file, or map each one to a model label.")
    note = "Whole-number labels read as the model's label ids." if as_ids else "Labels matched by name."
    if chosen:
        note += f" Mapped by hand: {', '.join(f'{k} → {v}' for k, v in chosen.items())}."
    return LabelMap(np.array(mapping, dtype=np.int64), note)
