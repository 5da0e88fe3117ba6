from app_helpers import assert_no_exception, cached_model, open_page

PAGES = {
    "pages/sequence_classification.py": "sequence_classification",
    "pages/token_classification.py": "token_classification",
    "pages/question_answering.py": "question_answering",
    "pages/multiple_choice.py": "multiple_choice",
    "pages/next_sentence.py": "next_sentence",
    "pages/masked_lm.py": "masked_lm",
}


def test_six_head_pages_on_one_checkpoint_hold_one_encoder(checkpoints):
    checkpoint = str(checkpoints["bert-pretraining"])
    for page in PAGES:
        assert_no_exception(open_page(page, checkpoint=checkpoint))
    pointers = {
        head: cached_model(checkpoint, head).model.base_model.encoder.layer[1].output.dense.weight.data_ptr()
        for head in PAGES.values()
    }
    assert len(set(pointers.values())) == 1, pointers
