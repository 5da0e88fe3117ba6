"""What one training request may cost on a public server."""

import pytest

from bert_explorer.errors import InputError
from bert_explorer.training.limits import TrainingLimits, encoder_tokens
from bert_explorer.training.train import MAX_TOKENS, TrainOptions

DEFAULT = TrainingLimits(max_steps=10_000, max_encoder_tokens=2_000_000, unfrozen_allowed=False)
TRAIN, HELD = 3200, 800  # the built-in tweets, 20 % held out


def test_the_default_run_and_train_twice_fit_the_default_limits():
    assert DEFAULT.check(TrainOptions(), TRAIN, HELD) == (30 * 100, 4000 * MAX_TOKENS)
    assert DEFAULT.check(TrainOptions(), TRAIN, HELD, runs=2) == (6000, 2 * 4000 * MAX_TOKENS)


def test_an_unfrozen_encoder_is_refused_unless_allowed():
    unfrozen = TrainOptions(epochs=1, freeze_encoder=False)
    with pytest.raises(InputError, match="Freeze the encoder"):
        DEFAULT.check(unfrozen, 100, 20)
    allowed = TrainingLimits(10_000, 2_000_000, unfrozen_allowed=True)
    assert allowed.check(unfrozen, 100, 20) == (4, 120 * MAX_TOKENS)


def test_unfrozen_tokens_count_every_epoch():
    options = TrainOptions(epochs=3, freeze_encoder=False)
    assert encoder_tokens(options, 100, 20) == 3 * 120 * MAX_TOKENS
    assert encoder_tokens(TrainOptions(epochs=3), 100, 20) == 120 * MAX_TOKENS


def test_too_many_steps_or_tokens_are_refused_saying_what_to_change():
    with pytest.raises(InputError, match=r"needs 20,000 optimiser steps.*up to 10,000 optimiser steps"):
        DEFAULT.check(TrainOptions(epochs=200, batch_size=32), TRAIN, HELD)
    with pytest.raises(InputError, match=r"up to 6,400,000 tokens.*Use fewer rows\."):
        DEFAULT.check(TrainOptions(epochs=1, batch_size=512), 40_000, 10_000)
