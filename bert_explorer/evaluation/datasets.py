"""The datasets the Evaluate page offers: the zoo's own held-out splits, or an upload."""

import hashlib
import json

from ..training.bbc import bbc_topics, zoo_bbc_split
from ..training.data import LabelledTexts, zoo_tweet_split

# Name -> (loader, the zoo checkpoint trained on the rest of it)
BUILT_IN = {
    "Sentiment tweets: the zoo's held-out split": (lambda: zoo_tweet_split()[1], "zoo/sentiment-tweets"),
    "BBC news topics: the zoo's held-out articles": (lambda: bbc_topics(zoo_bbc_split()[1]), "zoo/bbc-topics"),
}


def built_in(name: str) -> LabelledTexts:
    return BUILT_IN[name][0]()


def digest(data: LabelledTexts) -> str:
    """A SHA-256 of every text, pair and label: equal data, equal digest."""
    payload = json.dumps([data.texts, data.pairs, data.labels, data.label_names], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()
