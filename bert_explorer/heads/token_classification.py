from .head import CONLL_2003_TAGS, Head, LessonStep, MapBranch, Suggestion

HEAD = Head(
    "token_classification", "Token classification (NER)",
    "A label for every token: logits, the word-level view, entities.",
    "AutoModelForTokenClassification", "ner", "format_color_text", "zoo/news-ner", "token t's logit for label k",
    inputs=("text",),
    lesson=(
        LessonStep("head_input", "The vectors the head reads", "Does a token-classification head read [CLS]?",
                   "No: every token's own last hidden state goes through the same classifier. There is no pooler."),
        LessonStep("logits", "Logits", "How many logits does the head output for this input?",
                   "Tokens × labels: one row per token, column k is label id k. Softmax runs along each row."),
        LessonStep("activation", "Predictions per word", "A word split into two sub-words gets two predictions. "
                   "Which one counts for the word?", "The first sub-word's. The others are shown but ignored, and "
                   "B-/I- tags are grouped into entities."),
        LessonStep("loss", "Loss", "Which positions should count in the loss?",
                   "Only labels that are not −100: the first sub-word of each word. Special tokens and later "
                   "sub-words are skipped, and the mean runs over the rest."),
    ),
    map=MapBranch("{every}", "classifier {h}→{labels} on every token → softmax per token", "[1, T, {labels}]"),
    suggestions=(
        Suggestion("dbmdz/bert-large-cased-finetuned-conll03-english", "BERT large, CoNLL-03 NER"),
        Suggestion("dslim/bert-base-NER", "BERT base, CoNLL-03 NER (BIO tags)"),
    ),
    labels_when_bare=CONLL_2003_TAGS,
    evaluation="tags",
)
