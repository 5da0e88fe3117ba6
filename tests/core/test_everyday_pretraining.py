"""The everyday pre-training entry's recipe: WordNet read as sentences, the cloze sets kept out of training, a
step's rows and masks fixed by its number, and a stopped run that resumes where an unbroken one would end."""

import pytest
import torch

from bert_explorer.evaluation.datasets import CLOZE_SETS, handwritten_cloze
from bert_explorer.loading import load_model
from bert_explorer.scores import IGNORE_INDEX
from bert_explorer.tasks.next_sentence import IS_NEXT, IS_RANDOM
from recipes import bert_from_scratch, everyday_text, fill_in, pre_training
from recipes.pre_training import PreTrainingOptions
from tiny import tokenizer_of

ARTICLES = ["Shares in Barclays rose sharply on Monday. Analysts said the bank was doing well. Profits were up by "
            "a fifth. The chief executive was pleased.",
            "Tesco said sales fell over Christmas. The firm blamed the mild weather. It will cut prices in March. "
            "Its shares fell by a tenth.",
            "The storm knocked out power across the city. Crews worked through the night. Schools were shut. "
            "Trains ran late all day."]
EVERYDAY = ["the dog barked all night\nshe poured a cup of tea\nhe lost his umbrella on the bus"] * 4
# Two synset lines in WordNet's data-file format: offset, file, type, word count (hex), words, pointers | gloss.
DATA_NOUN = ("  1 This software and database is being provided ...\n"
             "02084071 05 n 02 dog 0 domestic_dog 0 000 | a member of the genus Canis; \"the dog barked all night\"\n"
             "08932568 15 n 01 Paris 0 000 | the capital and largest city of France\n")
DATA_VERB = "01047745 32 v 01 bark 0 000 | speak in an unfriendly tone; \"She barked into the dictionary\"\n"


@pytest.fixture
def wordnet(tmp_path):
    for pos in everyday_text.PARTS_OF_SPEECH:
        (tmp_path / f"data.{pos}").write_text({"noun": DATA_NOUN, "verb": DATA_VERB}.get(pos, ""))
    return tmp_path


def test_wordnet_gives_its_examples_and_its_definitions_as_sentences(wordnet):
    words = everyday_text.everyday(wordnet)
    assert words.examples == ["the dog barked all night", "She barked into the dictionary"]
    assert words.definitions == ["a dog is a member of the genus Canis.",
                                 "Paris is the capital and largest city of France.",
                                 "to bark is to speak in an unfriendly tone."]


def test_the_packaged_wordnet_is_found_and_read():
    words = everyday_text.everyday()
    assert len(words.examples) > 40_000 and len(words.definitions) > 100_000


def test_a_sentence_holding_a_cloze_sentence_is_kept_out_of_training():
    sentences = ["Paris is the capital of France, and its largest city.", "Paris is the capital and largest city.",
                 "she drank a cup of strong tea.", "They drank a cup of tea."]
    kept = everyday_text.without_cloze(sentences, ["Paris is the [MASK] of France.", "She drank a cup of [MASK]."])
    assert kept == ["Paris is the capital and largest city.", "They drank a cup of tea."]


@pytest.mark.parametrize("name", sorted(CLOZE_SETS))
def test_every_cloze_sentence_has_one_mask_and_single_token_answers(name):
    texts, answers = handwritten_cloze(name)
    assert all(text.count("[MASK]") == 1 for text in texts)
    assert all(answers) and all(" " not in a and a == a.lower() for accepted in answers for a in accepted)
    assert len(texts) >= {"lecturer_cloze": 6, "everyday_cloze": 40}.get(name, 30)


@pytest.fixture(scope="module")
def base(checkpoints):
    return str(checkpoints["bert-pretraining"])


OPTIONS = PreTrainingOptions(steps=4, pair_rows=2, text_rows=2, max_tokens=32, save_every=1, evaluate_every=2)


def _batches(base, options=OPTIONS):
    tokenizer = tokenizer_of(load_model(base, "pretraining"))
    documents = bert_from_scratch.tokenised_documents(tokenizer, ARTICLES)
    return pre_training.Batches(tokenizer, documents, fill_in.chunks(tokenizer, EVERYDAY, options.max_tokens),
                                options)


def test_a_steps_rows_and_masks_depend_only_on_its_number(base):
    straight = _batches(base)
    for _ in range(3):
        straight.next()
    skipped = _batches(base)
    skipped.skip_to(3)
    first, second = straight.next(), skipped.next()
    assert first.keys() == second.keys()
    assert all(torch.equal(first[key], second[key]) for key in first)


def test_pairs_carry_nsp_labels_and_text_rows_none(base):
    batch = _batches(base).next()
    labels = batch["next_sentence_label"].tolist()
    assert set(labels[:OPTIONS.pair_rows]) <= {IS_NEXT, IS_RANDOM}
    assert labels[OPTIONS.pair_rows:] == [IGNORE_INDEX] * OPTIONS.text_rows
    assert (batch["token_type_ids"][OPTIONS.pair_rows:] == 0).all()
    assert (batch["token_type_ids"][:OPTIONS.pair_rows] == 1).any()


class Stop(Exception):
    pass


def test_a_stopped_run_resumes_and_ends_as_an_unbroken_one(base, tmp_path):
    def train(work, evaluate):
        run, curve = pre_training.continue_pretraining(base, ARTICLES, EVERYDAY, OPTIONS, evaluate, work,
                                                       log=lambda line: None)
        return run.model.state_dict(), curve

    def no_numbers(model):
        return {}

    unbroken, curve = train(tmp_path / "unbroken", no_numbers)
    assert [point.step for point in curve] == [2, 4]

    def stop_at_step_4(model, calls=[]):
        calls.append(1)
        if len(calls) == 2:
            raise Stop
        return {}

    with pytest.raises(Stop):
        train(tmp_path / "stopped", stop_at_step_4)
    assert torch.load(tmp_path / "stopped" / "state.pt", weights_only=True)["step"] == 3
    resumed, curve = train(tmp_path / "stopped", no_numbers)
    assert [point.step for point in curve] == [2, 4]
    for name in pre_training.TRAINED_PREFIXES:
        for key in (k for k in unbroken if k.startswith(name)):
            torch.testing.assert_close(resumed[key], unbroken[key], rtol=0, atol=0)


def test_the_word_embeddings_stay_the_bases(base, tmp_path):
    before = load_model(base, "pretraining").model.bert.embeddings.word_embeddings.weight.detach().clone()
    run, _ = pre_training.continue_pretraining(base, ARTICLES, EVERYDAY, OPTIONS, lambda model: {}, None,
                                               log=lambda line: None)
    assert torch.equal(run.model.bert.embeddings.word_embeddings.weight, before)
    assert run.model.cls.predictions.decoder.weight is run.model.bert.embeddings.word_embeddings.weight
