"""The 'which sentence comes next' choice head over a pre-trained BERT."""

import random

import pytest
import torch

from bert_explorer.tasks.next_sentence import IS_NEXT, IS_RANDOM
from bert_explorer.training.bbc import bbc_articles
from recipes import bert_from_scratch as pretraining
from recipes import next_sentence_choice as choice
from recipes.bert_from_scratch import PretrainOptions
from recipes.next_sentence_choice import ChoiceOptions

TINY = PretrainOptions(vocab_size=300, hidden_size=32, layers=1, heads=2, intermediate_size=64, max_tokens=48,
                       steps=2, batch_size=8)
OPTIONS = ChoiceOptions(max_tokens=48, epochs=2, batch_size=8)


@pytest.fixture(scope="module")
def pretrained():
    texts = [a.text for a in bbc_articles()[::90]]
    run = pretraining.pretrain(texts[:20], texts[20:], TINY)
    return run.model.eval(), run.tokenizer, pretraining.tokenised_documents(run.tokenizer, texts)


def test_each_question_has_the_true_next_sentence_and_three_shuffled_others(pretrained):
    _, _, documents = pretrained
    questions = choice.next_sentence_questions(documents, OPTIONS, random.Random(0))
    assert questions
    answers = [q.answer for q in questions]
    assert set(answers) == {0, 1, 2, 3}  # shuffled
    for q in questions[:60]:
        assert len(q.choices) == 4
        assert all(len(q.context) + len(c) <= OPTIONS.max_tokens - 3 for c in q.choices)
        # The context ends where a sentence of some document starts: that sentence is the answer.
        following = {tuple(doc[i][:len(q.choices[q.answer])]) for doc in documents for i in range(1, len(doc))
                     if _ends_with(doc[:i], q.context)}
        assert tuple(q.choices[q.answer]) in following

def _ends_with(sentences: list[list[int]], tail: list[int]) -> bool:
    flat = [t for s in sentences for t in s]
    return flat[len(flat) - len(tail):] == tail


def test_the_untrained_choice_score_is_nsp_is_next_minus_is_random(pretrained):
    model, tokenizer, documents = pretrained
    questions = choice.next_sentence_questions(documents, OPTIONS, random.Random(0))[:5]
    mc = choice.choice_model(model)
    inputs = choice.encode_questions(tokenizer, questions)
    with torch.no_grad():
        scores = mc(**inputs).logits
        flat = {k: v.flatten(0, 1) for k, v in inputs.items()}
        nsp = model(**flat).seq_relationship_logits
    expected = (nsp[:, IS_NEXT] - nsp[:, IS_RANDOM]).view(scores.shape)
    torch.testing.assert_close(scores, expected)


def test_encoded_questions_are_the_tokenizers_own_text_pairs(pretrained):
    _, tokenizer, documents = pretrained
    question = choice.next_sentence_questions(documents, OPTIONS, random.Random(0))[0]
    inputs = choice.encode_questions(tokenizer, [question])
    for k, option in enumerate(question.choices):
        expected = tokenizer(tokenizer.decode(question.context), tokenizer.decode(option))
        length = int(inputs["attention_mask"][0, k].sum())
        assert inputs["token_type_ids"][0, k, :length].tolist() == expected["token_type_ids"]
        assert inputs["input_ids"][0, k, :length].tolist()[0] == tokenizer.cls_token_id


def test_logits_from_cached_cls_states_are_the_models_own(pretrained):
    model, tokenizer, documents = pretrained
    questions = choice.next_sentence_questions(documents, OPTIONS, random.Random(0))[:6]
    mc = choice.choice_model(model)
    states = choice.cls_states(mc, tokenizer, questions)
    with torch.no_grad():
        expected = mc(**choice.encode_questions(tokenizer, questions)).logits
        torch.testing.assert_close(choice.choice_logits(mc, states), expected)


def test_training_moves_only_the_pooler_and_the_score(pretrained):
    model, tokenizer, documents = pretrained
    questions = choice.next_sentence_questions(documents, OPTIONS, random.Random(0))
    run = choice.train_choice_head(model, tokenizer, questions[:40], questions[40:60], OPTIONS)
    before = choice.choice_model(model).state_dict()
    after = run.model.state_dict()
    changed = {name for name in after if not torch.equal(after[name], before[name])}
    assert changed == {"bert.pooler.dense.weight", "bert.pooler.dense.bias", "classifier.weight", "classifier.bias"}
    states = choice.cls_states(run.model, tokenizer, questions[40:60])
    answers = torch.tensor([q.answer for q in questions[40:60]])
    with torch.no_grad():
        right = (choice.choice_logits(run.model.eval(), states).argmax(-1) == answers).float().mean()
    assert run.held_out["accuracy"] == pytest.approx(float(right))
