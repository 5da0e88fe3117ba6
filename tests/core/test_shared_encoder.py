import numpy as np
import torch

from bert_explorer.heads import HEADS
from bert_explorer.loading import load_model
from bert_explorer.tasks.masked_lm import fill
from bert_explorer.tasks.sequence_classification import classify
from tiny import tokenizer_of


def test_every_head_of_one_checkpoint_holds_the_same_encoder_tensors(checkpoints):
    models = {head: load_model(str(checkpoints["bert-pretraining"]), head) for head in HEADS}
    pointers = {
        head: loaded.model.base_model.encoder.layer[0].attention.self.query.weight.data_ptr()
        for head, loaded in models.items()
    }
    assert len(set(pointers.values())) == 1, pointers
    embeddings = {loaded.model.get_input_embeddings().weight.data_ptr() for loaded in models.values()}
    assert len(embeddings) == 1


def test_tied_decoders_follow_the_shared_embeddings(checkpoints):
    load_model(str(checkpoints["bert-pretraining"]), "sequence_classification")
    masked = load_model(str(checkpoints["bert-pretraining"]), "masked_lm")
    decoder = masked.model.get_output_embeddings().weight
    assert decoder.data_ptr() == masked.model.get_input_embeddings().weight.data_ptr()
    assert fill(masked, "the [MASK] was good").tied.decoder_is_embedding


def test_newly_initialised_weights_are_not_shared(checkpoints):
    # bert-seq's checkpoint has a pooler; bert-base has none of the classifier.
    first = load_model(str(checkpoints["bert-base"]), "sequence_classification")
    second = load_model(str(checkpoints["bert-base"]), "sequence_classification")
    assert first.model.classifier.weight.data_ptr() != second.model.classifier.weight.data_ptr()
    assert first.model.bert.pooler.dense.weight.data_ptr() == second.model.bert.pooler.dense.weight.data_ptr()


def test_sharing_changes_no_number(checkpoints):
    path = str(checkpoints["bert-seq"])
    alone = classify(load_model(path, "sequence_classification"), "the film was good")
    load_model(path, "token_classification")
    shared = classify(load_model(path, "sequence_classification"), "the film was good")
    np.testing.assert_array_equal(alone.logits, shared.logits)


def test_different_dtypes_do_not_share(checkpoints):
    path = str(checkpoints["bert-seq"])
    full = load_model(path, "sequence_classification")
    half = load_model(path, "sequence_classification", dtype="bfloat16")
    assert half.model.bert.embeddings.word_embeddings.weight.dtype == torch.bfloat16
    assert full.model.bert.embeddings.word_embeddings.weight.dtype == torch.float32


def test_heads_of_one_checkpoint_share_one_tokenizer_and_its_lock(checkpoints):
    first = load_model(str(checkpoints["bert-pretraining"]), "masked_lm")
    second = load_model(str(checkpoints["bert-pretraining"]), "next_sentence")
    other = load_model(str(checkpoints["bert-seq"]), "sequence_classification")
    assert tokenizer_of(first) is tokenizer_of(second) and first.lock is second.lock
    assert tokenizer_of(other) is not tokenizer_of(first) and other.lock is not first.lock
