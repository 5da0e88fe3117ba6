"""Extractive QA: start and end logits, the span they pick, the loss of a gold answer."""

import html

import streamlit as st

from bert_explorer import figures, formulas, glossary
from bert_explorer.errors import InputError
from bert_explorer.tasks.question_answering import (
    MAX_ANSWER_TOKENS,
    QuestionAnsweringResult,
    gold_span_loss,
    shortest_runner_up,
    span_loss,
    spans_table,
)
from components.services import plain_text

SPAN_MAP_OPEN_UP_TO = 64  # context tokens


def show_answer(result: QuestionAnsweringResult) -> None:
    best = result.best
    if best is None:
        st.warning("No valid span: the context has no tokens the answer could start and end on.")
        return
    window = result.windows[best.window]
    st.markdown(f"**Answer:** {plain_text.markdown_literal(best.text, limit=400)}")
    st.caption(f"Span score {best.score:.4f} (start + end logit) · P(start) × P(end) = {best.probability:.4f} · "
               f"{best.length} token{'' if best.length == 1 else 's'} · no-answer score "
               f"{window.no_answer_score:.4f}" + (f" · window {best.window + 1} of {len(result.windows)}"
                                                  if len(result.windows) > 1 else ""))
    first, last = max(0, best.char_start - 200), best.char_end + 200
    before = ("…" if first > 0 else "") + html.escape(result.context[first:best.char_start])
    after = html.escape(result.context[best.char_end:last]) + ("…" if last < len(result.context) else "")
    st.markdown(f'<div style="line-height:1.8">{before}<mark><b>{html.escape(best.text)}</b></mark>{after}</div>',
                unsafe_allow_html=True)


def show_spans(result: QuestionAnsweringResult) -> None:
    """The best span's numbers, why it won, and every candidate span."""
    best = result.best
    if best is not None:
        a, b, c, d = st.columns(4)
        a.metric("Span score (start + end logit)", f"{best.score:.4f}")
        b.metric("P(start) × P(end)", f"{best.probability:.4f}")
        c.metric("Length", f"{best.length} token{'' if best.length == 1 else 's'}")
        d.metric("No-answer score ([CLS] start + end)", f"{result.windows[best.window].no_answer_score:.4f}")
        st.caption(why_this_span(result))
    st.dataframe(spans_table(result), hide_index=True)


def why_this_span(result: QuestionAnsweringResult) -> str:
    """How start + end scoring picked the best span, with its numbers, against the shortest runner-up."""
    best = result.best
    said = (f"The best span maximises start_logit[s] + end_logit[e] over context tokens with s ≤ e and at most "
            f"{MAX_ANSWER_TOKENS} tokens: here {best.start_logit:.4f} + {best.end_logit:.4f} = {best.score:.4f}. "
            "The tokens in between are never counted, so a long span costs nothing and wins whenever its two "
            "ends score higher.")
    rival = shortest_runner_up(result)
    if rival is not None:
        rank = result.top_spans.index(rival) + 1
        said += (f" Rank {rank}, {rival.length} token{'s' if rival.length > 1 else ''} long, scores "
                 f"{rival.start_logit:.4f} + {rival.end_logit:.4f} = {rival.score:.4f}.")
    return said + " SQuAD 2.0 models answer “no answer” when the [CLS] score beats every span."


def pick_window(result: QuestionAnsweringResult, key: str) -> int:
    """The window the per-token views draw: the best span's, unless the user picks another."""
    index = result.best.window if result.best else 0
    if len(result.windows) > 1:
        index = st.selectbox("Window", range(len(result.windows)), index=index,
                             format_func=lambda w: f"window {w + 1}" + (
                                 " (best span)" if result.best and w == result.best.window else ""),
                             key=f"{key}_window")
    return index


STORY_HEIGHT = 250  # the answer and this chart share a projector's first screen


def show_logits(result: QuestionAnsweringResult, index: int, key: str) -> None:
    window = result.windows[index]
    tokens = figures.unique_labels(result.encodings[index].tokens)
    st.caption("One start logit and one end logit per token; the softmax runs over the positions.",
               help=glossary.help_for("logit", "softmax"))
    figure = figures.grouped_bars(tokens, {"start": window.start_logits, "end": window.end_logits},
                                  "Start and end logits", "logit", height=STORY_HEIGHT)
    st.plotly_chart(figure, key=f"{key}_start_end")
    figure = figures.grouped_bars(tokens, {"start": window.start_probabilities, "end": window.end_probabilities},
                                  "softmax over positions (start, end)", "probability")
    st.plotly_chart(figure, key=f"{key}_start_end_probabilities")
    context = window.context_tokens
    if len(context) and _span_map_opened(len(context), key):
        labels = [tokens[i] for i in context]
        st.plotly_chart(figures.heatmap(window.context_span_scores, labels, labels,
                                        "Span score (start × end), valid spans only", "end token", "start token",
                                        colorscale="Viridis"),
                        key=f"{key}_span_map")


def _span_map_opened(size: int, key: str) -> bool:
    """The start × end map has size² cells: drawn at once for a short context, on request for a long one."""
    return st.toggle(f"Span-score map ({size} × {size} context tokens)", value=size <= SPAN_MAP_OPEN_UP_TO,
                     key=f"{key}_show_span_map",
                     help=f"Opens by itself for contexts up to {SPAN_MAP_OPEN_UP_TO} tokens; a longer one's map is "
                          "built only when you switch it on.")


@st.fragment
def gold_answer(result: QuestionAnsweringResult, key: str) -> None:
    st.subheader("Loss against a gold answer", help=glossary.help_for("cross-entropy"))
    typed = st.text_input("Gold answer (copied from the context)", key=f"{key}_gold_answer", bind="query-params")
    st.caption("The QA loss is the mean of the cross-entropy of the start position and of the end position, "
               "each a softmax over every token of the window.")
    if result.best is not None:
        best = span_loss(result, result.best.window, result.best.start, result.best.end)
        st.caption("If the best span were the gold, with this input's numbers:")
        st.latex(formulas.span_loss(best.start_loss, best.end_loss, best.total))
    if not typed.strip():
        return
    try:
        loss = gold_span_loss(result, typed)
    except InputError as error:
        plain_text.error(error)
        return
    tokens = result.encodings[loss.window].tokens
    shown = plain_text.markdown_literal(' '.join(tokens[loss.start:loss.end + 1]))
    st.caption(f"Gold span: tokens {loss.start}–{loss.end} ({shown}) "
               f"in window {loss.window + 1}.")
    a, b, c = st.columns(3)
    a.metric("Start loss", f"{loss.start_loss:.6f}")
    b.metric("End loss", f"{loss.end_loss:.6f}")
    c.metric("QA loss (mean)", f"{loss.total:.6f}")
    st.latex(formulas.span_loss(loss.start_loss, loss.end_loss, loss.total))
