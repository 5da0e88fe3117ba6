"""Continue the packaged MiniLM encoder's pre-training as a whole `BertForPreTraining`: masked LM on BBC News,
tweets and everyday English (WordNet), and next-sentence prediction on BBC article pairs.

MiniLM ships without pre-training heads. The MLM decoder is tied to the frozen word embeddings (so the
vocabulary and its vectors stay the encoder's own); its transform starts as the identity and its bias as the
unigram prior (`fill_in.start_head`); the NSP classifier on the pooler starts at random. Every step reads half
its rows as BBC sentence pairs (MLM + NSP: half of the second segments come from another article) and half as
runs of everyday text (MLM only). A step's rows and masks depend only on the seed and the step's number, so a
run that stops resumes from its last saved state and ends where an unbroken run would.
"""

import itertools
import json
import math
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
import transformers
from transformers import DataCollatorForLanguageModeling

from bert_explorer import checkpoints
from bert_explorer.scores import IGNORE_INDEX
from bert_explorer.training.optim import scheduler

from . import bert_from_scratch, fill_in
from .bert_from_scratch import SentencePair
from .fine_tune import FineTuned, train_only

# Trained and stored; the word embeddings (the tied decoder) stay the packaged encoder's.
TRAINED_PREFIXES = ("bert.embeddings.position_embeddings.", "bert.embeddings.token_type_embeddings.",
                    "bert.embeddings.LayerNorm.", "bert.encoder.", "bert.pooler.", "cls.predictions.transform.",
                    "cls.predictions.bias", "cls.seq_relationship.")


@dataclass(frozen=True)
class PreTrainingOptions:
    steps: int = 2600
    pair_rows: int = 16  # BBC sentence pairs per step (MLM + NSP)
    text_rows: int = 16  # runs of everyday text per step (MLM only)
    max_tokens: int = 128
    encoder_learning_rate: float = 3e-4
    head_learning_rate: float = 1e-3
    warmup_ratio: float = 0.04
    weight_decay: float = 0.01
    mlm_probability: float = 0.15
    dropout: float = 0.0  # a few passes with fresh masks and pairs: too short to overfit
    save_every: int = 200
    evaluate_every: int = 200
    seed: int = 0


@dataclass
class CurvePoint:
    step: int
    seconds: float
    mlm_loss: float  # mean of the steps since the last point
    nsp_loss: float
    held_out: dict[str, float] = field(default_factory=dict)  # on a small fixed sample


def _endless(items: list, shuffle_seed: int, make_pass: Callable[[random.Random], list] | None = None) -> Iterator:
    """Pass after pass over `items` (or over `make_pass(rng)`), each in its own seeded order."""
    for number in itertools.count():
        rng = random.Random(shuffle_seed * 100_003 + number)
        rows = list(make_pass(rng) if make_pass else items)
        rng.shuffle(rows)
        yield from rows


class Batches:
    """Step k's rows and masks, a function of the seed and k only."""

    def __init__(self, tokenizer, documents: list[list[list[int]]], text_rows: list[list[int]],
                 options: PreTrainingOptions):
        self.tokenizer, self.options = tokenizer, options
        self.pairs = _endless([], options.seed, lambda rng: bert_from_scratch.sentence_pairs(
            documents, options.max_tokens, rng))
        self.texts = _endless(text_rows, options.seed + 1)
        self.step = 0

    def skip_to(self, step: int) -> None:
        for _ in range(step - self.step):
            list(itertools.islice(self.pairs, self.options.pair_rows))
            list(itertools.islice(self.texts, self.options.text_rows))
        self.step = step

    def next(self) -> dict[str, torch.Tensor]:
        self.step += 1
        pairs: list[SentencePair] = list(itertools.islice(self.pairs, self.options.pair_rows))
        texts = list(itertools.islice(self.texts, self.options.text_rows))
        collator = DataCollatorForLanguageModeling(self.tokenizer, mlm_probability=self.options.mlm_probability,
                                                   seed=self.options.seed * 1_000_003 + self.step)
        features = [bert_from_scratch.pair_features(self.tokenizer, p.first, p.second) for p in pairs]
        features += [{"input_ids": [self.tokenizer.cls_token_id, *ids, self.tokenizer.sep_token_id],
                      "token_type_ids": [0] * (len(ids) + 2)} for ids in texts]
        batch = dict(collator(features))
        batch["next_sentence_label"] = torch.tensor([p.label for p in pairs] + [IGNORE_INDEX] * len(texts))
        return batch


def new_model(base: str, text_rows: list[list[int]], options: PreTrainingOptions) -> transformers.BertForPreTraining:
    torch.manual_seed(options.seed)
    model = transformers.BertForPreTraining.from_pretrained(
        checkpoints.resolve(base), attn_implementation="sdpa", hidden_dropout_prob=options.dropout,
        attention_probs_dropout_prob=options.dropout)
    fill_in.start_head(model, text_rows)
    model.config.architectures = ["BertForPreTraining"]
    return model


def _optimiser(model, options: PreTrainingOptions):
    trained = [(name, p) for name, p in model.named_parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(
        [{"params": [p for n, p in trained if not n.startswith("cls.")], "lr": options.encoder_learning_rate},
         {"params": [p for n, p in trained if n.startswith("cls.")], "lr": options.head_learning_rate}],
        weight_decay=options.weight_decay)
    schedule = scheduler("linear", optimiser, math.ceil(options.warmup_ratio * options.steps), options.steps)
    return optimiser, schedule


def _save_state(work: Path, model, optimiser, schedule, step: int, curve: list[CurvePoint],
                options: PreTrainingOptions) -> None:
    work.mkdir(parents=True, exist_ok=True)
    trained = {n: t for n, t in model.state_dict().items() if n.startswith(TRAINED_PREFIXES)}
    partial = work / "state.pt.partial"
    torch.save({"options": asdict(options), "step": step, "model": trained, "optimiser": optimiser.state_dict(),
                "schedule": schedule.state_dict(), "curve": [asdict(p) for p in curve]}, partial)
    partial.replace(work / "state.pt")


def _load_state(work: Path, model, optimiser, schedule, options: PreTrainingOptions) -> tuple[int, list[CurvePoint]]:
    path = work / "state.pt"
    if not path.exists():
        return 0, []
    state = torch.load(path, weights_only=True)
    if state["options"] != asdict(options):
        return 0, []  # another recipe's run: start afresh
    model.load_state_dict(state["model"], strict=False)
    optimiser.load_state_dict(state["optimiser"])
    schedule.load_state_dict(state["schedule"])
    return state["step"], [CurvePoint(**p) for p in state["curve"]]


def continue_pretraining(base: str, train_articles: list[str], everyday: list[str], options: PreTrainingOptions,
                         evaluate: Callable[[transformers.BertForPreTraining], dict[str, float]],
                         work: Path | None = None, log=print) -> tuple[FineTuned, list[CurvePoint]]:
    """Train (resuming from `work` when it holds a state of these options) and return the model in eval mode
    and its curve. `evaluate(model)` gives the held-out sample's numbers for the curve."""
    tokenizer = transformers.AutoTokenizer.from_pretrained(checkpoints.resolve(base))
    documents = bert_from_scratch.tokenised_documents(tokenizer, train_articles)
    text_rows = fill_in.chunks(tokenizer, everyday, options.max_tokens)
    model = new_model(base, text_rows + [s for d in documents for s in d], options)
    train_only(model, TRAINED_PREFIXES)
    optimiser, schedule = _optimiser(model, options)
    start, curve = _load_state(work, model, optimiser, schedule, options) if work else (0, [])
    if start:
        log(f"  resuming at step {start} of {options.steps}")
    batches = Batches(tokenizer, documents, text_rows, options)
    batches.skip_to(start)
    started = time.perf_counter() - (curve[-1].seconds if curve else 0.0)
    recent: list[tuple[float, float]] = []
    trainable = [p for p in model.parameters() if p.requires_grad]
    for step in range(start + 1, options.steps + 1):
        model.train()
        losses = bert_from_scratch.pretraining_losses(model, batches.next())  # NSP skips text rows' -100 labels
        losses.total.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimiser.step()
        schedule.step()
        optimiser.zero_grad()
        recent.append((losses.mlm.item(), losses.nsp.item()))
        if step % options.evaluate_every == 0 or step == options.steps:
            model.eval()
            point = CurvePoint(step, round(time.perf_counter() - started, 1),
                               sum(m for m, _ in recent) / len(recent), sum(n for _, n in recent) / len(recent),
                               evaluate(model))
            recent.clear()
            curve.append(point)
            log(f"  step {step}/{options.steps}: {json.dumps(asdict(point))}")
        if work and (step % options.save_every == 0 or step == options.steps):
            _save_state(work, model, optimiser, schedule, step, curve, options)
    model.eval()
    seconds = curve[-1].seconds if curve else time.perf_counter() - started
    return FineTuned(model, tokenizer, TRAINED_PREFIXES, len(text_rows) + len(documents), seconds), curve
