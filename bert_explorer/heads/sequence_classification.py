from .head import READS_THE_POOLER, Head, LessonStep, MapBranch, Suggestion

HEAD = Head(
    "sequence_classification", "Sequence classification",
    "One label for a text or a text pair: logits, the activation the config implies, loss per gold label.",
    "AutoModelForSequenceClassification", "seq", "label", "zoo/sentiment-tweets", "logit k",
    inputs=("text", "pair"),
    lesson=(
        LessonStep("head_input", "The vector the head reads", *READS_THE_POOLER),
        LessonStep("logits", "Logits", "Is logit 0 label 0? How would you check?",
                   "Yes: logit k is label id k, and the config's id2label names it. Recomputing the logits from the "
                   "classifier's weights gives the same numbers."),
        LessonStep("activation", "Activation", "Softmax, sigmoid or nothing: which one turns these logits into the "
                   "prediction?", "The config decides: problem_type (or num_labels = 1) picks softmax for one "
                   "label, sigmoid for several, the identity for regression."),
        LessonStep("loss", "Loss", "If the gold were the label the model likes least, would the loss be large or "
                   "small?", "The loss is −log of the gold's probability: near 0 for a confident right answer, "
                   "large for an unlikely gold. The formula shows it with this input's numbers."),
    ),
    map=MapBranch("{cls}", "{pooler} → classifier {h}→{labels} → softmax (or sigmoid)", "[1, {labels}]"),
    suggestions=(
        Suggestion("google-bert/bert-base-cased-finetuned-mrpc", "BERT, MRPC paraphrase (text pair, 2 labels)"),
        Suggestion("distilbert/distilbert-base-uncased-finetuned-sst-2-english", "DistilBERT, SST-2 sentiment"),
        Suggestion("nlptown/bert-base-multilingual-uncased-sentiment", "BERT, 1–5 stars (5 labels)"),
        Suggestion("cardiffnlp/twitter-roberta-base-sentiment-latest", "RoBERTa, tweet sentiment (3 labels)"),
        Suggestion("unitary/toxic-bert", "BERT, toxicity (multi-label: sigmoid per label)"),
    ),
    evaluation="labels",
)
