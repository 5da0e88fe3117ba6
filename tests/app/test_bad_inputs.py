"""The README's table of bad inputs, through every page: a message, never an exception."""

import pytest

from app_helpers import assert_no_exception, open_page, read

LONG = "word " * 20_000  # 100,000 characters


def messages(app) -> str:
    return " ".join(read(e) for e in [*app.error, *app.warning, *app.info, *app.caption])


CASES = [
    ("pages/sequence_classification.py", "bert-seq", {"seq_text": ""}, "empty"),
    ("pages/sequence_classification.py", "bert-seq", {"seq_text": " \n\t "}, "empty"),
    ("pages/sequence_classification.py", "bert-seq", {"seq_text": "\x00\x07"}, "empty"),
    ("pages/sequence_classification.py", "bert-seq", {"seq_text": LONG}, "truncated to 64"),
    ("pages/sequence_classification.py", "bert-seq", {"seq_text": "good 😀 電影 \x01"}, "control character"),
    ("pages/token_classification.py", "bert-ner", {"ner_text": "   "}, "empty"),
    ("pages/token_classification.py", "bert-ner", {"ner_text": LONG}, "truncated to 64"),
    ("pages/question_answering.py", "bert-qa", {"qa_question": "", "qa_context": "paris"}, "question is empty"),
    ("pages/question_answering.py", "bert-qa", {"qa_question": "where", "qa_context": LONG}, "first 8 windows"),
    ("pages/question_answering.py", "bert-qa", {"qa_question": "where", "qa_context": "paris",
                                                "qa_gold_answer": "london"}, "does not appear"),
    ("pages/question_answering.py", "bert-qa", {"qa_question": LONG, "qa_context": "paris"}, "keep it under"),
    ("pages/multiple_choice.py", "bert-mc", {"mc_prompt": "the film", "mc_choices": "good"}, "between 2 and 8"),
    ("pages/multiple_choice.py", "bert-mc", {"mc_prompt": "the film", "mc_choices": "\n".join("abcdefghi")},
     "between 2 and 8"),
    ("pages/multiple_choice.py", "bert-mc", {"mc_prompt": "the film", "mc_choices": "good\ngood"}, "identical"),
    ("pages/multiple_choice.py", "bert-mc", {"mc_prompt": "", "mc_choices": "good\nbad"}, "prompt is empty"),
    ("pages/next_sentence.py", "bert-pretraining", {"nsp_a": "the day", "nsp_b": " "}, "sentence B is empty"),
    ("pages/next_sentence.py", "roberta-seq", {}, "only for BERT"),
    ("pages/masked_lm.py", "bert-pretraining", {"mlm_text": "no mask here"}, "no [MASK]"),
    ("pages/masked_lm.py", "bert-pretraining", {"mlm_text": "[MASK] " * 40}, "first 8 of"),
    ("pages/masked_lm.py", "bert-pretraining", {"mlm_text": "the [MASK]", "mlm_gold_words": "a b c"},
     "one gold word per mask"),
    ("pages/pretraining.py", "bert-pretraining", {"pre_a": "the day", "pre_b": "was good"}, "at least one"),
    ("pages/sequence_classification.py", None, {"checkpoint": "/no/such/folder"}, "Could not load"),
    ("pages/sequence_classification.py", None, {"checkpoint": "no-such-user/no-such-model"}, "Could not load"),
]


@pytest.mark.parametrize("page, checkpoint, query, expected", CASES)
def test_bad_input_gives_a_message_not_an_exception(checkpoints, page, checkpoint, query, expected):
    if checkpoint is not None:
        query = {"checkpoint": checkpoints[checkpoint], **query}
    app = open_page(page, **query)
    assert_no_exception(app)
    assert expected in messages(app)
