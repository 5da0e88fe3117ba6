"""A tiny random checkpoint per architecture family the README promises, for the family test matrix."""

from pathlib import Path

import transformers

from tiny import save_checkpoint, small_config

# Family -> (config class, the base model class saved, settings beyond small_config's).
FAMILIES = {
    "bert": ("BertConfig", "BertModel", {}),
    "albert": ("AlbertConfig", "AlbertModel", {"embedding_size": 16}),
    "roberta": ("RobertaConfig", "RobertaModel",
                {"max_position_embeddings": 66, "pad_token_id": 0, "type_vocab_size": 2}),
    "xlm-roberta": ("XLMRobertaConfig", "XLMRobertaModel",
                    {"max_position_embeddings": 66, "pad_token_id": 0, "type_vocab_size": 2}),
    "distilbert": ("DistilBertConfig", "DistilBertModel", {"dim": 32, "n_layers": 2, "n_heads": 4, "hidden_dim": 37}),
    "electra": ("ElectraConfig", "ElectraModel", {"embedding_size": 16}),
    "deberta-v2": ("DebertaV2Config", "DebertaV2Model", {"type_vocab_size": 2}),
    "mobilebert": ("MobileBertConfig", "MobileBertModel",
                   {"embedding_size": 16, "intra_bottleneck_size": 16, "true_hidden_size": 16,
                    "num_feedforward_networks": 1}),
    "mpnet": ("MPNetConfig", "MPNetModel", {"max_position_embeddings": 66, "pad_token_id": 0}),
    "convbert": ("ConvBertConfig", "ConvBertModel", {"embedding_size": 16}),
}
# Heads every family has in transformers; next-sentence and pre-training exist for BERT alone.
HEADS = ("sequence_classification", "token_classification", "question_answering", "multiple_choice", "masked_lm")
# What transformers ships but the app does not draw: the path from hidden state to score is shown as "not drawn".
NOT_DRAWN = {("electra", "multiple_choice"), ("convbert", "multiple_choice")}


def build_families(root: Path) -> dict[str, Path]:
    folders = {}
    for family, (config_class, model_class, settings) in FAMILIES.items():
        config = small_config(getattr(transformers, config_class), **settings)
        folders[family] = save_checkpoint(root / family, getattr(transformers, model_class), config)
    return folders
