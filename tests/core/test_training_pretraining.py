"""Pre-training from scratch: the vocabulary, the sentence pairs, and the losses BertForPreTraining defines."""

import random

import pytest
import torch
import transformers
from transformers import DataCollatorForLanguageModeling

from bert_explorer.scores import IGNORE_INDEX
from bert_explorer.tasks.next_sentence import IS_NEXT, IS_RANDOM
from bert_explorer.training.bbc import bbc_articles
from recipes import bert_from_scratch as pretraining
from recipes import recount
from recipes.bert_from_scratch import PretrainOptions

TINY = PretrainOptions(vocab_size=300, hidden_size=32, layers=1, heads=2, intermediate_size=64, max_tokens=48,
                       steps=6, batch_size=8)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [a.text for a in bbc_articles()[::90]]  # 25 articles across the topics


@pytest.fixture(scope="module")
def tokenizer(texts):
    return pretraining.train_wordpiece(texts, TINY.vocab_size, TINY.max_tokens)


def test_the_bbc_corpus_has_its_2225_articles_in_5_topics():
    articles = bbc_articles()
    assert len(articles) == 2225
    assert sorted({a.topic for a in articles}) == ["business", "entertainment", "politics", "sports", "tech"]


def test_sentences_are_cut_after_full_stops_before_a_capital():
    text = "Rates rose 0.25%. Markets fell, e.g. shares in U.K. firms.\n\nA new line? Yes!"
    assert pretraining.split_sentences(text) == [
        "Rates rose 0.25%.", "Markets fell, e.g. shares in U.K. firms.", "A new line?", "Yes!"]


def test_the_learnt_vocabulary_saves_and_reloads_as_a_bert_tokenizer(tokenizer, tmp_path):
    tokenizer.save_pretrained(tmp_path)
    reloaded = transformers.AutoTokenizer.from_pretrained(tmp_path)
    pair = ("The government passed the law.", "Shares fell.")
    assert reloaded(*pair)["input_ids"] == tokenizer(*pair)["input_ids"]
    assert reloaded.convert_ids_to_tokens(reloaded(*pair)["input_ids"])[0] == "[CLS]"
    assert len(reloaded) == TINY.vocab_size and reloaded.model_max_length == TINY.max_tokens


def test_true_pairs_continue_their_document_and_random_ones_come_from_another(tokenizer, texts):
    documents = pretraining.tokenised_documents(tokenizer, texts)
    pairs = pretraining.sentence_pairs(documents, 64, random.Random(0))
    labels = [p.label for p in pairs]
    assert 0.35 < labels.count(IS_RANDOM) / len(labels) < 0.65
    flat = [[t for s in doc for t in s] for doc in documents]

    def where(segment):
        return [k for k, doc in enumerate(flat) if _contains(doc, segment)]

    for pair in pairs:
        assert pair.first and pair.second and len(pair.first) + len(pair.second) <= 64 - 3
        if pair.label == IS_NEXT:
            assert any(_contains(doc, pair.first + pair.second) for doc in flat)
        else:
            assert set(where(pair.first)).isdisjoint(where(pair.second)) or len(pair.second) < 3


def _contains(sequence: list[int], part: list[int]) -> bool:
    return any(sequence[i:i + len(part)] == part for i in range(len(sequence) - len(part) + 1))


def test_collated_pairs_are_what_the_tokenizer_builds_for_a_text_pair(tokenizer):
    first, second = "Shares in the firm rose.", "Profits doubled."
    pair = pretraining.SentencePair(tokenizer(first, add_special_tokens=False)["input_ids"],
                                    tokenizer(second, add_special_tokens=False)["input_ids"], IS_NEXT)
    no_masking = DataCollatorForLanguageModeling(tokenizer, mlm_probability=0.0, seed=0)
    batch = pretraining.collate(tokenizer, [pair], no_masking)
    expected = tokenizer(first, second, return_tensors="pt")
    assert torch.equal(batch["input_ids"], expected["input_ids"])
    assert torch.equal(batch["token_type_ids"], expected["token_type_ids"])
    assert batch["next_sentence_label"].tolist() == [IS_NEXT]


def test_losses_at_the_masked_positions_equal_bert_for_pretraining_own_loss(tokenizer, texts):
    model = pretraining.new_model(tokenizer, TINY).eval()
    documents = pretraining.tokenised_documents(tokenizer, texts)
    pairs = pretraining.sentence_pairs(documents, TINY.max_tokens, random.Random(1))[:8]
    batch = pretraining.collate(tokenizer, pairs, DataCollatorForLanguageModeling(tokenizer, seed=3))
    assert (batch["labels"] != IGNORE_INDEX).any()
    with torch.no_grad():
        ours = pretraining.pretraining_losses(model, batch)
        theirs = model(**batch)
    torch.testing.assert_close(ours.total, theirs.loss)
    selected = batch["labels"] != IGNORE_INDEX
    torch.testing.assert_close(ours.mlm_logits, theirs.prediction_logits[selected])
    torch.testing.assert_close(ours.nsp_logits, theirs.seq_relationship_logits)


def test_the_embeddings_are_tied_to_the_output_layer(tokenizer):
    model = pretraining.new_model(tokenizer, TINY)
    assert model.cls.predictions.decoder.weight is model.bert.embeddings.word_embeddings.weight


def test_pretraining_is_reproducible_and_its_held_out_figures_are_the_models_own(texts):
    train, held_out = texts[:20], texts[20:]
    runs = [pretraining.pretrain(train, held_out, TINY) for _ in range(2)]
    assert [s.loss for s in runs[0].steps] == [s.loss for s in runs[1].steps]
    assert len(runs[0].steps) == TINY.steps
    counts = recount.pretraining_counts(runs[0].model, runs[0].tokenizer, held_out, TINY)
    for name in ("held_out_pairs", "masked_tokens"):
        assert runs[0].held_out[name] == counts[name]
    assert runs[0].held_out["nsp_accuracy"] == pytest.approx(counts["nsp_right"] / counts["held_out_pairs"])
    assert runs[0].held_out["masked_token_accuracy"] == pytest.approx(counts["mlm_right"] / counts["masked_tokens"])

