"""The sections a head page opens on request: one owner for their URL names and titles."""

from bert_explorer.heads import Head

# Every section a head page may have, by its URL name (`<head key>_open_<name>=true` opens it), with its title.
SECTIONS = {
    "formulas": "The softmax and the loss with these numbers",
    "mistakes": "Common mistakes, computed on these numbers",
    "random_b": "Your B against a random B",
    "by_hand": "Logits by hand: the head's own weights times its input",
    "pooler": "Pooler output against the [CLS] hidden state",
    "inside": "Inside one choice: its tokens, its logit by hand, its pooler, its attention",
    "words": "Per word: its tag and the sub-word it comes from",
    "spans": "The best span's numbers, why it won, and every candidate span",
    "gold": "The loss for a gold answer you type",
    "candidates": "Two candidates side by side",
    "tied": "Which vector this head reads, and its tied weights",
    "reads": "Which vector this head reads",
    "attention": "Attention maps",
    "tokens": "Tokens and input tensors",
    "why": "Why this logit? Attribution, the logit lens, a minimal pair",
    "compare": "Compare with the second checkpoint",
    "numbers": "Every number: the table and the downloads (CSV, JSON)",
}


def section_param(head: Head, name: str) -> str:
    """The URL parameter (and widget key) that says whether a section is open."""
    return head.param(f"open_{name}")
