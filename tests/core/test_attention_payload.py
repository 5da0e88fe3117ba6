import numpy as np
import torch
from transformers import AutoModel, AutoTokenizer

from bert_explorer import attention_payload
from bert_explorer.attention import summarise
from bert_explorer.loading import load_model
from bert_explorer.tasks.sequence_classification import classify

TEXT = "the film was a delight, from start to finish"


def models_own_attentions(checkpoint) -> torch.Tensor:
    """[layers, heads, T, T] from a separate instance, without the app's code."""
    model = AutoModel.from_pretrained(str(checkpoint), attn_implementation="eager")
    inputs = AutoTokenizer.from_pretrained(str(checkpoint))(TEXT, return_tensors="pt")
    with torch.no_grad():
        return torch.stack(model(**inputs, output_attentions=True).attentions)[:, 0]


def test_every_layer_decodes_to_the_models_attentions_within_the_stated_precision(checkpoints):
    result = classify(load_model(str(checkpoints["bert-seq"]), "sequence_classification"), TEXT)
    expected = models_own_attentions(checkpoints["bert-seq"])
    layers = attention_payload.layers_to_send(result.attention, 0)
    assert layers == list(range(result.attention.num_layers))  # a short input: every layer at once

    header, maps = attention_payload.unpack(attention_payload.pack(result.attention, layers, {"note": "kept"}))

    assert header["note"] == "kept" and header["heads"] == expected.shape[1] and header["tokens"] == expected.shape[-1]
    tolerance = attention_payload.PRECISION + 1e-6  # half a 16-bit step, plus float32's own rounding
    np.testing.assert_allclose(maps[:, :-1], expected.numpy(), rtol=0, atol=tolerance)
    np.testing.assert_allclose(maps[:, -1], expected.mean(dim=1).numpy(), rtol=0, atol=tolerance)
    # Coarser than that would not pass: the packing keeps 16 bits, not 8.
    assert np.abs(np.round(expected.numpy() * 255) / 255 - expected.numpy()).max() > tolerance


def test_a_long_input_sends_the_wanted_layer_only():
    weights = np.random.default_rng(0).dirichlet(np.ones(64), size=(3, 4, 64)).astype(np.float32)
    attention = summarise(list(weights), np.zeros(64, dtype=bool))
    per_layer = attention_payload.layer_bytes(attention)
    assert per_layer == 5 * 64 * 64 * 2  # four heads and their mean, two bytes a weight

    assert attention_payload.layers_to_send(attention, 1, budget_bytes=3 * per_layer) == [0, 1, 2]
    assert attention_payload.layers_to_send(attention, 1, budget_bytes=3 * per_layer - 1) == [1]
    header, maps = attention_payload.unpack(attention_payload.pack(attention, [1]))
    assert header["layers"] == [1] and header["num_layers"] == 3 and maps.shape == (1, 5, 64, 64)
    np.testing.assert_allclose(maps[0, 2], weights[1, 2], rtol=0, atol=attention_payload.PRECISION + 1e-7)
    np.testing.assert_allclose(maps[0, 4], weights[1].mean(axis=0), rtol=0, atol=attention_payload.PRECISION + 1e-7)


def test_the_extremes_are_exact():
    weights = np.zeros((1, 1, 2, 2), dtype=np.float32)
    weights[0, 0, :, 0] = 1.0
    _, maps = attention_payload.unpack(attention_payload.pack(summarise(list(weights), np.zeros(2, bool)), [0]))
    assert maps[0, 0].tolist() == [[1.0, 0.0], [1.0, 0.0]]
