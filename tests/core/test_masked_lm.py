import numpy as np
import pytest
import torch
from transformers import AutoTokenizer

from bert_explorer import checkpoints as known
from bert_explorer.errors import InputError
from bert_explorer.loading import load_model
from bert_explorer.scores import IGNORE_INDEX
from bert_explorer.tasks.masked_lm import TOP_K, fill, masked_loss, score_tokens, top_table
from tiny import tokenizer_of
from tolerance import float32_close

TEXT = "the [MASK] was good and i [MASK] it"


@pytest.fixture(scope="module")
def loaded(checkpoints):
    return load_model(str(checkpoints["bert-pretraining"]), "masked_lm")


@pytest.fixture(scope="module")
def result(loaded):
    return fill(loaded, TEXT)


def reference(checkpoint, **labels):
    model = load_model(str(checkpoint), "masked_lm").model
    inputs = AutoTokenizer.from_pretrained(str(checkpoint))(TEXT, return_tensors="pt")
    with torch.no_grad():
        return model(**inputs, **labels)


def test_each_mask_gets_the_models_distribution(checkpoints, result):
    logits = reference(checkpoints["bert-pretraining"]).logits[0]
    assert [m.position for m in result.masks] == [2, 7]
    for prediction in result.masks:
        row = logits[prediction.position]
        np.testing.assert_array_equal(prediction.logits, row.numpy())
        np.testing.assert_allclose(prediction.probabilities, row.softmax(-1).numpy(), rtol=1e-5, atol=1e-9)
        assert prediction.top_ids.tolist() == torch.topk(row, TOP_K).indices.tolist()
    assert top_table(result.masks[0])["rank"].tolist() == list(range(1, TOP_K + 1))


def test_named_tokens_are_scored(loaded, result):
    prediction = result.masks[0]
    film, zorba = score_tokens(loaded, prediction, ["film", "zorba"])
    film_id = tokenizer_of(loaded).convert_tokens_to_ids("film")
    assert film.token_id == film_id and film.pieces == 1
    assert film.probability == pytest.approx(float(prediction.probabilities[film_id]))
    assert film.rank == int((prediction.logits > prediction.logits[film_id]).sum()) + 1
    assert film.cross_entropy == pytest.approx(-np.log(prediction.probabilities[film_id]), rel=1e-4)
    assert zorba.pieces > 1 and zorba.token == "z"


def test_the_mlm_loss_and_labels_equal_the_models_own(checkpoints, loaded, result):
    loss = masked_loss(loaded, result, ["film", "love"])
    assert (loss.labels == IGNORE_INDEX).sum() == len(loss.labels) - 2
    assert loss.labels[2] == tokenizer_of(loaded).convert_tokens_to_ids("film")
    outputs = reference(checkpoints["bert-pretraining"], labels=torch.from_numpy(loss.labels)[None])
    assert loss.mean == float32_close(outputs.loss.item(), outputs.logits)


def test_the_decoder_is_tied_to_the_embeddings(loaded, result):
    assert result.tied.decoder_is_embedding
    assert result.tied.max_abs_diff == 0.0
    assert result.tied.shape == tuple(loaded.model.bert.embeddings.word_embeddings.weight.shape)
    np.testing.assert_array_equal(result.tied.bias, loaded.model.cls.predictions.decoder.bias.detach().numpy())


def test_the_embedded_default_has_a_tied_decoder_and_a_random_transform():
    loaded = load_model(known.EMBEDDED_DEFAULT, "masked_lm")
    assert "cls.predictions.transform.dense.weight" in loaded.report.missing
    assert fill(loaded, "the government [MASK] the new law.").tied.decoder_is_embedding


@pytest.mark.parametrize("text", ["no mask here", ""])
def test_text_without_a_mask_is_refused(loaded, text):
    with pytest.raises(InputError, match="no \\[MASK\\]"):
        fill(loaded, text)


def test_the_number_of_gold_words_is_checked(loaded, result):
    with pytest.raises(InputError, match="one gold word per mask"):
        masked_loss(loaded, result, ["film"])


def test_log_spaced_ranks_run_from_the_first_to_the_last_without_repeats():
    from bert_explorer.tasks.masked_lm import log_spaced_ranks

    ranks = log_spaced_ranks(30_522, 1000)
    assert ranks[0] == 1 and ranks[-1] == 30_522 and np.all(np.diff(ranks) > 0)
    assert 900 <= len(ranks) <= 1000
    np.testing.assert_array_equal(log_spaced_ranks(5, 1000), [1, 2, 3, 4, 5])
