import numpy as np
import torch

from bert_explorer.loading import HEAD_CLASSES, load_model
from bert_explorer.tasks.masked_lm import fill
from bert_explorer.tasks.sequence_classification import classify


def test_every_head_of_one_checkpoint_holds_the_same_encoder_tensors(checkpoints):
    models = {head: load_model(str(checkpoints["bert-pretraining"]), head) for head in HEAD_CLASSES}
    pointers = {
        head: loaded.model.base_model.encoder.layer[0].attention.self.query.weight.data_ptr()
        for head, loaded in models.items()
    }
    assert len(set(pointers.values())) == 1, pointers
    embeddings = {loaded.model.get_input_embeddings().weight.data_ptr() for loaded in models.values()}
    assert len(embeddings) == 1


def test_tied_decoders_follow_the_shared_embeddings(checkpoints):
    load_model(str(checkpoints["bert-pretraining"]), "sequence-classification")
    masked = load_model(str(checkpoints["bert-pretraining"]), "masked-lm")
    decoder = masked.model.get_output_embeddings().weight
    assert decoder.data_ptr() == masked.model.get_input_embeddings().weight.data_ptr()
    assert fill(masked, "the [MASK] was good").tied.decoder_is_embedding


def test_newly_initialised_weights_are_not_shared(checkpoints):
    # bert-seq's checkpoint has a pooler; bert-base has none of the classifier.
    first = load_model(str(checkpoints["bert-base"]), "sequence-classification")
    second = load_model(str(checkpoints["bert-base"]), "sequence-classification")
    assert first.model.classifier.weight.data_ptr() != second.model.classifier.weight.data_ptr()
    assert first.model.bert.pooler.dense.weight.data_ptr() == second.model.bert.pooler.dense.weight.data_ptr()


def test_sharing_changes_no_number(checkpoints):
    path = str(checkpoints["bert-seq"])
    alone = classify(load_model(path, "sequence-classification"), "the film was good")
    load_model(path, "token-classification")
    shared = classify(load_model(path, "sequence-classification"), "the film was good")
    np.testing.assert_array_equal(alone.logits, shared.logits)


def test_different_dtypes_do_not_share(checkpoints):
    path = str(checkpoints["bert-seq"])
    full = load_model(path, "sequence-classification")
    half = load_model(path, "sequence-classification", dtype="bfloat16")
    assert half.model.bert.embeddings.word_embeddings.weight.dtype == torch.bfloat16
    assert full.model.bert.embeddings.word_embeddings.weight.dtype == torch.float32


def test_heads_of_one_checkpoint_share_one_tokenizer_and_its_lock(checkpoints):
    first = load_model(str(checkpoints["bert-pretraining"]), "masked-lm")
    second = load_model(str(checkpoints["bert-pretraining"]), "next-sentence")
    other = load_model(str(checkpoints["bert-seq"]), "sequence-classification")
    assert first.tokenizer is second.tokenizer and first.lock is second.lock
    assert other.tokenizer is not first.tokenizer and other.lock is not first.lock
