import streamlit as st

from bert_explorer.glossary import TERMS
from components.sections import class_view, map_view
from components.services import runs, shell

shell.page_frame("BERT Head Explorer", "What a BERT head does with its input, number by number.")
st.markdown(
    """
One encoder, seven heads. Every head below reads the encoder's last hidden states, but not the same
vector: the pooled heads read the first token ([CLS]) through the pooler, the token heads read every
token. Each page runs a real `transformers` model and shows the logits, the activation the config
implies, the loss for every possible gold label, the attention, and why (attributions and the logit lens).
Offline, each page opens on the project's zoo checkpoint for that head, else on the embedded
all-MiniLM-L6-v2 encoder; where the hub answers, the fill-in, next-sentence and pre-training pages open on
the real BERT (google-bert/bert-base-uncased). Pick any hub id or folder in a page's sidebar.
"""
)
st.subheader("Start here")
st.markdown(
    """
1. **Sequence classification**: is logit 0 label 0? Read `index → id2label` under the logits.
2. Scroll to **Pooler output vs [CLS]**: what the classifier really reads.
3. **Why this logit?**: press Explain, then check that the attributions add up (completeness).
4. **Token classification** and **Extractive QA**: the same encoder, now read at every token.
5. **Masked fill-in**, then **Pre-training**: the heads BERT was trained with.
"""
)
st.markdown("To teach one page step by step, add `?lesson=1` to its address (for example "
            "`/sequence_classification?lesson=1`): each step asks a question before it reveals one chart.")
st.subheader("In a class")
st.caption("Your lecturer gave you a class code? Join, answer each question before the model does, and see the "
           "class beside the model.")
class_view.join_form("home_join")
st.subheader("The map")
bert = runs.checked(map_view.map_for, st.query_params.get("checkpoint"))
if bert is not None:
    map_view.show(bert)
st.subheader("Glossary")
st.caption("The same definitions appear as the (?) tooltips next to the headings that use these terms.")
for term, definition in TERMS.items():
    st.markdown(f"**{term}**: {definition}")
