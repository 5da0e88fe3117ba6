from bert_explorer.tasks.pretraining import pretrain
from components import attention_view, head_page, mlm_view, nsp_view, pretraining_view, text_inputs

page = head_page.open_page("pretraining")
sentence_a, sentence_b = text_inputs.sentence_pair_form(
    page.head, "The storm knocked out [MASK] across the city.", "Crews worked through the night to restore it."
)
result = page.run(pretrain, sentence_a, sentence_b)

page.tokens(result.encoding)
if page.shows("loss"):
    pretraining_view.total_loss(page.loaded, result, page.key)
if page.shows("mlm"):
    mlm_view.show_predictions(result.masked, page.key)
if page.shows("nsp"):
    nsp_view.show(result.next_sentence, page.key)
if page.shows("attention"):
    attention_view.show(result.attention, result.encoding.tokens, page.key)
page.why(result)
page.compare(result)
page.finish(result)
