from .head import READS_THE_POOLER, REAL_BERT, Head, LessonStep, MapBranch, Suggestion

HEAD = Head(
    "next_sentence", "Next-sentence prediction",
    "Does sentence B follow sentence A? BertForNextSentencePrediction.",
    "BertForNextSentencePrediction", "nsp", "arrow_forward", "zoo/everyday-bert", "logit 0 or 1",
    inputs=("a", "b"),
    lesson=(
        LessonStep("head_input", "The vector the head reads", *READS_THE_POOLER),
        LessonStep("logits", "The two logits", "Index 0 or index 1: which one means 'B continues A'?",
                   "Index 0. In transformers, next_sentence_label = 0 is the true continuation."),
        LessonStep("activation", "Softmax, and a random B", "Would a random B get a much lower probability of "
                   "continuing A?", "Compare the two pairs: a model trained on next-sentence prediction separates "
                   "them; a random head does not."),
        LessonStep("loss", "Loss", "Which gold label gives the smaller loss here?",
                   "The one the model gives the higher probability: the loss is −log of that probability."),
    ),
    map=MapBranch("{cls}", "{pooler} → NSP layer {h}→2 → softmax (index 0 = B continues A)", "[1, 2]"),
    suggestions=(
        Suggestion("google-bert/bert-base-uncased", "BERT base, with its pre-trained NSP head"),
        Suggestion("google-bert/bert-base-cased", "BERT base cased, with its pre-trained NSP head"),
    ),
    real_checkpoint=REAL_BERT,
)
