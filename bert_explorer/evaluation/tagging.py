"""Evaluate a token-classification (NER) head on tagged sentences: entity-level scores by seqeval."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from seqeval.metrics import accuracy_score, classification_report, f1_score

from ..errors import InputError
from ..loading import LoadedModel
from ..training.data import check_row_count, jsonl_rows, upload_text

BATCH_SIZE = 32
OUTSIDE = "O"


@dataclass(frozen=True)
class TaggedSentences:
    words: list[list[str]]
    tags: list[list[str]]

    def __len__(self) -> int:
        return len(self.words)


@dataclass(frozen=True)
class EntityScores:
    name: str  # an entity type (PER, ORG, ...), or "micro avg" / "macro avg"
    precision: float
    recall: float
    f1: float
    support: int  # gold entities


@dataclass(frozen=True)
class TaggingEvaluation:
    words: list[list[str]]
    gold: list[list[str]]
    predicted: list[list[str]]
    scores: list[EntityScores]  # per type, then micro and macro averages
    token_accuracy: float
    sentence_f1: np.ndarray  # [N] each sentence's own entity-level F1 (1 when it has no entities and none predicted)
    notes: tuple[str, ...]

    def score(self, name: str) -> EntityScores:
        return next(s for s in self.scores if s.name == name)

    def hardest(self, count: int = 10) -> np.ndarray:
        """Up to `count` sentences the model got wrong (F1 below 1), lowest F1 first."""
        order = np.argsort(self.sentence_f1, kind="stable")
        return order[self.sentence_f1[order] < 1][:count]


def read_tagged(data: bytes, filename: str) -> TaggedSentences:
    """JSONL lines {"tokens": [...], "tags": [...]}, or CoNLL text: a word and its tag (last column) per line,
    a blank line between sentences. Only parsed as data."""
    text = upload_text(data)
    if filename.lower().endswith((".jsonl", ".json")):
        words, tags = [], []
        for number, row in enumerate(jsonl_rows(text), start=1):
            tokens, labels = row.get("tokens"), row.get("tags", row.get("ner_tags"))
            if not isinstance(tokens, list) or not isinstance(labels, list):
                raise InputError(f"Line {number}: it needs lists \"tokens\" and \"tags\".")
            words.append([str(t) for t in tokens])
            tags.append([str(t) for t in labels])
    elif filename.lower().endswith((".txt", ".conll")):
        words, tags = _conll(text)
    else:
        raise InputError("Upload a .jsonl or a CoNLL .txt/.conll file.")
    check_row_count(len(words))
    for number, (sentence, labels) in enumerate(zip(words, tags), start=1):
        if not sentence or len(sentence) != len(labels):
            raise InputError(f"Sentence {number}: {len(sentence)} words but {len(labels)} tags; each word needs "
                             "exactly one tag.")
        if any(not w.strip() for w in sentence):
            raise InputError(f"Sentence {number}: a word is empty.")
    return TaggedSentences(words, tags)


def _conll(text: str) -> tuple[list[list[str]], list[list[str]]]:
    words: list[list[str]] = []
    tags: list[list[str]] = []
    sentence: list[str] = []
    labels: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        columns = line.split()
        if not columns or columns[0] == "-DOCSTART-":
            if sentence:
                words.append(sentence)
                tags.append(labels)
            sentence, labels = [], []
            continue
        if len(columns) < 2:
            raise InputError(f"Line {number}: a word and its tag are needed, separated by whitespace.")
        sentence.append(columns[0])
        labels.append(columns[-1])
    if sentence:
        words.append(sentence)
        tags.append(labels)
    return words, tags


def first_subwords(word_ids: list[int | None]) -> dict[int, int]:
    """Word index → the position of its first sub-word (the token whose prediction counts for the word); words
    cut off by truncation are absent."""
    positions: dict[int, int] = {}
    for position, word in enumerate(word_ids):
        if word is not None:
            positions.setdefault(word, position)
    return positions


def predict_tags(loaded: LoadedModel, words: list[list[str]], progress: Callable[[int, int], None] | None = None,
                 batch_size: int = BATCH_SIZE) -> tuple[list[list[str]], int]:
    """Each word's tag from its first sub-word, in batches; words cut off by truncation are tagged O.
    Returns (tags, how many words were cut off)."""
    names = loaded.label_names
    predicted, cut = [], 0
    for start in range(0, len(words), batch_size):
        batch = words[start:start + batch_size]
        with loaded.lock:
            encoded = loaded.tokenizer(batch, is_split_into_words=True, truncation=True,
                                       max_length=loaded.max_length, padding=True, return_tensors="pt")
            word_ids = [encoded.word_ids(i) for i in range(len(batch))]
            with torch.inference_mode():
                logits = loaded.model(**{k: v.to(loaded.device) for k, v in encoded.items()}).logits
        best = logits.argmax(-1).cpu().numpy()
        for row, sentence in enumerate(batch):
            firsts = first_subwords(word_ids[row])
            tags = [OUTSIDE] * len(sentence)
            for word, position in firsts.items():
                tags[word] = names[best[row, position]]
            cut += len(sentence) - len(firsts)
            predicted.append(tags)
        if progress is not None:
            progress(min(start + batch_size, len(words)), len(words))
    return predicted, cut


def evaluate_tagger(loaded: LoadedModel, data: TaggedSentences,
                    progress: Callable[[int, int], None] | None = None) -> TaggingEvaluation:
    gold_types = {kind for sentence in data.tags for t in sentence if (kind := _entity_type(t)) is not None}
    model_types = {kind for t in loaded.label_names if (kind := _entity_type(t)) is not None}
    if not gold_types & model_types:
        raise InputError(f"The model's labels ({', '.join(loaded.label_names[:8])}) name no entity type the data "
                         f"uses ({', '.join(sorted(gold_types)[:8]) or 'none'}): pick a checkpoint with a tag scheme "
                         "like B-PER, I-PER, …")
    predicted, cut = predict_tags(loaded, data.words, progress)
    notes = []
    missing = gold_types - model_types
    if missing:
        notes.append(f"The model has no tag for {', '.join(sorted(missing))}: those entities count as missed.")
    if cut:
        notes.append(f"{cut:,} word(s) past the model's {loaded.max_length} tokens were tagged O.")
    return TaggingEvaluation(
        words=data.words, gold=data.tags, predicted=predicted, scores=entity_scores(data.tags, predicted),
        token_accuracy=float(accuracy_score(data.tags, predicted)),
        sentence_f1=np.array([_sentence_f1(g, p) for g, p in zip(data.tags, predicted)]), notes=tuple(notes),
    )


def entity_scores(gold: list[list[str]], predicted: list[list[str]]) -> list[EntityScores]:
    """Entity-level precision, recall and F1 per type, then micro and macro averages (seqeval's default
    CoNLL-style matching: an entity counts only when its type and both ends are right)."""
    report = classification_report(gold, predicted, output_dict=True, zero_division=0)
    return [EntityScores(name, float(row["precision"]), float(row["recall"]), float(row["f1-score"]),
                         int(row["support"])) for name, row in report.items() if name != "weighted avg"]


def _sentence_f1(gold: list[str], predicted: list[str]) -> float:
    if all(t == OUTSIDE for t in gold) and all(t == OUTSIDE for t in predicted):
        return 1.0
    return float(f1_score([gold], [predicted], zero_division=0))


def _entity_type(tag: str) -> str | None:
    """PER for B-PER / I-PER / E-PER / S-PER / PER; None for O."""
    if tag == OUTSIDE:
        return None
    return tag.split("-", 1)[1] if len(tag) > 2 and tag[1] == "-" else tag

