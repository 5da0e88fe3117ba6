from bert_explorer.tasks.multiple_choice import choices_table, choose
from components.head_views import head_page, multiple_choice_view
from components.sections import mistakes_view
from components.services import text_inputs

page = head_page.open_page("multiple_choice")
prompt, choices = text_inputs.choices_form(
    page.head, "The central bank raised interest rates for the third time this year.",
    ["Economists said higher borrowing costs would slow the housing market.",
     "The striker scored twice in the second half.",
     "The band's new album goes on sale next week.",
     "The new phone has a bigger screen and a faster chip."],
)
result = page.run(choose, prompt, tuple(choices))

if page.shows("logits"):
    multiple_choice_view.show_scores(result, page.key)
if page.shows("activation"):
    multiple_choice_view.show_probabilities(result, page.key)
if page.shows("loss"):
    multiple_choice_view.show_losses(result, page.key)
    mistakes_view.for_choices(multiple_choice_view.names(result), result.logits, page.key)
if any(page.shows(section) for section in ("tokens", "head_input", "attention")):
    choice = multiple_choice_view.pick_choice(result, page.key)
    page.tokens(result.encodings[choice])
    if page.shows("head_input"):
        multiple_choice_view.show_head_input(result, choice, page.key)
    if page.shows("attention"):
        multiple_choice_view.show_attention(result, choice, page.key)
page.why(result)
page.compare(result)
page.finish(result, choices_table(result))
