from .head import Head, LessonStep, MapBranch, Suggestion

HEAD = Head(
    "multiple_choice", "Multiple choice",
    "One score per (prompt, choice) pair; the softmax runs across the choices.",
    "AutoModelForMultipleChoice", "mc", "checklist", "zoo/bbc-next-sentence", "choice c's score",
    inputs=("prompt", "choices"),
    lesson=(
        LessonStep("head_input", "The vector each choice gives", "Does the model see the choices together, or one "
                   "at a time?", "One at a time: each (prompt, choice) pair is its own sequence, and its pooler "
                   "output goes through a classifier with one output."),
        LessonStep("logits", "One score per choice", "How many outputs does the classifier have?",
                   "One: each pair gets a single score, and the scores are reshaped to [batch, choices]."),
        LessonStep("activation", "Softmax across choices", "Softmax across what?",
                   "Across the choices, not across labels: the probabilities of the choices sum to 1."),
        LessonStep("loss", "Loss", "What is the gold label of a multiple-choice example?",
                   "The index of the right choice; the loss is −log of its probability across the choices."),
    ),
    map=MapBranch("each choice's h_[CLS]: [C, {h}]", "{pooler} → one score each ({h}→1) → softmax across the C "
                  "choices", "[1, C]"),
    suggestions=(Suggestion("google-bert/bert-base-uncased", "BERT base; its multiple-choice head is not trained"),),
)
