"""MLM masking as transformers' own DataCollatorForLanguageModeling draws it."""

from dataclasses import dataclass

import numpy as np
from transformers import DataCollatorForLanguageModeling

from ..errors import InputError
from ..scores import IGNORE_INDEX


@dataclass(frozen=True)
class MaskingDraw:
    tokens: list[str]  # the input
    masked_tokens: list[str]  # what the model reads
    labels: np.ndarray  # the original id where selected, IGNORE_INDEX elsewhere
    selected: np.ndarray  # bool: chosen for prediction (mlm_probability of the non-special tokens)
    became_mask: np.ndarray  # bool: replaced by the mask token (80% of selected)
    became_random: np.ndarray  # bool: replaced by a random token (10%)
    kept: np.ndarray  # bool: left as it was (10%)

    @property
    def roles(self) -> list[str]:
        """What happened to each token, in words."""
        return ["→ [MASK] (80%)" if mask else "→ random (10%)" if random else "kept (10%)" if kept else ""
                for mask, random, kept in zip(self.became_mask, self.became_random, self.kept)]


def draw_masking_for(loaded, text: str, seed: int) -> MaskingDraw:
    """`draw_masking` with a loaded checkpoint's shared tokenizer, under its lock."""
    with loaded.lock:
        return draw_masking(loaded.tokenizer, text, seed)


def draw_masking(tokenizer, text: str, seed: int, probability: float = 0.15) -> MaskingDraw:
    if tokenizer.mask_token is None:
        raise InputError("This tokenizer has no mask token, so it cannot be used for masked-LM training.")
    if not (text or "").strip():
        raise InputError("Type a sentence to mask.")
    original = tokenizer(text, truncation=True, max_length=min(512, tokenizer.model_max_length))["input_ids"]
    collator = DataCollatorForLanguageModeling(tokenizer, mlm_probability=probability, seed=seed)
    batch = collator([{"input_ids": original}])
    masked = batch["input_ids"][0].numpy()
    labels = batch["labels"][0].numpy()
    ids = np.array(original)
    selected = labels != IGNORE_INDEX
    became_mask = selected & (masked == tokenizer.mask_token_id) & (ids != tokenizer.mask_token_id)
    kept = selected & (masked == ids)
    return MaskingDraw(
        tokens=tokenizer.convert_ids_to_tokens(original),
        masked_tokens=tokenizer.convert_ids_to_tokens(masked.tolist()),
        labels=labels,
        selected=selected,
        became_mask=became_mask,
        became_random=selected & ~became_mask & ~kept,
        kept=kept,
    )
