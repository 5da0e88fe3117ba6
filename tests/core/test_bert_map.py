"""The home page's map of BERT reads its sizes from the checkpoint's own config."""

import pytest
import transformers

from bert_explorer import heads, zoo
from bert_explorer.bert_map import bert_map
from bert_explorer.errors import CheckpointError
from tiny import save_checkpoint, small_config


def test_the_map_of_a_checkpoint_has_its_sizes(checkpoints, tmp_path):
    wide = save_checkpoint(tmp_path / "wide", transformers.BertForSequenceClassification,
                           small_config(hidden_size=48, num_hidden_layers=3, num_attention_heads=6, num_labels=5))
    for folder in (checkpoints["bert-seq"], wide):
        config = transformers.AutoConfig.from_pretrained(folder)
        drawn = bert_map(str(folder))
        assert (drawn.hidden, drawn.layers, drawn.attention_heads, drawn.vocabulary, drawn.max_positions) == (
            config.hidden_size, config.num_hidden_layers, config.num_attention_heads, config.vocab_size,
            config.max_position_embeddings)
        branches = {b.head: b for b in drawn.branches}
        assert set(branches) == set(heads.HEADS)
        assert branches["sequence_classification"].output == f"[1, {config.num_labels}]"
        assert branches["masked_lm"].output == f"[1, T, {config.vocab_size}]"
        assert f"ℝ^{config.hidden_size}" in branches["next_sentence"].reads


def test_the_default_map_names_each_pages_own_label_count():
    drawn = bert_map()
    sentiment = transformers.AutoConfig.from_pretrained(zoo.entry("zoo/sentiment-tweets").folder)
    assert drawn.hidden == 384 and drawn.layers == 6
    assert {b.head: b for b in drawn.branches}["sequence_classification"].output == f"[1, {sentiment.num_labels}]"


def test_a_checkpoint_without_a_config_is_refused_with_a_message(tmp_path):
    with pytest.raises(CheckpointError, match="Could not read the config"):
        bert_map(str(tmp_path))
