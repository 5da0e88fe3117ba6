"""Train the zoo's NER tagger: the packaged MiniLM encoder, its top layers and a token classifier fine-tuned on
silver CoNLL-2003-style data (recipes/ner_data.py). A word's tag is read from its first sub-word; later sub-words
and special tokens get −100, as the token-classification page explains."""

import random
import time
from dataclasses import dataclass

import torch
import transformers
from seqeval.metrics import f1_score, precision_score, recall_score

from bert_explorer import checkpoints
from bert_explorer.evaluation.tagging import first_subwords
from bert_explorer.heads import CONLL_2003_TAGS
from bert_explorer.scores import IGNORE_INDEX

from .fine_tune import FineTuned, top_layers, train_only

Tagged = list[tuple[list[str], list[str]]]


@dataclass(frozen=True)
class NerOptions:
    templated_train: int = 10000
    templated_held_out: int = 600
    silver_train: int = 3000
    silver_held_out: int = 400
    trained_layers: int = 4  # the top encoder layers fine-tuned with the classifier (embeddings stay frozen)
    epochs: int = 3
    batch_size: int = 32
    learning_rate: float = 1e-4
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    max_tokens: int = 64
    seed: int = 0


def trained_prefixes(model, options: NerOptions) -> tuple[str, ...]:
    return ("classifier.", *top_layers(model, options.trained_layers))


def encode(tokenizer, batch: Tagged, max_tokens: int) -> tuple[transformers.BatchEncoding, torch.Tensor]:
    """Tensors for a batch of tagged sentences, and labels: each word's tag on its first sub-word, −100 elsewhere."""
    label_id = {tag: k for k, tag in enumerate(CONLL_2003_TAGS)}
    encoded = tokenizer([words for words, _ in batch], is_split_into_words=True, truncation=True,
                        max_length=max_tokens, padding=True, return_tensors="pt")
    labels = torch.full(encoded["input_ids"].shape, IGNORE_INDEX)
    for row, (_, tags) in enumerate(batch):
        for word, position in first_subwords(encoded.word_ids(row)).items():
            labels[row, position] = label_id[tags[word]]
    return encoded, labels


def train_tagger(base: str, train: Tagged, options: NerOptions, log=print) -> FineTuned:
    source = checkpoints.resolve(base)
    tokenizer = transformers.AutoTokenizer.from_pretrained(source)
    labels = list(CONLL_2003_TAGS)
    torch.manual_seed(options.seed)
    model = transformers.BertForTokenClassification.from_pretrained(
        source, num_labels=len(labels), id2label=dict(enumerate(labels)), label2id={t: k for k, t in enumerate(labels)},
        attn_implementation="eager")
    prefixes = trained_prefixes(model, options)
    optimiser = torch.optim.AdamW(train_only(model, prefixes), lr=options.learning_rate,
                                  weight_decay=options.weight_decay)
    total = options.epochs * (len(train) // options.batch_size)
    schedule = transformers.get_linear_schedule_with_warmup(optimiser, int(options.warmup_ratio * total), total)
    rows, started, step = list(train), time.perf_counter(), 0
    model.train()
    for epoch in range(options.epochs):
        random.Random(options.seed + epoch).shuffle(rows)
        for start in range(0, len(rows) - options.batch_size + 1, options.batch_size):
            inputs, batch_labels = encode(tokenizer, rows[start:start + options.batch_size], options.max_tokens)
            loss = model(**inputs, labels=batch_labels).loss
            loss.backward()
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            step += 1
            if step % 100 == 0 or step == total:
                log(f"  step {step}/{total}: loss {loss.item():.4f}")
    model.eval()
    return FineTuned(model, tokenizer, prefixes, len(train), time.perf_counter() - started)


def predict(model, tokenizer, sentences: list[list[str]], max_tokens: int, batch_size: int = 64) -> list[list[str]]:
    """Each word's tag from its first sub-word (O past the token limit)."""
    tags = []
    for start in range(0, len(sentences), batch_size):
        batch = sentences[start:start + batch_size]
        encoded, _ = encode(tokenizer, [(words, ["O"] * len(words)) for words in batch], max_tokens)
        with torch.inference_mode():
            best = model(**encoded).logits.argmax(-1)
        for row, words in enumerate(batch):
            sentence = ["O"] * len(words)
            for word, position in first_subwords(encoded.word_ids(row)).items():
                sentence[word] = model.config.id2label[int(best[row, position])]
            tags.append(sentence)
    return tags


def scores(gold: list[list[str]], predicted: list[list[str]]) -> dict[str, float]:
    """Entity-level precision, recall and F1 (seqeval's default matching)."""
    return {"precision": float(precision_score(gold, predicted, zero_division=0)),
            "recall": float(recall_score(gold, predicted, zero_division=0)),
            "f1": float(f1_score(gold, predicted, zero_division=0))}
