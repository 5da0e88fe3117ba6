"""Attention maps packed for the browser, so that a view can switch layer and head without asking the server.

Every map travels as 16-bit fractions of 1: q = round(weight × 65535). A weight read back as q / 65535 is within
PRECISION of the model's (half a step): half of float32's bytes, and an even step over [0, 1] where float16
would keep 11 bits of each weight. Each sent layer carries its heads' maps and then their mean.

Layout: a little-endian uint32 header length, the JSON header, then the maps as little-endian uint16,
[layer, head or mean, query, key], in the order of header["layers"].
"""

import json
import struct

import numpy as np

from . import settings
from .attention import AttentionMaps

SCALE = 65535
PRECISION = 0.5 / SCALE
_HEADER_LENGTH = struct.Struct("<I")

# Every layer goes at once when it fits: at 128 tokens that is 2.4 MiB for the MiniLM default (6 × 12 heads)
# and 4.9 MiB for bert-base; a 512-token bert-base input would be 78 MiB, so then one layer goes at a time.
WHOLE_MODEL_BUDGET_BYTES = settings.attention_budget_bytes()


def layer_bytes(attention: AttentionMaps) -> int:
    tokens = attention.weights[0].shape[-1]
    return (attention.num_heads + 1) * tokens * tokens * 2


def layers_to_send(attention: AttentionMaps, wanted_layer: int, budget_bytes: int | None = None) -> list[int]:
    """Every layer when they fit the budget (WHOLE_MODEL_BUDGET_BYTES unless given), else only the wanted one
    (0-based)."""
    budget = WHOLE_MODEL_BUDGET_BYTES if budget_bytes is None else budget_bytes
    if layer_bytes(attention) * attention.num_layers <= budget:
        return list(range(attention.num_layers))
    return [wanted_layer]


def pack(attention: AttentionMaps, layers: list[int], meta: dict | None = None) -> bytes:
    """The maps of `layers` (0-based), with `meta` (anything JSON) added to the header."""
    heads, tokens = attention.num_heads, attention.weights[0].shape[-1]
    header = {**(meta or {}), "layers": list(layers), "heads": heads, "num_layers": attention.num_layers,
              "tokens": int(tokens), "scale": SCALE}
    text = json.dumps(header, separators=(",", ":")).encode()
    payload = bytearray(_HEADER_LENGTH.size + len(text) + len(layers) * layer_bytes(attention))
    _HEADER_LENGTH.pack_into(payload, 0, len(text))
    payload[_HEADER_LENGTH.size:_HEADER_LENGTH.size + len(text)] = text
    quantised = np.frombuffer(payload, dtype="<u2", offset=_HEADER_LENGTH.size + len(text))
    quantised = quantised.reshape(len(layers), heads + 1, tokens, tokens)
    # Written in place, a layer at a time, in float64 so that rounding to the step is exact: a whole
    # model's stacked copy in float64 was most of this function's time.
    for sent, layer in enumerate(layers):
        for rows, maps in ((slice(0, heads), attention.weights[layer]), (heads, attention.mean_over_heads[layer])):
            scaled = np.clip(maps, 0.0, 1.0).astype(np.float64) * SCALE
            quantised[sent, rows] = np.rint(scaled, out=scaled)
    return bytes(payload)


def unpack(payload: bytes) -> tuple[dict, np.ndarray]:
    """The header, and the maps as float64 [sent layers, heads + 1, T, T] (the last of each layer is the mean)."""
    (length,) = _HEADER_LENGTH.unpack_from(payload)
    header = json.loads(payload[_HEADER_LENGTH.size:_HEADER_LENGTH.size + length])
    tokens = header["tokens"]
    values = np.frombuffer(payload, dtype="<u2", offset=_HEADER_LENGTH.size + length)
    maps = values.reshape(len(header["layers"]), header["heads"] + 1, tokens, tokens)
    return header, maps / header["scale"]
