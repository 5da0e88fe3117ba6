"""What came from the checkpoint, what is new, what was dropped."""

import streamlit as st

from bert_explorer import checkpoints, heads, zoo
from bert_explorer.loading import INIT_SEED, LoadedModel
from components.services import model_sidebar, plain_text

METRIC_NAMES = {
    "accuracy": "accuracy",
    "nsp_accuracy": "NSP accuracy",
    "masked_token_accuracy": "masked-token accuracy",
    "accuracy_from_nsp_head": "accuracy before training (NSP head as the score)",
    "chance": "chance",
    "mlm_loss": "masked-LM loss",
    "nsp_loss": "NSP loss",
    "f1": "entity F1",
    "precision": "precision",
    "recall": "recall",
    "handwritten_f1": "entity F1 on sentences written by hand",
    "exact_match": "exact match",
    "token_f1": "token F1",
    "handwritten_exact_match": "exact match on questions written by hand",
    "handwritten_token_f1": "token F1 on questions written by hand",
    "masked_token_top5": "masked-token top-5 accuracy",
    "everyday_cloze_top5": "top-5 hits on everyday cloze sentences written by hand",
}
# Metrics the model card lists and the banner leaves out, to keep it to two lines on a projector.
CARD_ONLY = {"everyday_masked_token_accuracy", "everyday_masked_token_top5", "everyday_masked_tokens",
             "lecturer_cloze_top5", "lecturer_cloze_sentences", "news_cloze_top5", "news_cloze_sentences"}


def show(loaded: LoadedModel) -> None:
    """The warnings, then what the model is (the Evaluate page: both at the top)."""
    show_warnings(loaded)
    show_about(loaded)


def show_warnings(loaded: LoadedModel) -> None:
    """What changes the meaning of every number below: the model opened offline instead, or a random head."""
    report = loaded.report
    real = checkpoints.opens_offline_instead(loaded.head)
    if real is not None and loaded.checkpoint == heads.get(loaded.head).default_checkpoint:
        st.info(f"**Offline, so this page opens on the project's small zoo model.** For the real BERT, run "
                f"`huggingface-cli download {real}` where the hub answers, into this server's Hugging Face cache, "
                "and restart the app.", icon=":material/wifi_off:")
    if report.head_is_random:
        st.warning(
            f"**Random head.** {len(report.missing)} weight(s) of this head are not in the checkpoint and were "
            f"newly initialised (seed {INIT_SEED}, so the same numbers on every load). "
            "The mechanics shown here are real; the predictions are not.",
            icon="⚠️",
        )


def show_about(loaded: LoadedModel) -> None:
    """The zoo's held-out scores for its own models, the model card and the loading report."""
    report = loaded.report
    entry = zoo.entry(loaded.checkpoint)
    if entry is not None and loaded.head not in entry.heads:
        entry = None
    if entry is not None:
        show_zoo_banner(entry)
    card, details = st.columns(2)  # side by side: one line of the first screen, not two
    if entry is not None:
        with card.expander("Model card: data, licence, recipe"):
            show_zoo_card(entry)
    with (details if entry is not None else card).expander(
        f"Loading report: {len(report.loaded)} loaded · {len(report.missing)} newly initialised · "
        f"{len(report.unexpected)} dropped"
    ):
        source = plain_text.markdown_literal(model_sidebar.checkpoint_label(loaded.checkpoint))
        st.markdown(f"`{type(loaded.model).__name__}` from {source}; weights: {report.weights_format}. "
                    "Never loaded with `trust_remote_code`.")
        for title, names in (
            ("Newly initialised (missing from the checkpoint)", report.missing),
            ("In the checkpoint but unused by this head (unexpected)", report.unexpected),
            ("Shape mismatch (re-initialised)", report.mismatched),
            ("Loaded from the checkpoint", report.loaded),
        ):
            st.markdown(f"**{title}: {len(names)}**")
            if names:
                st.code("\n".join(names), language=None)


def show_zoo_banner(entry: zoo.ZooEntry) -> None:
    """The held-out metrics recorded when `make zoo` built this checkpoint."""
    shown = {k: v for k, v in entry.metrics.items() if k not in CARD_ONLY}
    scores = " · ".join(f"{METRIC_NAMES[k]} **{v:.3f}**" for k, v in shown.items() if k in METRIC_NAMES)
    counts = ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in shown.items() if k not in METRIC_NAMES)
    st.success(f"**Trained by the project's zoo** ({entry.title}). Held out: {scores} ({counts}).",
               icon=":material/verified:")


def show_zoo_card(entry: zoo.ZooEntry) -> None:
    card = (entry.folder / "README.md").read_text().split("\n", 1)[1]  # without its title
    st.markdown(card.replace("\n## ", "\n#### "))
