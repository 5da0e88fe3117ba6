from bert_explorer.tasks.pretraining import pretrain
from components.head_views import head_page, masked_lm_view, next_sentence_view, pretraining_view
from components.sections import attention_view
from components.services import text_inputs

page = head_page.open_page("pretraining")
with page.input_area():
    sentence_a, sentence_b = text_inputs.sentence_pair_form(
        page.head, "The bank raised interest [MASK] on Thursday.",
        "Economists said borrowing would become more expensive.",
    )
result = page.run(pretrain, sentence_a, sentence_b)

if page.shows("mlm"):
    masked_lm_view.show_predictions(result.masked, page.key)
if page.shows("nsp"):
    next_sentence_view.show(result.next_sentence, page.key, tokens=len(result.encoding.tokens))
if page.shows("loss"):
    pretraining_view.total_loss(page.loaded, result, page.key)
page.section("attention", attention_view.show, result.attention, result.encoding.tokens, page.key)
page.tokens(result.encoding)
page.why(result)
page.compare(result)
page.finish(result)
