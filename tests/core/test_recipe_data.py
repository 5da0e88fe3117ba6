"""The zoo's generated training data: answers where they say they are, templates held out whole, and the
recipes' fast predictors agreeing with the pages' own code."""

import numpy as np
import pytest
import torch

from bert_explorer.evaluation.datasets import handwritten_cloze
from bert_explorer.loading import load_model
from bert_explorer.tasks.masked_lm import fill
from bert_explorer.tasks.question_answering import answer
from recipes import fill_in, qa, qa_data
from recipes.build import fill_in_words
from recipes.fill_in import MaskingOptions
from tiny import tokenizer_of

ARTICLES = ["Shares in Barclays rose sharply on Monday morning in London. Analysts said the bank was doing well "
            "after a difficult year. Profits were up by a fifth on the year before.",
            "Tesco said sales fell over the Christmas weeks across its stores. The firm blamed the mild weather for "
            "weak demand. It will cut prices on hundreds of products in March."]


@pytest.fixture(scope="module")
def pool():
    return qa_data.pools(0)


def test_templates_are_held_out_whole():
    train, held = qa_data.split_templates(0)
    assert not {id(t) for t in train} & {id(t) for t in held}
    assert len(train) + len(held) == len(qa_data.STORIES) + len(qa_data.COUNTRY_SHEETS)
    assert any(t in qa_data.COUNTRY_SHEETS for t in held) and any(t in qa_data.STORIES for t in held)


def test_every_answer_is_the_span_it_points_at(pool):
    train, held = qa_data.split_templates(0)
    questions = qa_data.questions(train, pool, 300, ARTICLES * 3, 5, 0) + qa_data.questions(held, pool, 100,
                                                                                             ARTICLES, 5, 1)
    assert len(questions) >= 400
    for q in questions:
        assert q.context[q.answer_start:q.answer_start + len(q.answer)] == q.answer, q
        assert "{" not in q.question + q.context, q  # every slot filled
    held_wordings = {w for t in held for w, _ in t[1]}
    assert not any(q.question in held_wordings for q in questions[:300])


def test_a_bbc_sentence_that_opens_with_a_known_name_becomes_a_who_question(pool):
    name = next(p for p in pool.names.by_type["PER"] if len(p.split()) == 2)
    text = f"The vote was close. {name} said the result was a surprise to everyone. Counting ended at dawn."
    [question] = qa_data.bbc_questions([text], pool, 10)
    assert question.question == "Who said the result was a surprise to everyone?"
    assert question.answer == name and question.context.startswith("The vote was close.")


def test_the_qa_recipe_predicts_the_qa_pages_best_span(checkpoints):
    loaded = load_model(str(checkpoints["bert-qa"]), "question_answering")
    pairs = [("where is paris", "paris is the capital city of france."), ("what was good", "the film was good."),
             ("who is in paris", "zorba is in paris. the film was bad."), ("what is it", "i loved it. it was good.")]
    predicted = qa.predict(loaded.model, tokenizer_of(loaded), [q for q, _ in pairs], [c for _, c in pairs])
    assert predicted == [answer(loaded, q, c).best.text for q, c in pairs]


def test_qa_features_point_at_the_answer_tokens(checkpoints, pool):
    tokenizer = tokenizer_of(load_model(str(checkpoints["bert-qa"]), "question_answering"))
    question = qa_data.Question("where is paris", "paris is the capital city of france.", "france", 29, "story")
    [feature] = qa.features(tokenizer, [question], 64)
    assert tokenizer.decode(feature.input_ids[feature.start:feature.end + 1]) == "france"
    too_short = qa.features(tokenizer, [question], 8)  # the cut loses the answer: the question is dropped
    assert too_short == []


def test_fill_in_chunks_fit_and_the_held_out_masks_are_fixed(checkpoints):
    tokenizer = tokenizer_of(load_model(str(checkpoints["bert-pretraining"]), "masked_lm"))
    options = MaskingOptions(max_tokens=16)
    rows = fill_in.chunks(tokenizer, ARTICLES * 4, options.max_tokens)
    assert rows and all(8 <= len(r) <= 14 for r in rows)
    first, second = (list(fill_in.held_out_batches(tokenizer, ARTICLES * 4, options)) for _ in range(2))
    assert all(torch.equal(a["labels"], b["labels"]) for a, b in zip(first, second))


def test_masked_token_counts_match_the_models_own_top_tokens(checkpoints):
    loaded = load_model(str(checkpoints["bert-pretraining"]), "masked_lm")
    tokenizer, options = tokenizer_of(loaded), MaskingOptions(max_tokens=16)
    counts = fill_in.masked_token_counts(lambda inputs: fill_in.masked_logits(loaded.model, inputs), tokenizer,
                                         ARTICLES * 4, options)
    right = top5 = total = 0
    with torch.inference_mode():
        for inputs in fill_in.held_out_batches(tokenizer, ARTICLES * 4, options):
            logits = loaded.model(input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"]).logits
            selected = inputs["labels"] != -100
            ranked = np.argsort(-logits[selected].numpy(), axis=-1, kind="stable")
            labels = inputs["labels"][selected].numpy()
            right += int((ranked[:, 0] == labels).sum())
            top5 += int((ranked[:, :5] == labels[:, None]).any(-1).sum())
            total += len(labels)
    assert counts == {"masked_tokens": total, "top1_right": right, "top5_right": top5}


def test_cloze_hits_count_what_the_fill_in_page_shows(checkpoints):
    loaded = load_model(str(checkpoints["bert-pretraining"]), "masked_lm")
    texts, accepted = handwritten_cloze()
    assert len(texts) >= 30 and all(t.count("[MASK]") == 1 for t in texts)
    hits = fill_in.cloze_hits(lambda text: fill_in_words(loaded.model, tokenizer_of(loaded), text), texts[:6],
                              accepted[:6])
    page = sum(bool(set(fill(loaded, t).masks[0].top_tokens[:5]) & set(a)) for t, a in zip(texts[:6], accepted[:6]))
    assert hits == page
