from bert_explorer.tasks.multiple_choice import choices_table, choose
from components.head_views import head_page, multiple_choice_view
from components.sections import mistakes_view
from components.services import text_inputs

page = head_page.open_page("multiple_choice")
with page.input_area():
    prompt, choices = text_inputs.choices_form(
        page.head, "The central bank raised interest rates for the third time this year.",
        ["Economists said higher borrowing costs would slow the housing market.",
         "The striker scored twice in the second half.",
         "The band's new album goes on sale next week.",
         "The new phone has a bigger screen and a faster chip."],
    )
result = page.run(choose, prompt, tuple(choices))

page.story(multiple_choice_view.show_story, result)
page.section("mistakes", mistakes_view.for_choices, multiple_choice_view.names(result), result.logits, page.key,
             step="loss")
page.section("inside", multiple_choice_view.show_inside, result, page.key, step=("tokens", "head_input", "attention"))
page.why(result)
page.compare(result)
page.finish(result, choices_table)
