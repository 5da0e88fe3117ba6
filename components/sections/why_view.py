"""The "Why" section every head page ends with: pick one logit, attribute it to the input tokens,
read it through the real head at every layer, and compare it with one token edited.

It is a fragment: its widgets rerun only this section, and nothing runs the model until
"Explain" is pressed. The last explanation stays on screen while its settings are unchanged.
"""

import html
from dataclasses import asdict, dataclass, replace

import numpy as np
import streamlit as st

from bert_explorer import figures
from bert_explorer.export import to_json
from bert_explorer.targets import Target
from bert_explorer.why.attribution import (
    AUTO_GAP,
    BASELINES,
    DEFAULT_RULE,
    GRADIENT_X_INPUT,
    INTEGRATED_GRADIENTS,
    INTEGRATION_RULES,
    MAX_STEPS,
    METHODS,
    MIN_STEPS,
    OCCLUSION,
)
from bert_explorer.why.explain import (
    TokenEdit,
    attribution_table,
    editable_default,
    explain,
    lens_table,
    named_target,
)
from components.services import plain_text, runs

DEFAULT_STEPS = 50
WHY_LOGITS = ("Attributions explain the **logit**, not the probability: softmax saturates (a logit can keep "
              "rising while its probability stays at 1.00) and couples the outcomes (one label's probability "
              "moves when another label's logit does), so the logit is the number the tokens push directly.")
LENS_NOTE = ("Each layer's hidden states are read by the head the model really uses, as if that layer were the "
             "last. Earlier layers were never trained to be read this way: the lens shows where the target "
             "takes shape, not what the earlier layers 'mean'.")
SCORE_NOTE = ("This head's activation is the identity (a regression score): the logit is the score itself, "
              "so there is no probability to show.")
POSITIONS_NOTE = "Numbers are token positions, [CLS] at 0; a word is numbered by the tokens it covers."
COMPLETENESS = {
    INTEGRATED_GRADIENTS: "Integrated Gradients is complete: the attributions add up to f(x) − f(baseline) "
                          "exactly in the limit. Here the path integral is approximated by a {rule} over {steps} "
                          "steps{chosen}, and the gap is that approximation's error; more steps shrink it. Captum's "
                          "convergence delta is that same gap, computed by Captum.",
    OCCLUSION: "Occlusion removes one token at a time, so it misses what tokens do together: its sum need not "
               "equal f(x) − f(baseline), where every word is replaced at once.",
    GRADIENT_X_INPUT: "Gradient × input is a first-order estimate at the input itself: it has no baseline and no "
                      "completeness guarantee.",
}


@dataclass(frozen=True)
class Settings:
    """The section's attribution settings, as `explain` takes them."""

    method: str
    baseline: str
    steps: int | None  # None: Integrated Gradients takes as many as its completeness gap needs
    rule: str


@dataclass(frozen=True)
class Question:
    """What an explanation depends on besides the model: the head's input, the target, the settings, the edit."""

    head: str
    inputs: tuple
    target: Target
    settings: Settings
    edit: TokenEdit | None


@st.fragment
def show(page, task, inputs: tuple, result) -> None:
    key = f"{page.key}_why"
    loaded = page.loaded
    st.header("Why this logit?")
    st.caption(WHY_LOGITS)
    space = task.targets(loaded, result)
    columns = st.columns(len(space.axes))
    picks = tuple(_pick(column, axis, f"{key}_{axis.name}") for column, axis in zip(columns, space.axes))
    target = space.target(picks)
    if space.names_a_word:
        word = st.text_input("…or name a word (it replaces the ranked token)", key=f"{key}_word",
                             bind="query-params")
        if word.strip():
            target = runs.checked(named_target, loaded, target, word) or target
    st.markdown(f"Target: **{plain_text.markdown_literal(target.label)}**")
    settings = _settings(key)
    edit = _edit(key, loaded, result.encodings[target.row])
    question = Question(task.head, inputs, target, settings, edit)
    slot = f"{page.key}_why"
    if st.button("Explain", type="primary", key=f"{key}_run"):
        _compute(slot, question, loaded, task)
    kept = runs.kept(slot, runs.request(loaded, "why", question))
    if kept is None:
        st.info("Press **Explain** to attribute this target and read it layer by layer (the model runs then, "
                "not on every change).")
        return
    original, edited = kept
    _draw(original, key)
    if edited is not None:
        _minimal_pair(original, edited, key)
    _downloads(original, edited, key)


def _pick(column, axis, widget_key: str):
    _warn_if_ignored(widget_key, axis.options, axis.name)
    chosen = column.selectbox(axis.name.capitalize(), axis.options, index=axis.default, key=widget_key,
                              bind="query-params")
    return axis.options.index(chosen)


def _warn_if_ignored(widget_key: str, allowed, what: str) -> None:
    """Say so when the URL asked for a value this result does not offer (the widget then keeps its default)."""
    asked = st.query_params.get(widget_key)
    if asked is not None and asked not in [str(a) for a in allowed]:
        plain_text.warning(f"The link asks for {what} '{asked}', which is not one of the choices here; the default "
                           "is shown.")


def _settings(key: str) -> Settings:
    left, middle, right, last = st.columns(4)
    _warn_if_ignored(f"{key}_method", METHODS.values(), "method")
    _warn_if_ignored(f"{key}_baseline", [_token_name(b) for b in BASELINES], "baseline")
    method = left.selectbox("Method", list(METHODS), format_func=METHODS.get, key=f"{key}_method",
                            bind="query-params")
    baseline = middle.selectbox("Baseline token", BASELINES, format_func=_token_name,
                                key=f"{key}_baseline", bind="query-params",
                                help="Stands in for every token except [CLS], [SEP] and padding; "
                                     "same attention mask and token types.")
    _warn_if_ignored(f"{key}_steps", range(MIN_STEPS, MAX_STEPS + 1), "steps")
    # A link that names a step count (made before steps could be chosen from the gap) keeps it.
    auto = right.toggle("Steps from the gap", value=f"{key}_steps" not in st.query_params, key=f"{key}_auto_steps",
                        bind="query-params",
                        help=f"From {MIN_STEPS} steps, doubled (at most {MAX_STEPS}) until Σ attributions is within "
                             f"{AUTO_GAP:.0%} of f(x) − f(baseline).")
    steps = right.slider("Integration steps", MIN_STEPS, MAX_STEPS, DEFAULT_STEPS, key=f"{key}_steps",
                         bind="query-params", disabled=auto)
    _warn_if_ignored(f"{key}_rule", [_rule_name(r) for r in INTEGRATION_RULES], "integration rule")
    rule = last.selectbox("Integration rule", list(INTEGRATION_RULES), format_func=_rule_name,
                          index=list(INTEGRATION_RULES).index(DEFAULT_RULE), key=f"{key}_rule",
                          bind="query-params", help="How Integrated Gradients approximates its path integral "
                                                    "(Captum's rules); the gap below is this rule's error.")
    return Settings(method, baseline, None if auto else int(steps), rule)


def _rule_name(rule: str) -> str:
    return INTEGRATION_RULES[rule][0].upper() + INTEGRATION_RULES[rule][1:]


def _token_name(baseline: str) -> str:
    return f"[{baseline.upper()}]"


def _edit(key: str, loaded, encoding) -> TokenEdit | None:
    if not st.checkbox("Minimal pair: edit one token and compare", key=f"{key}_pair", bind="query-params"):
        return None
    editable = [p for p in range(len(encoding.tokens)) if not encoding.special_tokens_mask[p]]
    if not editable:
        st.warning("This input has no token to edit.")
        return None
    left, right = st.columns(2)
    position = left.selectbox("Token to edit", editable, format_func=lambda p: f"{p} {encoding.tokens[p]}",
                              key=f"{key}_edit_at")
    replacement = right.text_input("Replace it with", value=editable_default(loaded), key=f"{key}_edit_with")
    return TokenEdit(int(position), replacement)


def _compute(slot: str, question: Question, loaded, task) -> None:
    bar = st.progress(0.0, text="Attributing…")
    runs_needed = 1 if question.edit is None else 2

    def step(done: int):
        return lambda fraction: bar.progress((done + fraction) / runs_needed, text="Attributing…")

    # Shared between sessions: a class pressing Explain on the same example runs the attribution once; the
    # original input's explanation is the same request without the edit.
    options = asdict(question.settings)  # method, baseline, steps, rule: explain's own keywords
    asked = (loaded, task, question.inputs, question.target)
    key = runs.request(loaded, "why", question)
    original = runs.checked(runs.shared, runs.request(loaded, "why", replace(question, edit=None)), explain,
                            *asked, progress=step(0), **options)
    edited = None
    if original is not None and question.edit is not None:
        edited = runs.checked(runs.shared, key, explain, *asked, edit=question.edit, progress=step(1), **options)
    bar.empty()
    if original is not None:
        runs.keep(slot, key, (original, edited))


def _draw(explanation, key: str) -> None:
    left, right = st.columns(2)
    left.metric("Target logit f(x)", f"{explanation.target_logit:.6f}")
    if explanation.target_probability is None:
        right.caption(SCORE_NOTE)
    else:
        right.metric("Its probability", f"{explanation.target_probability:.6f}")
    attribution = explanation.attribution
    st.subheader(f"Attribution: {METHODS[attribution.method]}")
    st.markdown(_coloured_text(explanation.tokens, explanation.per_token), unsafe_allow_html=True)
    st.caption(POSITIONS_NOTE)
    st.plotly_chart(figures.signed_bars(figures.unique_labels(explanation.tokens), explanation.per_token,
                                        "Attribution per token (special tokens included)", "attribution"),
                    key=f"{key}_attribution")
    if explanation.words:
        st.plotly_chart(figures.signed_bars([_word_label(w) for w in explanation.words],
                                            [w.attribution for w in explanation.words],
                                            "Attribution per word (a split word sums its pieces)", "attribution",
                                            "word"),
                        key=f"{key}_words")
    _completeness(attribution)
    _lens(explanation, key)


def _word_label(word) -> str:
    """A word by the token positions it covers, the numbering of the token chart ('2 hotel', '3–4 unbelievable')."""
    first, last = word.tokens[0], word.tokens[-1]
    return f"{first} {word.text}" if first == last else f"{first}–{last} {word.text}"


def _completeness(attribution) -> None:
    st.subheader("Completeness")
    values = {"Σ attributions": attribution.total}
    if attribution.expected_total is not None:
        values |= {f"f(baseline), baseline {_token_name(attribution.baseline)}": attribution.baseline_value,
                   "f(x) − f(baseline)": attribution.expected_total, "gap": attribution.gap}
    if attribution.convergence_delta is not None:
        values["Captum's convergence delta"] = attribution.convergence_delta
    items = list(values.items())
    for start in range(0, len(items), 3):
        for column, (name, value) in zip(st.columns(3), items[start:start + 3]):
            column.metric(name, f"{value:.7g}")
    rule = INTEGRATION_RULES.get(attribution.rule or "")
    chosen = (f" (chosen from the gap: {', '.join(map(str, attribution.tried))} tried, the last kept)"
              if attribution.tried else "")
    st.caption(COMPLETENESS[attribution.method].format(steps=attribution.steps, rule=rule, chosen=chosen))


def _lens(explanation, key: str) -> None:
    st.subheader("Logit lens through the real head")
    lens = explanation.lens
    if lens is None:
        st.info(explanation.lens_note)
        return
    st.caption(LENS_NOTE)
    st.metric("Last layer vs the model's own output: max |difference|", f"{lens.last_layer_difference:.2e}",
              help="Float rounding only: every layer goes through the head in one batch, the model's own pass "
                   "in another shape.")
    left, right = st.columns(2)
    left.plotly_chart(figures.lines({"target logit": lens.logits}, "Target logit by layer", "layer", "logit",
                                    x=lens.layers), key=f"{key}_lens_logit")
    if lens.probabilities is not None:
        right.plotly_chart(figures.lines({"probability": lens.probabilities}, "Its probability by layer", "layer",
                                         "probability", x=lens.layers), key=f"{key}_lens_probability")
    st.dataframe(lens_table(lens), hide_index=True)


def _minimal_pair(original, edited, key: str) -> None:
    st.subheader("Minimal pair")
    position = edited.edited.position
    st.markdown(f"Token {position}: **{plain_text.markdown_literal(original.tokens[position])}** → "
                f"**{plain_text.markdown_literal(edited.tokens[position])}**; everything else is the same input.")
    for column, (name, explanation) in zip(st.columns(2), (("original", original), ("edited", edited))):
        column.metric(f"Target logit, {name}", f"{explanation.target_logit:.6f}")
        outcomes = {"outcome": [o[0] for o in explanation.outcomes], "logit": [o[1] for o in explanation.outcomes]}
        if explanation.target_probability is not None:
            column.metric(f"Probability, {name}", f"{explanation.target_probability:.6f}")
            outcomes["probability"] = [o[2] for o in explanation.outcomes]
        column.dataframe(outcomes, hide_index=True)
    labels = [f"{i} {a}" if a == b else f"{i} {a}→{b}" for i, (a, b) in enumerate(zip(original.tokens, edited.tokens))]
    st.plotly_chart(figures.grouped_bars(labels, {"original": original.per_token, "edited": edited.per_token},
                                         "Attribution per token, original and edited", "attribution"),
                    key=f"{key}_pair_chart")


def _downloads(original, edited, key: str) -> None:
    tables = {"attributions": attribution_table(original)}
    if original.lens is not None:
        tables["lens"] = lens_table(original.lens)
    columns = st.columns(len(tables) + 1)
    for column, (name, table) in zip(columns, tables.items()):
        column.download_button(f"{name.capitalize()} (CSV)", lambda t=table: t.to_csv(index=False).encode(),
                               f"why-{name}.csv", "text/csv", key=f"{key}_{name}_csv", on_click="ignore")
    payload = {"original": original, "edited": edited}
    columns[-1].download_button("Explanation (JSON)", lambda: to_json(payload).encode(), "why.json",
                                "application/json", key=f"{key}_json", on_click="ignore")


def _coloured_text(tokens: list[str], values: np.ndarray) -> str:
    """The tokens as text, each shaded by its attribution (red up, blue down), specials included."""
    scale = float(np.max(np.abs(values))) or 1.0
    spans = []
    for token, value in zip(tokens, values):
        alpha = abs(float(value)) / scale
        colour = f"rgba(214,39,40,{alpha:.2f})" if value > 0 else f"rgba(31,119,180,{alpha:.2f})"
        spans.append(f'<span title="{value:+.5f}" style="background:{colour};padding:1px 3px;margin:1px;'
                     f'border-radius:3px">{html.escape(token)}</span>')
    return " ".join(spans)
