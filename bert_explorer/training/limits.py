"""What one training request may cost on a public server, checked before it starts."""

from dataclasses import dataclass

from .. import settings
from ..errors import InputError
from .train import MAX_TOKENS, TrainOptions


@dataclass(frozen=True)
class TrainingLimits:
    max_steps: int
    max_encoder_tokens: int
    unfrozen_allowed: bool

    @classmethod
    def from_settings(cls) -> "TrainingLimits":
        return cls(settings.training_max_steps(), settings.training_max_tokens(), settings.training_unfrozen())

    def describe(self) -> str:
        encoder = "with the encoder frozen or not" if self.unfrozen_allowed else "with the encoder frozen"
        return (f"training here runs {encoder}, up to {self.max_steps:,} optimiser steps and "
                f"{self.max_encoder_tokens:,} encoder tokens per request")

    def check(self, options: TrainOptions, train_rows: int, held_rows: int, runs: int = 1) -> tuple[int, int]:
        """The (optimiser steps, encoder tokens) of `runs` runs of these options; InputError, saying what to
        change, when they cost more than allowed."""
        if not options.freeze_encoder and not self.unfrozen_allowed:
            raise InputError(f"Turn on “Freeze the encoder”: {self.describe()}.")
        steps = runs * options.planned_steps(train_rows)[0]
        tokens = runs * encoder_tokens(options, train_rows, held_rows)
        if steps > self.max_steps:
            raise InputError(f"This run needs {steps:,} optimiser steps; {self.describe()}. Use fewer epochs or a "
                             "larger batch.")
        if tokens > self.max_encoder_tokens:
            fewer = "fewer rows" if options.freeze_encoder else "fewer rows or epochs, or freeze the encoder"
            raise InputError(f"This run passes up to {tokens:,} tokens through the encoder; {self.describe()}. "
                             f"Use {fewer}.")
        return steps, tokens


def encoder_tokens(options: TrainOptions, train_rows: int, held_rows: int) -> int:
    """The most tokens the encoder reads: every row at MAX_TOKENS, once when frozen (features are computed once),
    every epoch when not (the held-out rows are scored after each epoch)."""
    passes = 1 if options.freeze_encoder else options.epochs
    return passes * (train_rows + held_rows) * MAX_TOKENS
