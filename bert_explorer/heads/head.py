"""What a head is: everything the app needs to know about one, declared in one entry (`heads/<name>.py`)."""

from dataclasses import dataclass

EMBEDDED_DEFAULT = "embedded/all-MiniLM-L6-v2"
REAL_BERT = "google-bert/bert-base-uncased"  # BERT's own pre-trained masked-LM and next-sentence heads
CONLL_2003_TAGS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")


@dataclass(frozen=True)
class Suggestion:
    checkpoint: str
    note: str


@dataclass(frozen=True)
class LessonStep:
    name: str  # the page section this step shows
    title: str
    question: str  # asked before the reveal
    point: str  # said after it


@dataclass(frozen=True)
class MapBranch:
    """How the home page's map of BERT draws the head. Templates over the encoder's sizes: {h} hidden, {v}
    vocabulary, {labels} the head's label count; {cls}, {every} and {pooler} name the shared vectors."""

    reads: str  # the vector the head reads, with its shape
    does: str  # what the head computes from it
    output: str  # its logits' shape


@dataclass(frozen=True)
class Head:
    name: str  # also its task module (tasks/<name>.py), page (pages/<name>.py), view and URL path (/<name>)
    title: str
    caption: str  # one line under the page title
    model_class: str  # the transformers class that builds it
    key: str  # prefix of the page's widget keys and URL parameters
    icon: str  # a Material icon name, for the navigation
    default_checkpoint: str  # what the page opens on offline
    explains: str  # the scalar a "why" view can be asked about
    inputs: tuple[str, ...]  # its input boxes, as their URL parameters name them after the key: text, pair, …
    lesson: tuple[LessonStep, ...]  # lesson mode's steps of its own, between the input and attention steps
    map: MapBranch
    suggestions: tuple[Suggestion, ...] = ()  # well-known hub checkpoints (they need the hub or a local cache)
    # Labels a new, randomly initialised head gets when the checkpoint has none of its own for this head
    # (a bare encoder): a real tag scheme rather than transformers' LABEL_0, LABEL_1.
    labels_when_bare: tuple[str, ...] = ()
    evaluation: str | None = None  # how the Evaluate page scores it: "labels", "tags" or "spans"; None: it does not
    # The real pre-trained model the page opens on instead of `default_checkpoint` when the hub answers or the
    # local Hugging Face cache holds it (checkpoints.opening_checkpoint).
    real_checkpoint: str | None = None

    @property
    def page(self) -> str:
        return f"pages/{self.name}.py"

    def param(self, name: str) -> str:
        """The URL parameter (and widget key) of one of its inputs or settings: "text" -> "seq_text"."""
        return f"{self.key}_{name}"


# Two heads read the pooler, and their lessons ask the same question about it.
READS_THE_POOLER = ("Does the classifier read the last hidden state of [CLS] directly?",
                    "Not in BERT: it reads the pooler output, tanh(W·h_CLS + b), a different vector: compare their "
                    "norms and their cosine.")
