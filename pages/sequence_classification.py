from bert_explorer import figures
from bert_explorer.scores import SIGMOID, SOFTMAX
from bert_explorer.tasks.sequence_classification import classify, label_table
from components.head_views import head_page, sequence_classification_view
from components.sections import attention_view, mistakes_view, pooler_view, scores_view
from components.services import text_inputs

page = head_page.open_page("sequence_classification")
with page.input_area():
    text, pair = text_inputs.text_pair_form(page.head, "The film was a delight from start to finish.")
result = page.run(classify, text, pair)
names = figures.index_names(result.label_names)

page.story(sequence_classification_view.show_story, result)
if result.activation.name == SOFTMAX:
    page.section("mistakes", mistakes_view.for_scores, names, result.logits, page.key, step="loss")
if result.activation.name == SIGMOID:
    page.section("mistakes", mistakes_view.for_multi_label, names, result.logits, page.key, step="loss")
page.section("by_hand", scores_view.by_hand, result.by_hand, names, result.logits, page.key, step="logits")
page.section("pooler", pooler_view.show, result.pooler, page.key, step="head_input")
page.section("attention", attention_view.show, result.attention, result.encoding.tokens, page.key)
page.tokens(result.encoding)
page.why(result)
page.compare(result)
page.finish(result, label_table)
