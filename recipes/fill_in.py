"""Masked-LM pieces the pre-training entry and its recount share: text packed into runs, the MLM head's
starting point, fixed held-out masks, and the counts of masked tokens and cloze sentences a model gets right.

Masking follows BERT: 15% of the tokens, of which 80% become [MASK], 10% a random token and 10% stay.
"""

from collections import Counter
from dataclasses import dataclass

import torch
from transformers import DataCollatorForLanguageModeling

from bert_explorer.scores import IGNORE_INDEX

from .bert_from_scratch import split_sentences


@dataclass(frozen=True)
class MaskingOptions:
    max_tokens: int = 128
    mlm_probability: float = 0.15
    seed: int = 0


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
    return model.cls.predictions(hidden[selected]), inputs["labels"][selected]


def held_out_batches(tokenizer, texts: list[str], options: MaskingOptions, batch_size: int = 64):
    """The held-out chunks and their masks, from their own seed: every model and every run sees the same."""
    rows = chunks(tokenizer, texts, options.max_tokens)
    collator = DataCollatorForLanguageModeling(tokenizer, mlm_probability=options.mlm_probability,
                                               seed=options.seed + 1)
    for start in range(0, len(rows), batch_size):
        yield batch(tokenizer, rows[start:start + batch_size], collator)


def masked_token_counts(logits_of, tokenizer, texts: list[str], options: MaskingOptions,
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
