"""One definition per term a page uses, for its help tooltips and the home page's glossary."""

TERMS = {
    "logit": "A raw score the head outputs, one per outcome, before any activation. Logit k belongs to label id k; "
             "higher means more likely, but only differences between logits matter to a softmax.",
    "softmax": "softmax(z)_k = exp(z_k) / Σ_j exp(z_j): turns a vector of logits into probabilities that are "
               "positive and sum to 1. Adding the same number to every logit leaves it unchanged.",
    "sigmoid": "σ(z) = 1 / (1 + exp(−z)): turns one logit into the probability of a yes/no. Multi-label heads apply "
               "it to each label separately, so the probabilities need not sum to 1.",
    "cross-entropy": "The training loss for one example: −log of the probability the model gave the gold outcome. "
                     "0 when that probability is 1; it grows without bound as the probability goes to 0.",
    "pooler": "BERT's pooler: one dense layer with tanh applied to the last hidden state of [CLS]. Sequence "
              "classification and next-sentence prediction read its output, not the raw [CLS] state.",
    "[CLS]": "The special token the tokenizer puts first. Its last hidden state summarises the sequence for the "
             "heads that score a whole sequence (through the pooler in BERT).",
    "attention head": "One of the parallel attention mechanisms in a layer: for each token, a softmax over all "
                      "tokens saying how much of each it mixes in. Each row of an attention map sums to 1.",
    "−100": "The label PyTorch's cross-entropy ignores (ignore_index = −100): special tokens, later sub-words of a "
            "word and unmasked positions get it, so they add nothing to the loss or to its average.",
    "id2label": "The config's map from logit index to label name. It, and not the order labels appeared in the "
                "training data, says what logit k means.",
    "temperature": "A number T the logits are divided by before the softmax: T > 1 flattens the probabilities, "
                   "T < 1 sharpens them; the argmax, and so the predicted label, never changes.",
}


def help_for(*terms: str) -> str:
    """Markdown for a help tooltip: each term in bold with its definition."""
    return "\n\n".join(f"**{term}**: {TERMS[term]}" for term in terms)
