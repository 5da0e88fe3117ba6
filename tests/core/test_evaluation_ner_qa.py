"""NER and QA evaluation: entity scores equal seqeval's and a hand count; EM and F1 as SQuAD defines them,
checked by hand; predictions equal what each head's page reads from the same model."""

import json

import numpy as np
import pytest
from seqeval.metrics import classification_report

from bert_explorer.errors import InputError
from bert_explorer.evaluation.answering import (
    evaluate_reader,
    exact_match,
    normalize_answer,
    read_questions,
    token_f1,
)
from bert_explorer.evaluation.tagging import (
    TaggedSentences,
    entity_scores,
    evaluate_tagger,
    predict_tags,
    read_tagged,
)
from bert_explorer.loading import load_model
from bert_explorer.tasks.question_answering import answer
from bert_explorer.tasks.token_classification import tag

GOLD = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O"], ["O", "O"]]
PREDICTED = [["B-PER", "I-PER", "O", "B-ORG"], ["B-ORG", "O"], ["B-LOC", "O"]]


def test_entity_scores_by_hand_and_as_seqeval_reports_them():
    scores = {s.name: s for s in entity_scores(GOLD, PREDICTED)}
    # Gold: PER, LOC, ORG. Predicted: PER (right), ORG (wrong span type at "B-LOC"), ORG (right), LOC (spurious).
    assert (scores["PER"].precision, scores["PER"].recall, scores["PER"].support) == (1.0, 1.0, 1)
    assert (scores["LOC"].precision, scores["LOC"].recall) == (0.0, 0.0)
    assert (scores["ORG"].precision, scores["ORG"].recall) == (0.5, 1.0)
    assert scores["micro avg"].precision == pytest.approx(2 / 4) and scores["micro avg"].recall == pytest.approx(2 / 3)
    reference = classification_report(GOLD, PREDICTED, output_dict=True, zero_division=0)
    for name, row in reference.items():
        if name != "weighted avg":
            assert scores[name].f1 == pytest.approx(row["f1-score"])


def test_tagged_sentences_are_read_from_jsonl_and_conll():
    jsonl = "\n".join(json.dumps({"tokens": ["Ann", "sang"], "tags": ["B-PER", "O"]}) for _ in range(2))
    assert read_tagged(jsonl.encode(), "x.jsonl").words == [["Ann", "sang"]] * 2
    conll = "-DOCSTART- O\n\nAnn B-PER\nsang O\n\nBob B-PER\n"
    data = read_tagged(conll.encode(), "x.conll")
    assert data.words == [["Ann", "sang"], ["Bob"]] and data.tags == [["B-PER", "O"], ["B-PER"]]
    for bad, name in ((b'{"tokens": ["a", "b"], "tags": ["O"]}', "x.jsonl"), (b"", "x.txt"), (b"a\n", "x.txt"),
                      (b"a O", "x.csv")):
        with pytest.raises(InputError):
            read_tagged(bad, name)


def test_batched_tags_equal_the_pages_reading_word_by_word(checkpoints):
    loaded = load_model(str(checkpoints["bert-ner"]), "token_classification")
    sentences = [["zorba", "visited", "paris"], ["the", "film", "was", "good", "in", "france"], ["paris"]]
    predicted, cut = predict_tags(loaded, sentences, batch_size=2)
    assert cut == 0
    for words, tags in zip(sentences, predicted):
        result = tag(loaded, " ".join(words))
        assert tags == [result.label_names[k] for k in result.word_predictions]


def test_a_tagger_without_the_datas_entity_types_is_refused(checkpoints):
    loaded = load_model(str(checkpoints["bert-ner"]), "token_classification")  # PER and LOC only
    with pytest.raises(InputError, match="no entity type"):
        evaluate_tagger(loaded, TaggedSentences([["Volvo"]], [["B-ORG"]]))
    result = evaluate_tagger(loaded, TaggedSentences([["zorba", "at", "volvo"]], [["B-PER", "O", "B-ORG"]]))
    assert any("no tag for ORG" in note for note in result.notes)
    assert result.score("micro avg").support == 2


def test_squad_normalisation_exact_match_and_f1_by_hand():
    assert normalize_answer("The  Eiffel Tower!") == "eiffel tower"
    assert exact_match("the Eiffel tower.", ["Eiffel Tower"]) == 1.0
    assert token_f1("in Paris France", ["Paris"]) == pytest.approx(0.5)  # p = 1/3, r = 1
    assert token_f1("in Paris France", ["Lyon", "Paris, France"]) == pytest.approx(0.8)  # the best gold: p = 2/3, r = 1
    assert token_f1("", ["Paris"]) == 0.0 and token_f1("the", ["a"]) == 1.0  # both normalise to nothing


def test_questions_are_read_from_jsonl_and_squad_json():
    jsonl = json.dumps({"question": "where?", "context": "in paris", "answer": "paris"})
    assert read_questions(jsonl.encode(), "q.jsonl").answers == [["paris"]]
    squad = {"data": [{"paragraphs": [{"context": "in paris", "qas": [
        {"question": "where?", "answers": [{"text": "paris"}, {"text": "in paris"}]}]}]}]}
    assert read_questions(json.dumps(squad).encode(), "q.json").answers == [["paris", "in paris"]]
    for bad in ('{"question": "where?", "context": "x"}', '{"data": [{"oops": 1}]}', ""):
        with pytest.raises(InputError):
            read_questions(bad.encode(), "q.jsonl")


def test_reader_predictions_are_the_qa_pages_best_span(checkpoints):
    loaded = load_model(str(checkpoints["bert-qa"]), "question_answering")
    data = read_questions("\n".join(json.dumps(row) for row in [
        {"question": "where is paris", "context": "paris is in france", "answers": ["france", "in france"]},
        {"question": "who sang", "context": "zorba sang in paris", "answers": ["zorba"]},
    ]).encode(), "q.jsonl")
    result = evaluate_reader(loaded, data)
    for i in range(2):
        best = answer(loaded, data.questions[i], data.contexts[i]).best
        assert result.predicted[i] == best.text
        assert result.f1[i] == token_f1(best.text, data.answers[i])
    assert result.exact_match == pytest.approx(np.mean(result.exact))


def test_the_hardest_lists_only_what_was_got_wrong_lowest_first():
    from bert_explorer.evaluation.answering import AnsweringEvaluation, Questions
    from bert_explorer.evaluation.tagging import TaggingEvaluation

    tagging = TaggingEvaluation([], [], [], [], 1.0, np.array([1.0, 0.5, 0.0, 1.0, 0.5]), ())
    assert tagging.hardest().tolist() == [2, 1, 4]
    answering = AnsweringEvaluation(Questions([], [], []), [], np.zeros(3), np.array([1.0, 0.2, 1.0]))
    assert answering.hardest().tolist() == [1]
