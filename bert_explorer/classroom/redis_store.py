"""The shared class store for several machines: Redis (`BERT_EXPLORER_CLASS_STORE=redis://…`). Every operation that
checks before it writes is one Lua script, which Redis runs atomically; every key of a class expires with it."""

import time
from collections import Counter
from collections.abc import Callable

from .store import ClassState, StoreFull

PREFIX = "bert-explorer:class:"
LIVE = "bert-explorer:classes"  # sorted set: code → expiry time, for the bound on live classes

# KEYS: the class hash, the live set. ARGV: code, token hash, now, ttl, max classes.
CREATE = """
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[3])
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return -1 end
redis.call('HSET', KEYS[1], 'token_hash', ARGV[2], 'version', 0, 'question_id', 0, 'question', '', 'revealed', 0)
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[2], tonumber(ARGV[3]) + tonumber(ARGV[4]), ARGV[1])
return 1
"""
# KEYS: the class hash, its students. ARGV: student, max students.
JOIN = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 1 end
if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[2]) then return -1 end
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[2], redis.call('TTL', KEYS[1]))
return 1
"""
# KEYS: the class hash. ARGV: question, max questions.
ASK = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local asked = tonumber(redis.call('HGET', KEYS[1], 'question_id'))
if asked >= tonumber(ARGV[2]) then return -1 end
redis.call('HSET', KEYS[1], 'question_id', asked + 1, 'question', ARGV[1], 'revealed', 0)
redis.call('HINCRBY', KEYS[1], 'version', 1)
return asked + 1
"""
# KEYS: the class hash, its students, the question's answers. ARGV: question id, student, outcome.
ANSWER = """
local current = redis.call('HMGET', KEYS[1], 'question_id', 'revealed')
if not current[1] or current[1] ~= ARGV[1] or current[2] ~= '0' then return 0 end
if redis.call('SISMEMBER', KEYS[2], ARGV[2]) == 0 then return 0 end
redis.call('HSET', KEYS[3], ARGV[2], ARGV[3])
redis.call('EXPIRE', KEYS[3], redis.call('TTL', KEYS[1]))
return 1
"""
# KEYS: the class hash, its records. ARGV: question id, record.
REVEAL = """
local current = redis.call('HMGET', KEYS[1], 'question_id', 'revealed')
if not current[1] or current[1] ~= ARGV[1] or current[2] ~= '0' then return 0 end
redis.call('HSET', KEYS[1], 'revealed', 1)
redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[2], redis.call('TTL', KEYS[1]))
return 1
"""


class RedisStore:
    def __init__(self, url: str, clock: Callable[[], float] = time.time):
        import redis  # only where a Redis store is configured

        self.redis, self.clock = redis.Redis.from_url(url, decode_responses=True), clock
        self._scripts = {name: self.redis.register_script(source) for name, source in
                         (("create", CREATE), ("join", JOIN), ("ask", ASK), ("answer", ANSWER), ("reveal", REVEAL))}

    @staticmethod
    def _key(code: str, *parts: object) -> str:
        return ":".join((PREFIX + code, *map(str, parts)))

    def create(self, code: str, token_hash: str, ttl_s: int, max_classes: int) -> bool:
        done = self._scripts["create"](keys=[self._key(code), LIVE],
                                       args=[code, token_hash, self.clock(), ttl_s, max_classes])
        if done == -1:
            raise StoreFull(f"This server holds {max_classes} classes, its most: try again once one has ended.")
        return done == 1

    def token_hash(self, code: str) -> str | None:
        kept = self.redis.hget(self._key(code), "token_hash")
        return None if kept is None else str(kept)

    def state(self, code: str) -> ClassState | None:
        with self.redis.pipeline(transaction=True) as pipe:
            pipe.hgetall(self._key(code))
            pipe.scard(self._key(code, "students"))
            fields, students = pipe.execute()
        if not fields:
            return None
        return ClassState(code, int(fields["version"]), int(fields["question_id"]), fields["question"],
                          fields["revealed"] == "1", students)

    def version(self, code: str) -> int | None:
        version = self.redis.hget(self._key(code), "version")
        return None if version is None else int(version)

    def join(self, code: str, student: str, max_students: int) -> bool:
        done = self._scripts["join"](keys=[self._key(code), self._key(code, "students")], args=[student, max_students])
        if done == -1:
            raise StoreFull(f"This class is full ({max_students} students).")
        return done == 1

    def ask(self, code: str, question: str, max_questions: int) -> int | None:
        asked = self._scripts["ask"](keys=[self._key(code)], args=[question, max_questions])
        if asked == -1:
            raise StoreFull(f"A class asks at most {max_questions} questions: start a new class for more.")
        return asked or None

    def answer(self, code: str, question_id: int, student: str, outcome: str) -> bool:
        keys = [self._key(code), self._key(code, "students"), self._key(code, "answers", question_id)]
        return self._scripts["answer"](keys=keys, args=[question_id, student, outcome]) == 1

    def reveal(self, code: str, question_id: int, record: str) -> bool:
        keys = [self._key(code), self._key(code, "records")]
        return self._scripts["reveal"](keys=keys, args=[question_id, record]) == 1

    def counts(self, code: str, question_id: int) -> dict[str, int]:
        return dict(Counter(map(str, self.redis.hvals(self._key(code, "answers", question_id)))))

    def records(self, code: str) -> list[str]:
        kept = {int(key): str(record) for key, record in self.redis.hgetall(self._key(code, "records")).items()}
        return [kept[key] for key in sorted(kept)]
