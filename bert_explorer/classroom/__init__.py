"""A class that guesses together: the lecturer asks, every student commits to an answer, the class's distribution is
shown beside the model's. The state lives outside the Streamlit process, so every worker of a class server sees the
same class: `store` says what a store does, `sqlite_store` and `redis_store` do it, `classes` holds the rules."""

from pathlib import Path

from .. import settings
from .store import ClassStore


def open_store(where: str | None = None) -> ClassStore:
    """The class store at `where` (default: the operator's setting): a redis:// or rediss:// URL, else a SQLite file."""
    where = where or settings.class_store()
    if where.startswith(("redis://", "rediss://", "unix://")):
        from .redis_store import RedisStore

        return RedisStore(where)
    from .sqlite_store import SqliteStore

    return SqliteStore(Path(where))
