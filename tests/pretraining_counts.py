"""Held-out pre-training figures recounted from BertForPreTraining's full outputs (not the build's fast path)."""

import torch

from bert_explorer.scores import IGNORE_INDEX
from bert_explorer.training import pretraining


def recount(model, tokenizer, texts: list[str], options: pretraining.PretrainOptions) -> dict[str, float]:
    """The held-out batches pretraining.evaluate scores, scored here by the model's full outputs."""
    nsp_right = mlm_right = masked = pairs = 0
    with torch.inference_mode():
        for batch in pretraining.held_out_batches(tokenizer, texts, options):
            out = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"],
                        token_type_ids=batch["token_type_ids"])
            nsp_right += int((out.seq_relationship_logits.argmax(-1) == batch["next_sentence_label"]).sum())
            selected = batch["labels"] != IGNORE_INDEX
            mlm_right += int((out.prediction_logits[selected].argmax(-1) == batch["labels"][selected]).sum())
            masked += int(selected.sum())
            pairs += len(batch["next_sentence_label"])
    return {"nsp_accuracy": nsp_right / pairs, "masked_token_accuracy": mlm_right / masked,
            "held_out_pairs": pairs, "masked_tokens": masked}
