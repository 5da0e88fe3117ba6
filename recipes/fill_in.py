"""Continue masked-LM training of the packaged MiniLM encoder on BBC News and tweets, for the fill-in page.

MiniLM ships without an MLM head: its decoder is tied to the word embeddings (kept frozen, so the 30,522-token
vocabulary and its vectors stay the encoder's own), and only the transform and the output bias are new. The
recipe starts the transform as the identity and the bias as the unigram prior (see `start_head`) and trains
them with the top encoder layers. Masking follows BERT: 15% of the tokens, of which 80% become
[MASK], 10% a random token and 10% stay, drawn afresh for every pass.
"""

import math
import random
import time
from collections import Counter
from dataclasses import dataclass

import torch
import torch.nn.functional as F
import transformers
from transformers import DataCollatorForLanguageModeling

from bert_explorer import checkpoints
from bert_explorer.scores import IGNORE_INDEX

from .bert_from_scratch import split_sentences
from .fine_tune import FineTuned, top_layers, train_only


@dataclass(frozen=True)
class FillInOptions:
    steps: int = 300
    batch_size: int = 32
    max_tokens: int = 128
    trained_layers: int = 3  # the top encoder layers trained with the MLM transform and bias
    encoder_learning_rate: float = 5e-4  # 1e-4 reached 0.134 top-1 after 100 steps, 5e-4 0.177
    head_learning_rate: float = 1e-3
    warmup_ratio: float = 0.05
    weight_decay: float = 0.01
    mlm_probability: float = 0.15
    seed: int = 0


def trained_prefixes(model, options: FillInOptions) -> tuple[str, ...]:
    return ("cls.predictions.transform.", "cls.predictions.bias", *top_layers(model, options.trained_layers))


def chunks(tokenizer, texts: list[str], max_tokens: int) -> list[list[int]]:
    """Each text's sentences packed in order into runs of at most `max_tokens` − 2 token ids (a longer sentence
    is cut), ready for [CLS] … [SEP]."""
    budget = max_tokens - 2
    packed = []
    for text in texts:
        sentences = split_sentences(text)
        if not sentences:
            continue
        current: list[int] = []
        for ids in tokenizer(sentences, add_special_tokens=False)["input_ids"]:
            if current and len(current) + len(ids) > budget:
                packed.append(current)
                current = []
            current += ids[:budget]
        packed.append(current)
    return [c for c in packed if len(c) >= 8]


def start_head(model, rows: list[list[int]]) -> None:
    """The new transform starts as the identity and the output bias as the log frequency of each token in the
    training text. MiniLM's last hidden states already point at their own token's embedding, so from the first
    step the head predicts the token in view, and the unigram prior where it cannot tell (a [MASK])."""
    predictions = model.cls.predictions
    counts = Counter(token for row in rows for token in row)
    frequency = torch.full_like(predictions.bias, 0.5)  # unseen tokens: half a count
    frequency[list(counts)] += torch.tensor(list(counts.values()), dtype=frequency.dtype)
    with torch.no_grad():
        predictions.transform.dense.weight.copy_(torch.eye(model.config.hidden_size))
        predictions.transform.dense.bias.zero_()
        predictions.bias.copy_((frequency / frequency.sum()).log())


def batch(tokenizer, rows: list[list[int]], collator: DataCollatorForLanguageModeling) -> dict[str, torch.Tensor]:
    return dict(collator([{"input_ids": [tokenizer.cls_token_id, *ids, tokenizer.sep_token_id]} for ids in rows]))


def masked_logits(model, inputs: dict) -> tuple[torch.Tensor, torch.Tensor]:
    """The MLM head's logits at the positions that have a label only, and those labels (the vocabulary
    projection of the other 85% of positions would cost time and change nothing)."""
    hidden = model.bert(input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"]).last_hidden_state
    selected = inputs["labels"] != IGNORE_INDEX
    return model.cls(hidden[selected]), inputs["labels"][selected]


def continue_pretraining(base: str, texts: list[str], options: FillInOptions, log=print) -> FineTuned:
    source = checkpoints.resolve(base)
    tokenizer = transformers.AutoTokenizer.from_pretrained(source)
    torch.manual_seed(options.seed)
    model = transformers.BertForMaskedLM.from_pretrained(source, attn_implementation="eager")
    rows = chunks(tokenizer, texts, options.max_tokens)
    start_head(model, rows)
    prefixes = trained_prefixes(model, options)
    train_only(model, prefixes)
    trained = [(name, p) for name, p in model.named_parameters() if p.requires_grad]
    head = [p for name, p in trained if name.startswith("cls.")]
    encoder = [p for name, p in trained if not name.startswith("cls.")]
    optimiser = torch.optim.AdamW([{"params": encoder, "lr": options.encoder_learning_rate},
                                   {"params": head, "lr": options.head_learning_rate}],
                                  weight_decay=options.weight_decay)
    schedule = transformers.get_linear_schedule_with_warmup(
        optimiser, math.ceil(options.warmup_ratio * options.steps), options.steps)
    collator = DataCollatorForLanguageModeling(tokenizer, mlm_probability=options.mlm_probability, seed=options.seed)
    rng, queue = random.Random(options.seed), []
    started = time.perf_counter()
    model.train()
    for step in range(1, options.steps + 1):
        if len(queue) < options.batch_size:  # a fresh pass: a new order and new masks
            queue = list(rows)
            rng.shuffle(queue)
        logits, labels = masked_logits(model, batch(tokenizer, queue[:options.batch_size], collator))
        del queue[:options.batch_size]
        loss = F.cross_entropy(logits, labels)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(encoder + head, 1.0)
        optimiser.step()
        schedule.step()
        optimiser.zero_grad()
        if step % 50 == 0 or step == options.steps:
            log(f"  step {step}/{options.steps}: MLM loss {loss.item():.3f} ({time.perf_counter() - started:.0f} s)")
    model.eval()
    return FineTuned(model, tokenizer, prefixes, len(rows), time.perf_counter() - started)


def held_out_batches(tokenizer, texts: list[str], options: FillInOptions, batch_size: int = 64):
    """The held-out chunks and their masks, from their own seed: every model and every run sees the same."""
    rows = chunks(tokenizer, texts, options.max_tokens)
    collator = DataCollatorForLanguageModeling(tokenizer, mlm_probability=options.mlm_probability,
                                               seed=options.seed + 1)
    for start in range(0, len(rows), batch_size):
        yield batch(tokenizer, rows[start:start + batch_size], collator)


def masked_token_counts(logits_of, tokenizer, texts: list[str], options: FillInOptions,
                        batches: int | None = None) -> dict[str, int]:
    """Masked tokens of the held-out text (its first `batches` batches, or all) whose label is the model's first
    choice, or among its first five. `logits_of(batch)` gives the logits at the labelled positions and those
    labels."""
    counts = {"masked_tokens": 0, "top1_right": 0, "top5_right": 0}
    with torch.inference_mode():
        for number, inputs in enumerate(held_out_batches(tokenizer, texts, options)):
            if batches is not None and number >= batches:
                break
            logits, labels = logits_of(inputs)
            top = logits.topk(5, dim=-1).indices
            counts["masked_tokens"] += len(labels)
            counts["top1_right"] += int((top[:, 0] == labels).sum())
            counts["top5_right"] += int((top == labels[:, None]).any(-1).sum())
    return counts


def cloze_hits(top_five, texts: list[str], answers: list[list[str]]) -> int:
    """Sentences with one [MASK] whose top five tokens (`top_five(text)`) include an acceptable answer."""
    return sum(bool(set(top_five(text)) & set(accepted)) for text, accepted in zip(texts, answers))
