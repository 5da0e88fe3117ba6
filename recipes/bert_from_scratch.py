"""Pre-train a small BERT from scratch: a WordPiece vocabulary, then masked LM and next-sentence prediction.

Masked LM follows BERT: 15% of the non-special tokens, of which 80% become [MASK], 10% a random
token and 10% stay (transformers' DataCollatorForLanguageModeling draws them). For NSP, half the
second segments continue the first and half start somewhere in another document.
"""

import math
import random
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
import transformers
from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
from transformers import DataCollatorForLanguageModeling, PreTrainedTokenizerFast

from bert_explorer.scores import IGNORE_INDEX
from bert_explorer.tasks.next_sentence import IS_NEXT, IS_RANDOM
from bert_explorer.training.optim import adamw, scheduler

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


@dataclass(frozen=True)
class PretrainOptions:
    # The defaults pre-train on the BBC articles in about 25 minutes on a 2-core CPU. A 128-wide model
    # gets through 3 times as many steps as a 256-wide one in that time, and NSP needs them: it sat at
    # chance for the first 1,500 steps of every run tried (with dropout 0.1 and a rate of 2e-3, longer).
    vocab_size: int = 8192
    hidden_size: int = 128
    layers: int = 4
    heads: int = 4
    intermediate_size: int = 512
    max_tokens: int = 128
    steps: int = 7000
    batch_size: int = 32
    learning_rate: float = 1e-3
    warmup_ratio: float = 0.05
    weight_decay: float = 0.01
    mlm_probability: float = 0.15
    dropout: float = 0.0  # too short a run to overfit: each pass draws new pairs and new masks
    seed: int = 0


@dataclass(frozen=True)
class SentencePair:
    first: list[int]  # token ids, no special tokens
    second: list[int]
    label: int  # IS_NEXT or IS_RANDOM


@dataclass(frozen=True)
class PretrainStep:
    step: int
    loss: float
    mlm_loss: float
    nsp_loss: float
    learning_rate: float


@dataclass
class PretrainingRun:
    model: transformers.BertForPreTraining
    tokenizer: PreTrainedTokenizerFast
    steps: list[PretrainStep] = field(default_factory=list)
    held_out: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0


def split_sentences(text: str) -> list[str]:
    """Sentences of a news article: its lines, cut after . ! or ? before a capital, digit or quote."""
    sentences = []
    for line in text.splitlines():
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'])", line) if s.strip()]
    return sentences


def train_wordpiece(texts: list[str], vocab_size: int, max_tokens: int) -> PreTrainedTokenizerFast:
    """An uncased BERT WordPiece tokenizer learnt from `texts`, saved and reloaded like any other."""
    learnt = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    learnt.normalizer = normalizers.BertNormalizer(lowercase=True)
    learnt.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    learnt.train_from_iterator(texts, trainers.WordPieceTrainer(vocab_size=vocab_size, special_tokens=SPECIAL_TOKENS,
                                                                show_progress=False))
    # The trainer numbers tokens in hash order, different on every run: number them in sorted order.
    words = sorted(set(learnt.get_vocab()) - set(SPECIAL_TOKENS))
    tokenizer = Tokenizer(models.WordPiece({token: k for k, token in enumerate(SPECIAL_TOKENS + words)},
                                           unk_token="[UNK]"))
    tokenizer.normalizer = learnt.normalizer
    tokenizer.pre_tokenizer = learnt.pre_tokenizer
    tokenizer.decoder = decoders.WordPiece()
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", cls), ("[SEP]", sep)])
    return transformers.BertTokenizerFast(
        tokenizer_object=tokenizer, unk_token="[UNK]", sep_token="[SEP]", pad_token="[PAD]", cls_token="[CLS]",
        mask_token="[MASK]", do_lower_case=True, model_max_length=max_tokens)


def tokenised_documents(tokenizer, texts: list[str]) -> list[list[list[int]]]:
    """Each document as its sentences' token ids; documents with fewer than two sentences are dropped."""
    documents = []
    for text in texts:
        sentences = split_sentences(text)
        if len(sentences) >= 2:
            documents.append(tokenizer(sentences, add_special_tokens=False)["input_ids"])
    return documents


def sentence_pairs(documents: list[list[list[int]]], max_tokens: int, rng: random.Random) -> list[SentencePair]:
    """One pass over the documents: consecutive runs of sentences as first segments, each followed by
    its true continuation or (half the time) a run from another document, cut to fit `max_tokens`."""
    budget = max_tokens - 3  # [CLS] A [SEP] B [SEP]
    pairs = []
    for index, sentences in enumerate(documents):
        start = 0
        while start < len(sentences) - 1:
            end, length = start + 1, len(sentences[start])
            while end < len(sentences) - 1 and length + len(sentences[end]) <= budget // 2:
                length += len(sentences[end])
                end += 1
            first = [t for s in sentences[start:end] for t in s]
            if len(documents) > 1 and rng.random() < 0.5:
                other = rng.randrange(len(documents) - 1)
                other += other >= index  # any document but this one
                follow = documents[other][rng.randrange(len(documents[other])):]
                label, start = IS_RANDOM, end  # the skipped continuation starts the next pair
            else:
                follow, label = sentences[end:], IS_NEXT
            second, used = [], 0
            for sentence in follow:
                if second and len(first) + len(second) + len(sentence) > budget:
                    break
                second += sentence
                used += 1
            if label == IS_NEXT:
                start = end + used
            pairs.append(SentencePair(*_fit(first, second, budget), label))
    return pairs


def _fit(first: list[int], second: list[int], budget: int) -> tuple[list[int], list[int]]:
    """Trim the longer segment until both fit: the first from its start and the second from its
    end, so a true pair still reads on across the [SEP]."""
    first, second = list(first), list(second)
    while len(first) + len(second) > budget:
        if len(first) > len(second):
            first.pop(0)
        else:
            second.pop()
    return first, second


def pair_features(tokenizer, first: list[int], second: list[int]) -> dict[str, list[int]]:
    """[CLS] first [SEP] second [SEP] and its segment ids, as BERT reads a pair of token-id runs."""
    return {"input_ids": [tokenizer.cls_token_id, *first, tokenizer.sep_token_id, *second, tokenizer.sep_token_id],
            "token_type_ids": [0] * (len(first) + 2) + [1] * (len(second) + 1)}


def collate(tokenizer, pairs: list[SentencePair], collator: DataCollatorForLanguageModeling) -> dict[str, torch.Tensor]:
    """The pairs padded into a batch, masked by `collator`, with their NSP labels."""
    batch = collator([pair_features(tokenizer, p.first, p.second) for p in pairs])
    batch["next_sentence_label"] = torch.tensor([p.label for p in pairs])
    return dict(batch)


@dataclass(frozen=True)
class PretrainingLosses:
    total: torch.Tensor  # masked LM + NSP
    mlm: torch.Tensor
    nsp: torch.Tensor
    mlm_logits: torch.Tensor  # [masked tokens, vocabulary], in the order of the labels
    nsp_logits: torch.Tensor  # [batch, 2]


def pretraining_losses(model: transformers.BertForPreTraining, batch: dict) -> PretrainingLosses:
    """The losses BertForPreTraining computes, with the vocabulary projection applied only
    where a token is to be predicted (the other 85% of positions cost nothing)."""
    encoded = model.bert(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"],
                         token_type_ids=batch["token_type_ids"])
    labels = batch["labels"]
    selected = labels != IGNORE_INDEX
    mlm_logits = model.cls.predictions(encoded.last_hidden_state[selected])
    nsp_logits = model.cls.seq_relationship(encoded.pooler_output)
    mlm_loss = F.cross_entropy(mlm_logits, labels[selected])
    nsp_loss = F.cross_entropy(nsp_logits, batch["next_sentence_label"])
    return PretrainingLosses(mlm_loss + nsp_loss, mlm_loss, nsp_loss, mlm_logits, nsp_logits)


def new_model(tokenizer, options: PretrainOptions) -> transformers.BertForPreTraining:
    config = transformers.BertConfig(
        vocab_size=len(tokenizer), hidden_size=options.hidden_size, num_hidden_layers=options.layers,
        num_attention_heads=options.heads, intermediate_size=options.intermediate_size,
        max_position_embeddings=options.max_tokens, pad_token_id=tokenizer.pad_token_id, tie_word_embeddings=True,
        hidden_dropout_prob=options.dropout, attention_probs_dropout_prob=options.dropout,
    )
    torch.manual_seed(options.seed)
    return transformers.BertForPreTraining(config)


def pretrain(train_texts: list[str], held_out_texts: list[str], options: PretrainOptions,
             on_step: Callable[[PretrainStep], None] | None = None) -> PretrainingRun:
    started = time.perf_counter()
    rng = random.Random(options.seed)
    tokenizer = train_wordpiece(train_texts, options.vocab_size, options.max_tokens)
    documents = tokenised_documents(tokenizer, train_texts)
    model = new_model(tokenizer, options)
    collator = DataCollatorForLanguageModeling(tokenizer, mlm_probability=options.mlm_probability, seed=options.seed)
    optimizer = adamw(model, options.learning_rate, options.weight_decay)
    schedule = scheduler("linear", optimizer, math.ceil(options.warmup_ratio * options.steps), options.steps)
    run = PretrainingRun(model, tokenizer)
    pairs: list[SentencePair] = []
    model.train()
    for step in range(1, options.steps + 1):
        if len(pairs) < options.batch_size:  # a fresh pass: new pairs, new random partners
            pairs = sentence_pairs(documents, options.max_tokens, rng)
            rng.shuffle(pairs)
        batch = collate(tokenizer, pairs[:options.batch_size], collator)
        del pairs[:options.batch_size]
        losses = pretraining_losses(model, batch)
        optimizer.zero_grad()
        losses.total.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        rate = optimizer.param_groups[0]["lr"]
        optimizer.step()
        schedule.step()
        record = PretrainStep(step, losses.total.item(), losses.mlm.item(), losses.nsp.item(), rate)
        run.steps.append(record)
        if on_step is not None:
            on_step(record)
    model.eval()
    run.held_out = evaluate(model, tokenizer, held_out_texts, options)
    run.seconds = time.perf_counter() - started
    return run


def evaluate(model, tokenizer, texts: list[str], options: PretrainOptions, batch_size: int = 64,
             batches: int | None = None) -> dict[str, float]:
    """NSP accuracy and masked-token accuracy on pairs and masks drawn (seeded) from held-out documents (their
    first `batches` batches, or all)."""
    nsp_right = mlm_right = mlm_count = pair_count = 0
    mlm_loss = nsp_loss = 0.0
    with torch.inference_mode():
        for number, batch in enumerate(held_out_batches(tokenizer, texts, options, batch_size)):
            if batches is not None and number >= batches:
                break
            pair_count += len(batch["next_sentence_label"])
            losses = pretraining_losses(model, batch)
            labels = batch["labels"][batch["labels"] != IGNORE_INDEX]
            nsp_right += int((losses.nsp_logits.argmax(-1) == batch["next_sentence_label"]).sum())
            mlm_right += int((losses.mlm_logits.argmax(-1) == labels).sum())
            mlm_count += len(labels)
            mlm_loss += losses.mlm.item() * len(labels)
            nsp_loss += losses.nsp.item() * len(batch["next_sentence_label"])
    return {
        "nsp_accuracy": nsp_right / max(1, pair_count),
        "masked_token_accuracy": mlm_right / max(1, mlm_count),
        "mlm_loss": mlm_loss / max(1, mlm_count),
        "nsp_loss": nsp_loss / max(1, pair_count),
        "held_out_pairs": pair_count,
        "masked_tokens": mlm_count,
    }


def held_out_batches(tokenizer, texts: list[str], options: PretrainOptions, batch_size: int = 64) -> Iterator[dict]:
    """The held-out pairs and their masks, drawn from their own seed so every evaluation sees the same."""
    pairs = sentence_pairs(tokenised_documents(tokenizer, texts), options.max_tokens, random.Random(options.seed + 1))
    collator = DataCollatorForLanguageModeling(tokenizer, mlm_probability=options.mlm_probability,
                                               seed=options.seed + 1)
    for start in range(0, len(pairs), batch_size):
        yield collate(tokenizer, pairs[start:start + batch_size], collator)
