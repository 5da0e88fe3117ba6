"""Train the zoo's extractive-QA reader: the packaged MiniLM encoder, its top layers and a start/end head
(`qa_outputs`) fine-tuned on recipes/qa_data.py's questions. No no-answer option: every training question has
its answer in the context, so the reader always points at a span."""

import random
import time
from dataclasses import dataclass

import numpy as np
import torch
import transformers

from bert_explorer import checkpoints
from bert_explorer.evaluation.answering import exact_match, token_f1
from bert_explorer.tasks.question_answering import span_scores

from .fine_tune import FineTuned, top_layers, train_only
from .qa_data import Question


@dataclass(frozen=True)
class QaOptions:
    story_train: int = 6000
    story_held_out: int = 1000
    bbc_train: int = 400
    bbc_held_out: int = 100
    trained_layers: int = 4  # the top encoder layers fine-tuned with the head (embeddings stay frozen)
    epochs: int = 1
    batch_size: int = 32
    learning_rate: float = 2e-4
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    max_tokens: int = 192
    seed: int = 0


@dataclass(frozen=True)
class Feature:
    input_ids: list[int]
    token_type_ids: list[int]
    start: int
    end: int


def trained_prefixes(model, options: QaOptions) -> tuple[str, ...]:
    return ("qa_outputs.", *top_layers(model, options.trained_layers))


def features(tokenizer, questions: list[Question], max_tokens: int) -> list[Feature]:
    """Token ids and the answer's first and last token; questions whose answer the cut would lose are dropped."""
    encoded = tokenizer([q.question for q in questions], [q.context for q in questions], truncation="only_second",
                        max_length=max_tokens, return_offsets_mapping=True)
    kept = []
    for row, q in enumerate(questions):
        first, last = q.answer_start, q.answer_start + len(q.answer)
        sequence = encoded.sequence_ids(row)
        inside = [t for t, (a, b) in enumerate(encoded["offset_mapping"][row])
                  if sequence[t] == 1 and b > first and a < last]
        if inside and encoded["offset_mapping"][row][inside[-1]][1] >= last:
            kept.append(Feature(encoded["input_ids"][row], encoded["token_type_ids"][row], inside[0], inside[-1]))
    return kept


def collate(batch: list[Feature], pad_id: int) -> dict[str, torch.Tensor]:
    width = max(len(f.input_ids) for f in batch)
    ids = torch.full((len(batch), width), pad_id)
    types, mask = torch.zeros_like(ids), torch.zeros_like(ids)
    for row, f in enumerate(batch):
        ids[row, :len(f.input_ids)] = torch.tensor(f.input_ids)
        types[row, :len(f.input_ids)] = torch.tensor(f.token_type_ids)
        mask[row, :len(f.input_ids)] = 1
    return {"input_ids": ids, "token_type_ids": types, "attention_mask": mask,
            "start_positions": torch.tensor([f.start for f in batch]),
            "end_positions": torch.tensor([f.end for f in batch])}


def batches_of(rows: list[Feature], size: int, rng: random.Random, pool: int = 16) -> list[list[Feature]]:
    """Full batches in a random order, each of rows of similar length: the rows are shuffled, sorted by length
    within runs of `pool` batches, cut into batches, and the batches shuffled: far less padding to compute."""
    order = list(rows)
    rng.shuffle(order)
    batches = []
    for start in range(0, len(order), size * pool):
        run = sorted(order[start:start + size * pool], key=lambda f: len(f.input_ids))
        batches += [run[k:k + size] for k in range(0, len(run) - size + 1, size)]
    rng.shuffle(batches)
    return batches


def train_reader(base: str, train: list[Question], options: QaOptions, log=print) -> FineTuned:
    source = checkpoints.resolve(base)
    tokenizer = transformers.AutoTokenizer.from_pretrained(source)
    torch.manual_seed(options.seed)
    model = transformers.BertForQuestionAnswering.from_pretrained(source, attn_implementation="eager")
    prefixes = trained_prefixes(model, options)
    rows = features(tokenizer, train, options.max_tokens)
    optimiser = torch.optim.AdamW(train_only(model, prefixes), lr=options.learning_rate,
                                  weight_decay=options.weight_decay)
    epochs = [batches_of(rows, options.batch_size, random.Random(options.seed + epoch))
              for epoch in range(options.epochs)]
    total = sum(len(batches) for batches in epochs)
    schedule = transformers.get_linear_schedule_with_warmup(optimiser, int(options.warmup_ratio * total), total)
    started, step = time.perf_counter(), 0
    model.train()
    for batches in epochs:
        for part in batches:
            loss = model(**collate(part, tokenizer.pad_token_id)).loss
            loss.backward()
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            step += 1
            if step % 100 == 0 or step == total:
                log(f"  step {step}/{total}: loss {loss.item():.4f} ({time.perf_counter() - started:.0f} s)")
    model.eval()
    return FineTuned(model, tokenizer, prefixes, len(rows), time.perf_counter() - started)


def predict(model, tokenizer, questions: list[str], contexts: list[str], max_tokens: int = 384,
            batch_size: int = 32) -> list[str]:
    """The best valid span of each context, chosen as the QA page chooses it (span_scores), from one window."""
    answers = []
    for start in range(0, len(questions), batch_size):
        part_q, part_c = questions[start:start + batch_size], contexts[start:start + batch_size]
        encoded = tokenizer(part_q, part_c, truncation="only_second", max_length=max_tokens, padding=True,
                            return_offsets_mapping=True, return_tensors="pt")
        offsets = encoded.pop("offset_mapping").tolist()
        with torch.inference_mode():
            out = model(**encoded)
        for row, context in enumerate(part_c):
            real = int(encoded["attention_mask"][row].sum())
            inside = np.array([i == 1 for i in encoded.sequence_ids(row)[:real]])
            scores = span_scores(out.start_logits[row, :real].numpy(), out.end_logits[row, :real].numpy(), inside)
            s, e = np.unravel_index(np.nanargmax(scores), scores.shape)
            answers.append(context[offsets[row][s][0]:offsets[row][e][1]])
    return answers


def scores(predicted: list[str], answers: list[list[str]]) -> dict[str, float]:
    """SQuAD exact match and token F1, through the Evaluate page's own functions."""
    return {"exact_match": float(np.mean([exact_match(p, a) for p, a in zip(predicted, answers)])),
            "f1": float(np.mean([token_f1(p, a) for p, a in zip(predicted, answers)]))}
