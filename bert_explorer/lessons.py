"""Lesson mode: each head page's story as steps, each with a question to think about before the reveal and one or
two sentences after it. A step's name is the section of the page it shows. Every page opens and closes the same
way; the steps in between are the head's own, in its registry entry."""

from . import heads
from .heads import LessonStep

Step = LessonStep

INPUT = Step("input", "Input", "Before anything runs: what should this head say about the input below? Write your "
             "guess down.", "You can edit the input at any step (it folds away under the buttons after this step); "
             "every later step recomputes for the new input.")
TOKENS = Step("tokens", "Tokens", "How many tokens will the tokenizer make of this input, and which special tokens "
              "will it add?", "The model never sees words, only these ids: [CLS] first, [SEP] after each segment, "
              "and rare words split into '##' pieces.")
ATTENTION = Step("attention", "Attention", "In the last layer, which token do you expect [CLS] to attend to most?",
                 "Each row is a softmax over the tokens, so it sums to 1. Many heads park their weight on [SEP] or "
                 "[CLS]: an attention map shows where information can flow, not why the head decided.")
WHY = Step("why", "Why this logit?", "Which input tokens do you think pushed the predicted score up the most?",
           "Attribution splits the score's change from a baseline input across the tokens, and the parts add up "
           "(the arithmetic is shown). The logit lens runs the real head on every earlier layer.")


def lesson_for(head: str) -> tuple[Step, ...]:
    return (INPUT, TOKENS, *heads.get(head).lesson, ATTENTION, WHY)
