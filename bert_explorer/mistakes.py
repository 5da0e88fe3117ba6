"""Classic loss and label bugs, each computed: the number the bug gives next to the right one.

Every function takes a head's real outputs and returns a Mistake whose wrong numbers come from
running the buggy computation itself (in torch), never from a description of it.
"""

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from .errors import InputError
from .scores import IGNORE_INDEX


@dataclass(frozen=True)
class Quantity:
    name: str
    right: float
    wrong: float


@dataclass(frozen=True)
class Mistake:
    title: str
    code: str  # the buggy line, as it is usually written
    quantities: tuple[Quantity, ...]
    effect: str  # what the bug does, with these numbers


def _tensor(values) -> torch.Tensor:
    return torch.as_tensor(np.asarray(values, dtype=np.float64))


def _rows(logits, gold) -> tuple[torch.Tensor, torch.Tensor]:
    z = _tensor(logits)
    z = z[None] if z.ndim == 1 else z
    y = torch.as_tensor(np.atleast_1d(np.asarray(gold, dtype=np.int64)))
    if len(y) != len(z) or len(z) == 0:
        raise InputError("Each row of logits needs one gold label.")
    if int(y.min()) < 0 or int(y.max()) >= z.shape[1]:
        raise InputError(f"Gold labels must lie in 0 to {z.shape[1] - 1}.")
    return z, y


def _accuracy(predicted: torch.Tensor, gold: torch.Tensor) -> float:
    return float((predicted == gold).double().mean())


def softmax_twice(logits, gold) -> Mistake:
    """Probabilities passed to CrossEntropyLoss, which applies its own log-softmax."""
    z, y = _rows(logits, gold)
    right, wrong = F.cross_entropy(z, y).item(), F.cross_entropy(z.softmax(-1), y).item()
    classes = z.shape[1]
    floor = -np.log(np.e / (np.e + classes - 1))
    return Mistake(
        "Softmax applied before CrossEntropyLoss",
        "loss = nn.CrossEntropyLoss()(logits.softmax(-1), labels)",
        (Quantity("mean loss", right, wrong),
         Quantity("accuracy", _accuracy(z.argmax(-1), y), _accuracy(z.softmax(-1).argmax(-1), y))),
        f"CrossEntropyLoss already takes a log-softmax, so the probabilities (all in [0, 1]) are treated as logits: "
        f"with {classes} labels the loss can never fall below −log(e/(e+{classes - 1})) = {floor:.4f}, however sure "
        "and right the model is, and its gradient is squashed. The argmax, and so the accuracy, does not change: the "
        "bug shows only in training.",
    )


def binary_cross_entropy_for_one_label(logits, gold) -> Mistake:
    """A single-label head trained and read with sigmoid/BCE instead of softmax/CE."""
    z, y = _rows(logits, gold)
    one_hot = F.one_hot(y, z.shape[1]).double()
    on = z.sigmoid() >= 0.5
    exact = (on == one_hot.bool()).all(-1)
    return Mistake(
        "Sigmoid and BCE where softmax and cross-entropy belong",
        "loss = nn.BCEWithLogitsLoss()(logits, F.one_hot(labels).float()); predicted = logits.sigmoid() >= 0.5",
        (Quantity("mean loss", F.cross_entropy(z, y).item(), F.binary_cross_entropy_with_logits(z, one_hot).item()),
         Quantity("accuracy (the predicted label set is exactly the gold)", _accuracy(z.argmax(-1), y),
                  float(exact.double().mean())),
         Quantity("mean sum of the probabilities", float(z.softmax(-1).sum(-1).mean()),
                  float(z.sigmoid().sum(-1).mean()))),
        "Each label becomes its own yes/no: the probabilities no longer sum to 1, an example can get no label or "
        "several, and BCE averages over every (example, label) pair, so the loss is on another scale than "
        "cross-entropy's.",
    )


def softmax_for_several_labels(logits, gold: set[int]) -> Mistake:
    """A multi-label head read with softmax and trained with cross-entropy against its gold set."""
    z = _tensor(logits)
    if not gold:
        raise InputError("Pick at least one gold label: cross-entropy against an empty set is undefined.")
    target = torch.zeros_like(z)
    target[sorted(gold)] = 1.0
    bce = F.binary_cross_entropy_with_logits(z, target).item()
    soft_ce = F.cross_entropy(z[None], (target / target.sum())[None]).item()
    return Mistake(
        "Softmax and cross-entropy where sigmoid and BCE belong",
        "probabilities = logits.softmax(-1); loss = nn.CrossEntropyLoss()(logits, labels / labels.sum())",
        (Quantity("loss", bce, soft_ce),
         Quantity("labels on at 0.5", float((z.sigmoid() >= 0.5).sum()), float((z.softmax(-1) >= 0.5).sum())),
         Quantity("sum of the probabilities", float(z.sigmoid().sum()), float(z.softmax(-1).sum()))),
        f"Softmax makes the labels compete for one unit of probability: the {len(gold)} gold label(s) must share "
        "it, and at a 0.5 threshold at most one label can ever be on.",
    )


def label_order(logits, gold, label_names: list[str], order: list[str], how: str) -> Mistake:
    """Predictions named from a list in the wrong order instead of the config's id2label."""
    z, y = _rows(logits, gold)
    if sorted(order) != sorted(label_names):
        raise InputError("The wrong order must hold the same label names.")
    names = np.asarray(label_names, dtype=object)
    predicted = z.argmax(-1).numpy()
    right = float(np.mean(names[predicted] == names[y.numpy()]))
    wrong = float(np.mean(np.asarray(order, dtype=object)[predicted] == names[y.numpy()]))
    same = list(order) == list(label_names)
    return Mistake(
        f"Labels named in {how} instead of id2label",
        f"names = {list(order)!r}; predicted_name = names[logits.argmax(-1)]",
        (Quantity("accuracy, comparing names", right, wrong),),
        "Here that order happens to equal id2label, so the bug is hidden: it shows as soon as the orders differ."
        if same else f"id2label is {list(label_names)!r}. Logit k means id2label[k]: reading it with another list "
        "renames the predictions, and the accuracy computed by name changes while the model does not.",
    )


def first_seen_order(gold, label_names: list[str]) -> list[str]:
    """Label names in the order they first occur among the gold labels (then any never seen, in id order):
    what a mapping built while reading the training file gives."""
    seen = list(dict.fromkeys(int(k) for k in np.asarray(gold)))
    return [label_names[k] for k in seen + [k for k in range(len(label_names)) if k not in seen]]


def _token_cross_entropy(logits, labels) -> torch.Tensor:
    """Cross-entropy per token, 0 where the label is IGNORE_INDEX."""
    return F.cross_entropy(_tensor(logits), torch.as_tensor(labels), ignore_index=IGNORE_INDEX, reduction="none")


def token_labels_not_ignored(logits, labels, word_ids: list[int | None], special_label: int = 0) -> list[Mistake]:
    """Two NER label-alignment bugs: later sub-words given their word's label, and special tokens given label
    `special_label` (O) instead of −100. `labels` is the right alignment (−100 on both)."""
    labels = np.asarray(labels, dtype=np.int64)
    right = F.cross_entropy(_tensor(logits), torch.as_tensor(labels), ignore_index=IGNORE_INDEX).item()
    word_label = {w: int(labels[i]) for i, w in enumerate(word_ids) if w is not None and labels[i] != IGNORE_INDEX}
    subwords = labels.copy()
    for i, w in enumerate(word_ids):
        if w is not None and subwords[i] == IGNORE_INDEX and w in word_label:
            subwords[i] = word_label[w]
    specials = labels.copy()
    specials[[i for i, w in enumerate(word_ids) if w is None]] = special_label
    counted = int(np.sum(labels != IGNORE_INDEX))
    results = []
    for wrong_labels, title, code in (
        (subwords, "Later sub-words labelled instead of −100",
         "labels = [word_labels[w] for w in word_ids]  # every sub-word, not only the first"),
        (specials, "Special tokens labelled O instead of −100",
         "labels = [word_labels[w] if w is not None else 0 for w in word_ids]"),
    ):
        wrong = F.cross_entropy(_tensor(logits), torch.as_tensor(wrong_labels), ignore_index=IGNORE_INDEX).item()
        results.append(Mistake(title, code, (
            Quantity("mean loss", right, wrong),
            Quantity("tokens the loss counts", counted, int(np.sum(wrong_labels != IGNORE_INDEX))),
        ), "The loss now also trains positions that have no label of their own; the model's loss and any metric "
           "read per token stop meaning per word."))
    return results


def mean_over_padding(logits, labels, padded_length: int) -> Mistake:
    """The per-token losses summed and divided by every position of a padded batch row."""
    labels = np.asarray(labels, dtype=np.int64)
    if padded_length < len(labels):
        raise InputError(f"The padded length must be at least the {len(labels)} tokens of this input.")
    per_token = _token_cross_entropy(logits, labels)
    right = F.cross_entropy(_tensor(logits), torch.as_tensor(labels), ignore_index=IGNORE_INDEX).item()
    padded = F.pad(per_token, (0, padded_length - len(labels)))  # padding's loss is masked to 0
    counted = int(np.sum(labels != IGNORE_INDEX))
    return Mistake(
        "Loss averaged over padded positions",
        "loss = (per_token_loss * attention_mask).mean()  # divides by every position, padding included",
        (Quantity("mean loss", right, padded.mean().item()), Quantity("denominator", counted, padded_length)),
        f"The sum of the {counted} active tokens' losses is divided by all {padded_length} positions: the loss "
        "shrinks with the padding, so short sentences in long batches barely train.",
    )


def softmax_over_batch_axis(logits, gold: int) -> Mistake:
    """Multiple choice with the softmax over the batch axis of the [batch, choices] scores."""
    z = _tensor(logits)[None]  # [1, choices], as the head reshapes them
    wrong_p = z.softmax(dim=0)
    y = torch.tensor([gold])
    if not 0 <= gold < z.shape[1]:
        raise InputError(f"The gold choice must lie in 0 to {z.shape[1] - 1}.")
    return Mistake(
        "Softmax over the wrong axis for multiple choice",
        "probabilities = scores.view(-1, num_choices).softmax(dim=0)  # dim=0 is the batch",
        (Quantity(f"P(choice {gold})", float(z.softmax(-1)[0, gold]), float(wrong_p[0, gold])),
         Quantity("sum of the probabilities", float(z.softmax(-1).sum()), float(wrong_p.sum())),
         Quantity(f"loss if gold = {gold}", F.cross_entropy(z, y).item(), F.nll_loss(wrong_p.log(), y).item())),
        "Over the batch axis each choice is compared with the same choice of the other questions; with one question "
        "every probability is 1 and every loss 0, whatever the scores.",
    )


def next_sentence_label_flipped(logits) -> Mistake:
    """NSP's index 1 read as "B continues A" (in transformers index 0 is the continuation)."""
    z = _tensor(logits)
    p = z.softmax(-1)
    continuation = torch.tensor([0])
    return Mistake(
        "NSP label 1 read as “is next”",
        "p_is_next = nsp_logits.softmax(-1)[1]; next_sentence_label = torch.tensor([1])  # for a true pair",
        (Quantity("P(B continues A)", float(p[0]), float(p[1])),
         Quantity("loss for a true continuation", F.cross_entropy(z[None], continuation).item(),
                  F.cross_entropy(z[None], continuation + 1).item())),
        "transformers' BertForNextSentencePrediction uses next_sentence_label = 0 for “B continues A”. Reading "
        "index 1 as the continuation reports the other probability and trains the head towards the wrong answer.",
    )
