from bert_explorer import figures
from bert_explorer.scores import SIGMOID, SOFTMAX
from bert_explorer.tasks.sequence_classification import classify, label_table
from components.head_views import head_page, sequence_classification_view
from components.sections import attention_view, mistakes_view, pooler_view, scores_view
from components.services import text_inputs

page = head_page.open_page("sequence_classification")
text, pair = text_inputs.text_pair_form(page.head, "The film was a delight from start to finish.")
result = page.run(classify, text, pair)

page.tokens(result.encoding)
if page.shows("logits"):
    sequence_classification_view.show_logits(result, page.key)
if page.shows("activation"):
    sequence_classification_view.show_activation(result, page.key)
if page.shows("loss"):
    sequence_classification_view.show_losses(result, page.key)
if page.shows("loss") and result.activation.name == SOFTMAX:
    mistakes_view.for_scores(figures.index_names(result.label_names), result.logits, page.key)
if page.shows("loss") and result.activation.name == SIGMOID:
    mistakes_view.for_multi_label(figures.index_names(result.label_names), result.logits, page.key)
if page.shows("logits"):
    scores_view.by_hand(result.by_hand, figures.index_names(result.label_names), result.logits, page.key)
if page.shows("head_input"):
    pooler_view.show(result.pooler, page.key)
if page.shows("attention"):
    attention_view.show(result.attention, result.encoding.tokens, page.key)
page.why(result)
page.compare(result)
page.finish(result, label_table(result))
