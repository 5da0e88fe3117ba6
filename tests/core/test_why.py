"""Attributions and the logit lens, each checked against an independent computation: a hand-written
Riemann sum, torch.autograd, direct re-runs, and the model's own outputs."""

import threading

import numpy as np
import pytest
import torch
import transformers
from captum.attr import LayerIntegratedGradients
from captum.attr._utils.approximation_methods import SUPPORTED_METHODS

from bert_explorer.errors import InputError
from bert_explorer.loading import load_model
from bert_explorer.tasks.masked_lm import fill
from bert_explorer.tasks.multiple_choice import choose
from bert_explorer.tasks.next_sentence import predict_next
from bert_explorer.tasks.pretraining import pretrain
from bert_explorer.tasks.question_answering import answer
from bert_explorer.tasks.sequence_classification import classify
from bert_explorer.tasks.token_classification import tag
from bert_explorer.why.attribution import (
    AUTO_GAP,
    DEFAULT_RULE,
    GRADIENT_X_INPUT,
    INTEGRATED_GRADIENTS,
    INTEGRATION_RULES,
    MAX_STEPS,
    MIN_STEPS,
    OCCLUSION,
    auto_steps,
    reference_ids,
)
from bert_explorer.why.explain import TokenEdit, attribution_table, explain, lens_table, named_target
from families import FAMILIES, HEADS, NOT_DRAWN
from tiny import save_checkpoint, small_config, tokenizer_of
from tolerance import assert_float32_close, float32_atol, float32_close

TEXT = "the film was good and the end was sad"
# Larger weights than the default initialisation, so logits move enough for the sums to mean something
# (and the path is curved enough for 20 steps to leave a gap), yet smooth enough for 300 steps to close it.
ENCODERS = {
    "bert": (transformers.BertForSequenceClassification, small_config(num_labels=3, initializer_range=0.5)),
    "roberta": (transformers.RobertaForSequenceClassification, small_config(
        transformers.RobertaConfig, num_labels=3, max_position_embeddings=66, pad_token_id=0, initializer_range=0.4)),
    "distilbert": (transformers.DistilBertForSequenceClassification, small_config(
        transformers.DistilBertConfig, num_labels=3, dim=32, n_layers=2, n_heads=4, hidden_dim=37,
        initializer_range=0.15)),
}
# Per head: the tiny checkpoint, the task and inputs of the tests' examples.
EXAMPLES = {
    "sequence_classification": ("bert-seq", classify, (TEXT, "i loved it")),
    "token_classification": ("bert-ner", tag, ("anna lives in paris",)),
    "question_answering": ("bert-qa", answer, ("where does anna live", "anna lives in paris near the river")),
    "multiple_choice": ("bert-mc", choose, ("the film was", ("good", "very bad indeed"))),
    "next_sentence": ("bert-pretraining", predict_next, ("the film was good", "it was long")),
    "masked_lm": ("bert-pretraining", fill, ("the [MASK] was good and [MASK] long",)),
    "pretraining": ("bert-pretraining", pretrain, ("the [MASK] was good", "it was long")),
}


@pytest.fixture(scope="module")
def encoders(tmp_path_factory):
    root = tmp_path_factory.mktemp("why")
    return {name: load_model(str(save_checkpoint(root / name, cls, config)), "sequence_classification")
            for name, (cls, config) in ENCODERS.items()}


def sequence_target(loaded, label=1):
    result = classify(loaded, TEXT)
    return classify.targets(loaded, result).target((label,))


def row_inputs(loaded, text=TEXT):
    """The model's tensors and the ids and special-token mask of the text, prepared as the page does."""
    with loaded.lock:
        prepared = classify.preprocess(loaded, text)
    return prepared.tensors, torch.from_numpy(prepared.encodings[0].special_tokens_mask)


def logit_of(loaded, target, **tensors) -> torch.Tensor:
    return target.values(getattr(loaded.model(**tensors, return_dict=True), target.output))


@pytest.mark.parametrize("family", sorted(ENCODERS))
def test_integrated_gradients_are_complete_and_the_gap_shrinks_with_steps(encoders, family):
    loaded = encoders[family]
    target = sequence_target(loaded)
    gaps = []
    for steps in (20, 300):
        attribution = explain(loaded, classify, (TEXT,), target, INTEGRATED_GRADIENTS, "pad", steps).attribution
        assert abs(attribution.expected_total) > 1e-3  # a real difference to explain
        assert attribution.gap == pytest.approx(attribution.total - attribution.expected_total)
        # Captum's delta is the same gap, computed its own way (a float32 sum of the attributions).
        summed = np.abs(attribution.per_token).sum()
        assert attribution.convergence_delta == float32_close(attribution.gap, summed, attribution.target_value,
                                                              attribution.baseline_value)
        gaps.append(abs(attribution.gap))
    assert gaps[1] < 0.01 * abs(attribution.expected_total)
    assert gaps[1] <= gaps[0] + float32_atol(summed, attribution.target_value)


@pytest.mark.parametrize("family", sorted(ENCODERS))
def test_steps_chosen_from_the_gap_stop_at_the_first_count_that_closes_it(encoders, family):
    loaded = encoders[family]
    target = sequence_target(loaded)
    chosen = explain(loaded, classify, (TEXT,), target, INTEGRATED_GRADIENTS, "pad", None).attribution
    assert chosen.tried == tuple(auto_steps()[:len(chosen.tried)]) and chosen.steps == chosen.tried[-1]
    closes = [abs(explain(loaded, classify, (TEXT,), target, INTEGRATED_GRADIENTS, "pad", n).attribution.gap)
              <= AUTO_GAP * abs(chosen.expected_total) for n in chosen.tried]
    # Each count tried before the last left too wide a gap; the last closed it (or was the most there is).
    assert not any(closes[:-1]) and (closes[-1] or chosen.steps == MAX_STEPS)
    fixed = explain(loaded, classify, (TEXT,), target, INTEGRATED_GRADIENTS, "pad", chosen.steps).attribution
    np.testing.assert_array_equal(chosen.per_token, fixed.per_token)  # the same run as asking for that count
    assert auto_steps() == [MIN_STEPS, 40, 80, 160, MAX_STEPS]


def test_integrated_gradients_match_a_hand_written_riemann_sum(encoders):
    loaded = encoders["bert"]
    target = sequence_target(loaded, 2)
    tensors, special = row_inputs(loaded)
    ids = tensors["input_ids"]
    reference = reference_ids(ids, special[None], tokenizer_of(loaded).pad_token_id)
    table = loaded.model.get_input_embeddings().weight.detach()
    x, baseline = table[ids], table[reference]
    others = {name: t for name, t in tensors.items() if name != "input_ids"}
    steps, total = 400, torch.zeros_like(x)
    for k in range(steps):  # the midpoint rule over the straight path from the baseline to the input
        point = (baseline + (k + 0.5) / steps * (x - baseline)).requires_grad_(True)
        value = logit_of(loaded, target, inputs_embeds=point, **others).sum()
        total += torch.autograd.grad(value, point)[0]
    by_hand = ((x - baseline) * total / steps).sum(-1)[0].numpy()
    shown = explain(loaded, classify, (TEXT,), target, INTEGRATED_GRADIENTS, "pad", 100).per_token
    np.testing.assert_allclose(shown, by_hand, atol=2e-3 * np.abs(by_hand).max())


def test_the_integration_rules_are_captums_own():
    assert set(INTEGRATION_RULES) == set(SUPPORTED_METHODS)
    assert DEFAULT_RULE == "gausslegendre"  # Captum's default: what the page runs unless told otherwise


@pytest.mark.parametrize("rule", sorted(INTEGRATION_RULES))
def test_each_integration_rule_gives_captums_attributions_and_gap_for_that_rule(encoders, rule):
    loaded = encoders["bert"]
    target = sequence_target(loaded)
    tensors, special = row_inputs(loaded)
    ids = tensors["input_ids"]
    others = {name: t for name, t in tensors.items() if name != "input_ids"}
    reference = reference_ids(ids, special[None], tokenizer_of(loaded).pad_token_id)
    captum = LayerIntegratedGradients(lambda input_ids: logit_of(loaded, target, input_ids=input_ids, **others),
                                      loaded.model.get_input_embeddings())
    values, delta = captum.attribute(ids, baselines=reference, n_steps=20, method=rule, return_convergence_delta=True)
    expected = values.sum(-1)[0].detach().numpy()
    shown = explain(loaded, classify, (TEXT,), target, INTEGRATED_GRADIENTS, "pad", 20, rule=rule).attribution
    assert shown.rule == rule
    assert_float32_close(shown.per_token, expected, np.abs(expected).sum())
    assert shown.gap == float32_close(float(delta), np.abs(expected).sum(), shown.target_value, shown.baseline_value)


@pytest.mark.parametrize("family", sorted(ENCODERS))
def test_gradient_times_input_matches_torch_autograd(encoders, family):
    loaded = encoders[family]
    target = sequence_target(loaded)
    tensors, _ = row_inputs(loaded)
    embedded = loaded.model.get_input_embeddings()(tensors["input_ids"]).detach().requires_grad_(True)
    others = {name: t for name, t in tensors.items() if name != "input_ids"}
    gradient = torch.autograd.grad(logit_of(loaded, target, inputs_embeds=embedded, **others).sum(), embedded)[0]
    expected = (gradient * embedded).sum(-1)[0].detach().numpy()
    shown = explain(loaded, classify, (TEXT,), target, GRADIENT_X_INPUT).per_token
    np.testing.assert_allclose(shown, expected, rtol=1e-4, atol=float32_atol(expected))


@pytest.mark.parametrize("baseline", ["pad", "mask", "unk"])
def test_occlusion_matches_direct_reruns(encoders, baseline):
    loaded = encoders["bert"]
    target = sequence_target(loaded)
    tensors, special = row_inputs(loaded)
    replacement = getattr(tokenizer_of(loaded), f"{baseline}_token_id")
    with torch.no_grad():
        original = float(logit_of(loaded, target, **tensors)[0])
        expected = []
        for position in range(tensors["input_ids"].shape[1]):
            ids = tensors["input_ids"].clone()
            if not special[position]:
                ids[0, position] = replacement
            expected.append(original - float(logit_of(loaded, target, **{**tensors, "input_ids": ids})[0]))
    shown = explain(loaded, classify, (TEXT,), target, OCCLUSION, baseline)
    # Captum runs the occluded inputs as one batch, the test one at a time: float32 at the logit's scale.
    assert_float32_close(shown.per_token, expected, original)
    assert_float32_close(shown.per_token[special.numpy().astype(bool)], [0.0, 0.0], original)


def test_a_split_word_gets_the_sum_of_its_pieces(encoders):
    loaded = encoders["bert"]
    explanation = explain(loaded, classify, ("unbelievable film",), sequence_target(loaded), GRADIENT_X_INPUT)
    split = [w for w in explanation.words if len(w.tokens) > 1]
    assert split, "the tiny vocabulary splits long words into pieces"
    for word in split:
        # Summed as the core sums them, in float64: the same computation, so the same number on any CPU.
        assert word.attribution == float(np.sum(explanation.per_token[list(word.tokens)], dtype=np.float64))
    table = attribution_table(explanation)
    assert list(table["token"]) == explanation.tokens and table["special"].iloc[0]


@pytest.mark.parametrize("head", sorted(EXAMPLES))
def test_the_target_indexes_the_logit_shown_and_the_lens_ends_on_the_models_output(checkpoints, head):
    checkpoint, task, inputs = EXAMPLES[head]
    loaded = load_model(str(checkpoints[checkpoint]), head)
    result = task(loaded, *inputs)
    space = task.targets(loaded, result)
    for picks in _every_pick(space):
        target = space.target(picks)
        explanation = explain(loaded, task, inputs, target)
        assert explanation.target_logit == float32_close(_shown_logit(head, result, picks))
        assert explanation.lens.logits[-1] == float32_close(explanation.target_logit)
        assert explanation.lens.last_layer_difference < float32_atol(explanation.lens.logits)
        assert len(explanation.lens.layers) == loaded.config.num_hidden_layers + 1


def _every_pick(space):
    """The default and each axis's last option (the corners a wrong index would miss)."""
    last = tuple(len(axis.options) - 1 for axis in space.axes)
    return [space.defaults, last, tuple(0 for _ in space.axes)]


def _shown_logit(head, result, picks) -> float:
    """The same logit, read from the page's own result."""
    if head in ("sequence_classification", "multiple_choice", "next_sentence"):
        return result.logits[picks[0]]
    if head == "token_classification":
        return result.logits[picks[0], picks[1]]
    if head == "question_answering":
        window = result.windows[result.best.window if result.best else 0]
        return (window.start_logits, window.end_logits)[picks[0]][picks[1]]
    masks = (result.masked if head == "pretraining" else result).masks
    if head == "pretraining":
        if picks[0] < 2:
            return result.next_sentence.logits[picks[0]]
        picks = (picks[0] - 2, picks[1])
    return masks[picks[0]].logits[masks[picks[0]].top_ids[picks[1]]]


@pytest.mark.parametrize("family", sorted(FAMILIES))
@pytest.mark.parametrize("head", HEADS)
def test_the_lens_reads_every_family_through_its_real_head(families, family, head):
    checkpoint, task, inputs = EXAMPLES[head]
    if head == "masked_lm":
        inputs = ("the [MASK] was good",)
    loaded = load_model(str(families[family]), head)
    result = task(loaded, *inputs)
    explanation = explain(loaded, task, inputs, task.targets(loaded, result).target())
    if (family, head) in NOT_DRAWN:
        assert explanation.lens is None and "not drawn" in explanation.lens_note
        return
    assert explanation.lens_note is None
    assert explanation.lens.last_layer_difference < float32_atol(explanation.lens.logits)


def test_a_named_word_and_a_minimal_pair(checkpoints):
    loaded = load_model(str(checkpoints["bert-pretraining"]), "masked_lm")
    inputs = ("the [MASK] was good",)
    result = fill(loaded, *inputs)
    target = named_target(loaded, fill.targets(loaded, result).target(), "film")
    film = tokenizer_of(loaded).convert_tokens_to_ids("film")
    assert target.index == film
    assert explain(loaded, fill, inputs, target).target_logit == float32_close(result.masks[0].logits[film])
    edited = explain(loaded, fill, inputs, target, GRADIENT_X_INPUT, edit=TokenEdit(4, "bad"))
    rerun = fill(loaded, "the [MASK] was bad")
    assert edited.tokens[4] == "bad"
    assert edited.target_logit == float32_close(rerun.masks[0].logits[film])
    with pytest.raises(InputError, match="one token"):
        explain(loaded, fill, inputs, target, edit=TokenEdit(4, "zzqqxx"))
    with pytest.raises(InputError, match="cannot be edited"):
        explain(loaded, fill, inputs, target, edit=TokenEdit(0, "bad"))


def test_the_shared_model_is_left_as_it_was(checkpoints):
    loaded = load_model(str(checkpoints["bert-qa"]), "question_answering")
    model = loaded.model
    inputs = EXAMPLES["question_answering"][2]
    target = answer.targets(loaded, answer(loaded, *inputs)).target()  # the page's run comes first
    before = {name: p.detach().clone() for name, p in model.state_dict().items()}
    wants_grad = {name: p.requires_grad for name, p in model.named_parameters()}
    hooks = _hooks(model)  # transformers installs output-capturing hooks of its own on a first run
    for method in (INTEGRATED_GRADIENTS, GRADIENT_X_INPUT, OCCLUSION):
        explain(loaded, answer, inputs, target, method, steps=20, progress=lambda _: None)
    assert all(p.grad is None for p in model.parameters())
    assert {name: p.requires_grad for name, p in model.named_parameters()} == wants_grad
    assert not model.training
    assert _hooks(model) == hooks
    for name, value in model.state_dict().items():
        assert torch.equal(value, before[name]), name


def _hooks(model):
    return [(name, list(m._forward_hooks), list(m._forward_pre_hooks), list(m._backward_hooks))
            for name, m in model.named_modules()]


def test_two_sessions_at_once_get_their_own_attributions(encoders):
    loaded = encoders["bert"]
    texts = ["the film was good", "the end was sad and long"]
    target = sequence_target(loaded)
    alone = [explain(loaded, classify, (t,), target, INTEGRATED_GRADIENTS, steps=40).per_token for t in texts]
    together, errors = {}, []

    def session(k):
        try:
            for _ in range(3):
                together.setdefault(k, []).append(
                    explain(loaded, classify, (texts[k],), target, INTEGRATED_GRADIENTS, steps=40).per_token)
        except Exception as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=session, args=(k,)) for k in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    for k in (0, 1):
        for shown in together[k]:
            np.testing.assert_allclose(shown, alone[k], atol=1e-6)


def test_bad_requests_are_refused_with_a_message(encoders, checkpoints):
    loaded = encoders["bert"]
    space = classify.targets(loaded, classify(loaded, TEXT))
    with pytest.raises(InputError, match="out of range"):
        space.target((7,))
    target = space.target()
    with pytest.raises(InputError, match="between 20 and 300"):
        explain(loaded, classify, (TEXT,), target, INTEGRATED_GRADIENTS, steps=5)
    with pytest.raises(InputError, match="baseline"):
        explain(loaded, classify, (TEXT,), target, OCCLUSION, baseline="cls")


def test_a_long_text_reports_progress_in_bounded_batches(encoders):
    loaded = encoders["bert"]
    seen = []
    long_text = " ".join(["the film was good"] * 200)  # truncated to the model's limit
    explanation = explain(loaded, classify, (long_text,), sequence_target(loaded), INTEGRATED_GRADIENTS,
                          steps=100, progress=seen.append)
    assert len(explanation.tokens) == loaded.max_length
    assert len(seen) >= 3 and seen == sorted(seen) and seen[-1] == 1.0


def test_embeddings_captum_cannot_reach_get_a_clear_message(checkpoints, monkeypatch):
    loaded = load_model(str(checkpoints["bert-seq"]), "sequence_classification")
    target = sequence_target(loaded)
    monkeypatch.setattr(loaded.model, "get_input_embeddings", lambda: None)
    with pytest.raises(InputError, match="token embeddings"):
        explain(loaded, classify, (TEXT,), target, INTEGRATED_GRADIENTS)
    assert explain(loaded, classify, (TEXT,), target, OCCLUSION).attribution is not None


def test_a_regression_score_has_no_probability(checkpoints):
    loaded = load_model(str(checkpoints["bert-regression"]), "sequence_classification")
    result = classify(loaded, TEXT)
    target = classify.targets(loaded, result).target()
    explanation = explain(loaded, classify, (TEXT,), target)
    assert not target.has_probabilities
    assert explanation.target_probability is None and explanation.lens.probabilities is None
    assert explanation.target_logit == float32_close(result.logits[0])
    assert all(probability is None for _, _, probability in explanation.outcomes)
    assert "probability" not in lens_table(explanation.lens).columns
