from .head import REAL_BERT, Head, LessonStep, MapBranch, Suggestion

HEAD = Head(
    "masked_lm", "Masked fill-in",
    "What the masked-LM head predicts at each mask token, over the whole vocabulary.",
    "AutoModelForMaskedLM", "mlm", "edit_note", "zoo/everyday-bert", "a token's logit at mask m",
    inputs=("text",),
    lesson=(
        LessonStep("head_input", "The vectors the head reads", "Is the matrix that scores the vocabulary a new one?",
                   "It is tied: the decoder is the input word-embedding matrix, after a dense + GELU + LayerNorm "
                   "transform of each token's hidden state."),
        LessonStep("logits", "Predictions at each mask", "Which word would you put at the mask? Will the model "
                   "agree?", "There is one logit per vocabulary entry at each mask, and a softmax over the whole "
                   "vocabulary."),
        LessonStep("activation", "Words you name", "Which of two plausible words will get more probability?",
                   "Any word can be scored: its logit, probability, rank and the loss if it were gold."),
        LessonStep("loss", "Loss", "Which positions does the masked-LM loss count?",
                   "Only the masks: every other label is −100. The loss is the mean over the masks."),
    ),
    map=MapBranch("{every}", "transform (dense + gelu + LayerNorm) → decoder {h}→{v}, tied to the input embeddings",
                  "[1, T, {v}]"),
    suggestions=(
        Suggestion("google-bert/bert-base-uncased", "BERT base, pre-trained masked-LM head"),
        Suggestion("distilbert/distilbert-base-uncased", "DistilBERT, masked-LM head"),
        Suggestion("FacebookAI/roberta-base", "RoBERTa base, masked-LM head (<mask>)"),
    ),
    real_checkpoint=REAL_BERT,
)
