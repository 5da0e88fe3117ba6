from bert_explorer.tasks.multiple_choice import choices_table, choose
from components import choice_view, head_page, text_inputs

page = head_page.open_page("multiple_choice")
prompt, choices = text_inputs.choices_form(
    page.key, "The central bank raised interest rates for the third time this year.",
    ["Economists said higher borrowing costs would slow the housing market.",
     "The striker scored twice in the second half.",
     "The band's new album goes on sale next week.",
     "The new phone has a bigger screen and a faster chip."],
)
result = page.run(choose, prompt, tuple(choices))

choice_view.show_scores(result, page.key)
choice_view.show_choice(result, page.key)
page.why(result)
page.finish(result, choices_table(result))
