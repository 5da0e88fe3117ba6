"""Recount every zoo card's held-out metrics from the committed weights, through the app's loading code.

    python -m recipes.recount [--write-samples] [NAME ...]

The build measures its metrics on the in-memory models, by its own fast paths; this recounts them
from each model's full outputs after loading the committed files as the app does, and checks each
against its card to within one example. `make zoo` runs it after building.

It also records, in each card, the same count on a small fixed sample of the held-out set (the
first rows, questions or batches). The test suite recounts those samples in seconds; the full
recount (about two minutes on a 2-core CPU) stays here.
"""

import argparse
import json
import sys
from collections.abc import Callable

import torch
from seqeval.metrics.sequence_labeling import get_entities

from bert_explorer import zoo
from bert_explorer.evaluation.answering import Questions, evaluate_reader
from bert_explorer.evaluation.datasets import handwritten_cloze, handwritten_questions, handwritten_tags
from bert_explorer.evaluation.tagging import predict_tags
from bert_explorer.loading import load_model
from bert_explorer.scores import IGNORE_INDEX
from bert_explorer.tasks.masked_lm import fill
from bert_explorer.training.bbc import bbc_topics

from . import bert_from_scratch, build, fill_in, next_sentence_choice

# Rows (questions, pair batches) of each held-out set that the tests recount.
SAMPLE = {"zoo/sentiment-tweets": 128, "zoo/bbc-topics": 64, "zoo/bbc-bert-small": 2, "zoo/bbc-next-sentence": 96,
          "zoo/news-ner": 96, "zoo/news-qa": 48, "zoo/everyday-bert": 2}


def _tokenizer(loaded):
    with loaded.lock:
        return loaded.tokenizer


def classifier_counts(name: str, limit: int | None = None) -> dict[str, int]:
    """Right predictions of a zoo sequence classifier on (the first `limit` rows of) its held-out set."""
    if name == "zoo/sentiment-tweets":
        _, held_out = build.tweet_split(build.FULL)
    else:
        held_out = bbc_topics(build.bbc_split(build.FULL)[1])
    rows = len(held_out) if limit is None else min(limit, len(held_out))
    loaded = load_model(name, "sequence_classification")
    tokenizer, right = _tokenizer(loaded), 0
    with torch.inference_mode():
        for start in range(0, rows, 64):
            part = held_out.subset(list(range(start, min(start + 64, rows))))
            inputs = tokenizer(part.texts, truncation=True, max_length=128, padding=True, return_tensors="pt")
            right += int((loaded.model(**inputs).logits.argmax(-1) == torch.tensor(part.labels)).sum())
    return {"rows": rows, "right": right}


def pretraining_counts(model, tokenizer, texts: list[str], options, batches: int | None = None) -> dict[str, int]:
    """The held-out pairs and masks `bert_from_scratch.evaluate` scores, scored here by the model's full outputs."""
    counts = {"held_out_pairs": 0, "nsp_right": 0, "masked_tokens": 0, "mlm_right": 0}
    with torch.inference_mode():
        for number, batch in enumerate(bert_from_scratch.held_out_batches(tokenizer, texts, options)):
            if batches is not None and number >= batches:
                break
            out = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"],
                        token_type_ids=batch["token_type_ids"])
            selected = batch["labels"] != IGNORE_INDEX
            counts["held_out_pairs"] += len(batch["next_sentence_label"])
            counts["nsp_right"] += int((out.seq_relationship_logits.argmax(-1) == batch["next_sentence_label"]).sum())
            counts["masked_tokens"] += int(selected.sum())
            counts["mlm_right"] += int((out.prediction_logits[selected].argmax(-1) == batch["labels"][selected]).sum())
    return counts


def bbc_bert_counts(batches: int | None = None) -> dict[str, int]:
    loaded = load_model("zoo/bbc-bert-small", "pretraining")
    texts = [a.text for a in build.bbc_split(build.FULL)[1]]
    return pretraining_counts(loaded.model, _tokenizer(loaded), texts, build.FULL.pretrain, batches)


def choice_counts(limit: int | None = None) -> dict[str, int]:
    loaded = load_model("zoo/bbc-next-sentence", "multiple_choice")
    tokenizer = _tokenizer(loaded)
    _, held_out = build.next_sentence_question_sets(tokenizer, build.FULL)
    held_out = held_out if limit is None else held_out[:limit]
    right = 0
    with torch.inference_mode():
        for start in range(0, len(held_out), 32):
            part = held_out[start:start + 32]
            logits = loaded.model(**next_sentence_choice.encode_questions(tokenizer, part)).logits
            right += int((logits.argmax(-1) == torch.tensor([q.answer for q in part])).sum())
    return {"rows": len(held_out), "right": right}


def entity_counts(gold: list[list[str]], predicted: list[list[str]]) -> dict[str, int]:
    """Entity-level F1 as counts: F1 = 2·TP / (predicted + gold entities), seqeval's matching (type and both ends)."""
    def entities(sentences):
        return {(i, *entity) for i, tags in enumerate(sentences) for entity in get_entities(tags)}
    found, wanted = entities(predicted), entities(gold)
    return {"twice_right": 2 * len(found & wanted), "entities": len(found) + len(wanted)}


def ner_counts(limit: int | None = None) -> dict[str, int]:
    """The NER card's held-out and hand-written F1, recounted through the Evaluate page's own tagging code."""
    loaded = load_model("zoo/news-ner", "token_classification")
    held_out = build.ner_sets(build.FULL)[1]
    held_out = held_out if limit is None else held_out[:limit]
    written = handwritten_tags()
    counts = {"sentences": len(held_out),
              **entity_counts([t for _, t in held_out], predict_tags(loaded, [w for w, _ in held_out])[0])}
    mine = entity_counts(written.tags, predict_tags(loaded, written.words)[0])
    return {**counts, "handwritten_twice_right": mine["twice_right"], "handwritten_entities": mine["entities"]}


def qa_counts(limit: int | None = None) -> dict[str, float]:
    """The QA card's exact match and token F1, held out and hand-written, through the QA page's own pipeline
    (windows, best valid span) as the Evaluate page runs it. F1 comes as a sum over the questions."""
    loaded = load_model("zoo/news-qa", "question_answering")
    held_out = build.qa_sets(build.FULL)[1]
    held_out = held_out if limit is None else held_out[:limit]
    counts = {}
    for prefix, data in (("", Questions([q.question for q in held_out], [q.context for q in held_out],
                                        [[q.answer] for q in held_out])),
                         ("handwritten_", handwritten_questions())):
        evaluation = evaluate_reader(loaded, data)
        counts |= {f"{prefix}questions": len(data), f"{prefix}exact": int(evaluation.exact.sum()),
                   f"{prefix}f1_sum": float(evaluation.f1.sum())}
    return counts


def everyday_bert_counts(batches: int | None = None) -> dict[str, int]:
    """The pre-training entry's masked tokens right (top 1, top 5) on the held-out articles and the held-out
    everyday sentences and its NSP pairs right, from the model's full outputs; and its cloze hits through the
    fill-in page's own code. `batches` limits each held-out set's batches."""
    loaded = load_model("zoo/everyday-bert", "pretraining")
    tokenizer = _tokenizer(loaded)
    articles = [a.text for a in build.bbc_split(build.FULL)[1]]

    def logits_of(inputs):
        selected = inputs["labels"] != IGNORE_INDEX
        out = loaded.model(input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"])
        return out.prediction_logits[selected], inputs["labels"][selected]

    masking = build.masking_options(build.FULL)
    counts = fill_in.masked_token_counts(logits_of, tokenizer, articles, masking, batches)
    everyday = fill_in.masked_token_counts(logits_of, tokenizer, build.everyday_texts(build.FULL)[1], masking,
                                           batches)
    counts |= {f"everyday_{key}": value for key, value in everyday.items()}
    pairs = pretraining_counts(loaded.model, tokenizer, articles, build.pair_options(build.FULL), batches)
    counts |= {"nsp_right": pairs["nsp_right"], "held_out_pairs": pairs["held_out_pairs"]}
    filler = load_model("zoo/everyday-bert", "masked_lm")
    for name in build.CLOZE_METRICS:
        sentences, answers = handwritten_cloze(name)
        counts[f"{name}_hits"] = fill_in.cloze_hits(lambda text: fill(filler, text).masks[0].top_tokens[:5],
                                                    sentences, answers)
        counts[f"{name}_sentences"] = len(sentences)
    return counts


# Entry -> (counter taking a sample size, or None for all; the card metrics it checks as (metric, right, total)).
COUNTERS: dict[str, tuple[Callable[[int | None], dict], tuple[tuple[str, str, str], ...]]] = {
    "zoo/sentiment-tweets": (lambda n: classifier_counts("zoo/sentiment-tweets", n),
                             (("accuracy", "right", "rows"),)),
    "zoo/bbc-topics": (lambda n: classifier_counts("zoo/bbc-topics", n), (("accuracy", "right", "rows"),)),
    "zoo/bbc-bert-small": (bbc_bert_counts, (("nsp_accuracy", "nsp_right", "held_out_pairs"),
                                             ("masked_token_accuracy", "mlm_right", "masked_tokens"))),
    "zoo/bbc-next-sentence": (choice_counts, (("accuracy", "right", "rows"),)),
    "zoo/news-ner": (ner_counts, (("f1", "twice_right", "entities"),
                                  ("handwritten_f1", "handwritten_twice_right", "handwritten_entities"))),
    "zoo/news-qa": (qa_counts, (("exact_match", "exact", "questions"), ("token_f1", "f1_sum", "questions"),
                                ("handwritten_exact_match", "handwritten_exact", "handwritten_questions"),
                                ("handwritten_token_f1", "handwritten_f1_sum", "handwritten_questions"))),
    "zoo/everyday-bert": (everyday_bert_counts, (
        ("masked_token_accuracy", "top1_right", "masked_tokens"), ("masked_token_top5", "top5_right", "masked_tokens"),
        ("everyday_masked_token_accuracy", "everyday_top1_right", "everyday_masked_tokens"),
        ("everyday_masked_token_top5", "everyday_top5_right", "everyday_masked_tokens"),
        ("nsp_accuracy", "nsp_right", "held_out_pairs"),
        *((f"{metric}_top5", f"{name}_hits", f"{name}_sentences") for name, metric in build.CLOZE_METRICS.items()))),
}


def check_card(name: str, counts: dict[str, int]) -> list[str]:
    """Where the full recount and the card disagree by more than one example."""
    metrics, problems = zoo.entries()[name].metrics, []
    for metric, right, total in COUNTERS[name][1]:
        recounted = counts[right] / counts[total]
        if abs(recounted - metrics[metric]) > 1.5 / counts[total]:
            problems.append(f"{name}: {metric} recounted {recounted:.4f}, card says {metrics[metric]:.4f}")
    return problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-samples", action="store_true", help="record the sample counts in each card")
    parser.add_argument("names", nargs="*", help="entries to recount, e.g. news-qa (default: all)")
    args = parser.parse_args(argv)
    wanted = {name if name.startswith(zoo.PREFIX) else zoo.PREFIX + name for name in args.names}
    unknown = wanted - set(COUNTERS)
    if unknown:
        parser.error(f"unknown entries {', '.join(sorted(unknown))}")
    problems = []
    for name, (counter, _) in COUNTERS.items():
        if wanted and name not in wanted:
            continue
        counts = counter(None)
        problems += check_card(name, counts)
        print(f"{name}: {json.dumps(counts)}", flush=True)
        if args.write_samples:
            card_path = zoo.entries()[name].folder / zoo.CARD_FILE
            card = json.loads(card_path.read_text())
            card["sample_check"] = {"size": SAMPLE[name], **counter(SAMPLE[name])}
            card_path.write_text(json.dumps(card, indent=2) + "\n")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
