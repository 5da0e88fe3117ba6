"""BertForPreTraining's loss: masked-LM loss + next-sentence loss."""

import streamlit as st

from bert_explorer import figures, formulas
from bert_explorer.errors import InputError
from bert_explorer.loading import LoadedModel
from bert_explorer.tasks.next_sentence import NSP_LABELS
from bert_explorer.tasks.pretraining import PretrainingResult, pretraining_loss
from components.services import plain_text


@st.fragment
def total_loss(loaded: LoadedModel, result: PretrainingResult, key: str) -> None:
    st.subheader("Total loss = MLM loss + NSP loss")
    masks = len(result.masked.masks)
    left, right = st.columns(2)
    typed = left.text_input(f"Gold word for each of the {masks} mask(s)", key=f"{key}_gold_words",
                            bind="query-params")
    names = figures.index_names(NSP_LABELS)
    nsp_label = right.selectbox("Gold next-sentence label", [0, 1], format_func=lambda k: names[k],
                                key=f"{key}_nsp_label")
    if not typed.strip():
        st.caption("Type the gold words to see both losses and their sum.")
        return
    try:
        loss = pretraining_loss(loaded, result, typed.split(), nsp_label)
    except InputError as error:
        plain_text.error(error)
        return
    a, b, c = st.columns(3)
    a.metric("MLM loss", f"{loss.masked.mean:.6f}")
    b.metric("NSP loss", f"{loss.next_sentence:.6f}")
    c.metric("Total loss", f"{loss.total:.6f}")
    st.latex(formulas.total_loss(loss.masked.mean, loss.next_sentence, loss.total))
    st.latex(formulas.mean_loss(loss.masked.per_mask, loss.masked.mean, formulas.MASKS))
    st.latex(formulas.cross_entropy(result.next_sentence.probabilities[nsp_label], loss.next_sentence, nsp_label))
