from bert_explorer.tasks.sequence_classification import classify, label_table
from components import (
    attention_view, classification_view, head_page, pooler_view, scores_view, text_inputs, tokens_view,
)

page = head_page.open_page("sequence_classification")
text, pair = text_inputs.text_pair_form(page.key, "The film was a delight from start to finish.")
result = page.run(classify, text, pair)

tokens_view.show(result.encoding)
classification_view.show_logits(result, page.key)
classification_view.show_losses(result, page.key)
scores_view.by_hand(result.by_hand, scores_view.index_names(result.label_names), result.logits, page.key)
pooler_view.show(result.pooler, page.key)
attention_view.show(result.attention, result.encoding.tokens, page.key)
page.why(result)
page.finish(result, label_table(result))
