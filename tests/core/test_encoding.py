import numpy as np
import pytest

from bert_explorer.encoding import clean_text, encode
from bert_explorer.errors import InputError
from bert_explorer.loading import load_model
from tiny import locked, tokenizer_of


@pytest.fixture(scope="module")
def bert(checkpoints):
    return load_model(str(checkpoints["bert-seq"]), "sequence_classification")


def test_a_pair_is_encoded_as_the_tokenizer_does(bert):
    encoding, tensors = locked(encode, bert, "the film was good", "i loved it")
    expected = tokenizer_of(bert)("the film was good", "i loved it")
    assert encoding.input_ids.tolist() == expected["input_ids"]
    assert encoding.token_type_ids.tolist() == expected["token_type_ids"]
    assert encoding.tokens[0] == "[CLS]" and encoding.tokens[-1] == "[SEP]"
    assert encoding.special_tokens_mask.tolist() == [1, 0, 0, 0, 0, 1, 0, 0, 0, 1]
    assert encoding.second_segment_start == 6
    assert not encoding.truncated and encoding.notices == ()
    assert tensors["input_ids"].shape == (1, 10)


def test_long_text_is_truncated_and_said(bert):
    encoding, _ = locked(encode, bert, "good " * 200)
    assert len(encoding.tokens) == 64
    assert encoding.full_length == 202
    assert encoding.truncated
    assert "truncated to 64" in encoding.notices[0]


@pytest.mark.parametrize("text", ["", "   \n\t ", None, "\x00\x01"])
def test_empty_text_is_refused(bert, text):
    with pytest.raises(InputError, match="empty"):
        locked(encode, bert, text)


def test_control_characters_are_removed_and_said():
    text, notices = clean_text("go\x00od\x07 day")
    assert text == "good day"
    assert "2 control character" in notices[0]


def test_emoji_and_cjk_become_unknown_tokens(bert):
    encoding, _ = locked(encode, bert, "good 😀 電影")
    assert "[UNK]" in encoding.tokens


def test_inputs_the_model_does_not_take_are_dropped(checkpoints):
    distilbert = load_model(str(checkpoints["distilbert-seq"]), "sequence_classification")
    encoding, tensors = locked(encode, distilbert, "good day", "bad day")
    assert "token_type_ids" not in tensors
    assert encoding.token_type_ids is None
    assert np.array_equal(encoding.attention_mask, np.ones(len(encoding.tokens)))
