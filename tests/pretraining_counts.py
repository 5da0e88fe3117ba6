"""Held-out pre-training figures recounted from BertForPreTraining's full outputs (not the build's fast path)."""

import random

import torch
from transformers import DataCollatorForLanguageModeling

from bert_explorer.scores import IGNORE_INDEX
from bert_explorer.training import pretraining


def recount(model, tokenizer, texts: list[str], options: pretraining.PretrainOptions) -> dict[str, float]:
    """The same seeded pairs and masks as pretraining.evaluate draws, scored by the model's own logits."""
    pairs = pretraining.sentence_pairs(pretraining.tokenised_documents(tokenizer, texts), options.max_tokens,
                                       random.Random(options.seed + 1))
    collator = DataCollatorForLanguageModeling(tokenizer, mlm_probability=options.mlm_probability,
                                               seed=options.seed + 1)
    nsp_right = mlm_right = masked = 0
    with torch.inference_mode():
        for start in range(0, len(pairs), 64):
            batch = pretraining.collate(tokenizer, pairs[start:start + 64], collator)
            out = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"],
                        token_type_ids=batch["token_type_ids"])
            nsp_right += int((out.seq_relationship_logits.argmax(-1) == batch["next_sentence_label"]).sum())
            selected = batch["labels"] != IGNORE_INDEX
            mlm_right += int((out.prediction_logits[selected].argmax(-1) == batch["labels"][selected]).sum())
            masked += int(selected.sum())
    return {"nsp_accuracy": nsp_right / len(pairs), "masked_token_accuracy": mlm_right / masked,
            "held_out_pairs": len(pairs), "masked_tokens": masked}
