from bert_explorer.tasks.next_sentence import nsp_table, predict_next
from components.head_views import head_page, next_sentence_view
from components.sections import attention_view, mistakes_view, pooler_view
from components.services import text_inputs

page = head_page.open_page("next_sentence")
with page.input_area():
    sentence_a, sentence_b = text_inputs.sentence_pair_form(
        page.head, "The storm knocked out power across the city.", "Crews worked through the night to restore it."
    )
result = page.run(predict_next, sentence_a, sentence_b)

page.story(next_sentence_view.show_story, result)
page.section("mistakes", mistakes_view.for_next_sentence, result.logits, page.key, step="loss")
page.section("random_b", next_sentence_view.show_random_b, page.loaded, result, sentence_a, page.key, step="activation")
page.section("by_hand", next_sentence_view.show_by_hand, result, page.key, step="logits")
page.section("pooler", pooler_view.show, result.pooler, page.key, step="head_input")
page.section("attention", attention_view.show, result.attention, result.encoding.tokens, page.key)
page.tokens(result.encoding)
page.why(result)
page.compare(result)
page.finish(result, nsp_table)
