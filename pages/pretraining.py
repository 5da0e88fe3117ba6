from bert_explorer.tasks.pretraining import pretrain
from components import attention_view, head_page, mlm_view, nsp_view, pretraining_view, text_inputs, tokens_view

page = head_page.open_page("pretraining")
sentence_a, sentence_b = text_inputs.sentence_pair_form(
    page.key, "The storm knocked out [MASK] across the city.", "Crews worked through the night to restore it."
)
result = page.run(pretrain, sentence_a, sentence_b)

tokens_view.show(result.encoding)
pretraining_view.total_loss(page.loaded, result, page.key)
mlm_view.show_predictions(result.masked, page.key)
nsp_view.show(result.next_sentence, page.key)
attention_view.show(result.attention, result.encoding.tokens, page.key)
page.why(result)
page.finish(result)
