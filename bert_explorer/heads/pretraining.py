from .head import REAL_BERT, Head, LessonStep, MapBranch, Suggestion

HEAD = Head(
    "pretraining", "Pre-training (MLM + NSP)",
    "BertForPreTraining: the masked-LM and next-sentence heads in one pass.",
    "BertForPreTraining", "pre", "school", "zoo/everyday-bert", "either head's target",
    inputs=("a", "b"),
    lesson=(
        LessonStep("mlm", "The masked-LM head", "Which word belongs at the mask?",
                   "Every token's hidden state is scored against the whole vocabulary; the loss counts the masks "
                   "only."),
        LessonStep("nsp", "The next-sentence head", "Does B continue A, and which vector decides it?",
                   "The pooler output of [CLS] gives two logits; index 0 means B continues A."),
        LessonStep("loss", "The pre-training loss", "How are the two losses combined?",
                   "Added: the masked-LM loss (mean over the masks) plus the next-sentence loss."),
    ),
    map=MapBranch("{cls} and {every}", "the masked-LM and NSP heads above, in one pass; loss = MLM loss + NSP loss",
                  "[1, T, {v}] and [1, 2]"),
    suggestions=(Suggestion("google-bert/bert-base-uncased", "BERT base, both pre-training heads"),),
    real_checkpoint=REAL_BERT,
)
