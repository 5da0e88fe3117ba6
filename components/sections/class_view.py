"""The class pulse on screen: the presenter's panel on a head page (start a class, ask this input, watch the answers
arrive, reveal) and the students' class page (join, answer, wait, see the class beside the model)."""

import io

import numpy as np
import segno
import streamlit as st

from bert_explorer import figures, heads
from bert_explorer.classroom.classes import MAX_QUESTIONS, Pulse, Question, matched_gold, model_side
from bert_explorer.classroom.plans import PlannedQuestion, read_plan
from bert_explorer.errors import InputError
from bert_explorer.guessing import lists_outcomes
from components.services import class_room, plain_text, runs, shell
from components.services.class_modes import PRESENTER
from components.services.class_room import CODE, EXAMPLE_PLANS, PRESENTER_POLL_S, STUDENT_POLL_S, TOKEN

TITLE = "Class pulse: the whole class guesses this input, then the model answers"


def presenter_panel(page, task, result) -> None:
    """On a head page in presenter mode: a class of its own, and this page's input asked to it."""
    rooms = class_room.classes()
    code, token = st.query_params.get(CODE, ""), st.query_params.get(TOKEN)
    if not code or not runs.checked(rooms.is_presenter, code, token):
        if message := st.session_state.pop("class_message", None):
            st.warning(message)
        elif code:
            st.warning("This link's class has ended, or the link is not the presenter's: start a new class.")
        st.button("Start a class", key=f"{page.key}_class_start", on_click=_guarded(_start), type="primary",
                  help="A code and a join link for the students; this page's link becomes the presenter's")
        return
    code = rooms.clean_code(code)
    question = runs.checked(task.question, page.loaded, result)
    left, right = st.columns([1, 2])
    with left:
        link = class_room.join_link(code)
        st.markdown(f"Class **{code}**: students open the link or type the code on the home page.")
        st.image(_qr_png(link), width=220, caption="Join link")
        st.code(link, language=None, wrap_lines=True)
    with right:
        if question is None:
            st.info("This head's answer is several things (a tag per word, or a span): ask the class on a page whose "
                    "answer is one thing.")
        else:
            st.button("Ask the class this input", key=f"{page.key}_class_ask", type="primary",
                      on_click=_guarded(_ask), args=(page, code, token, question))
            _ask_planned(page, code, token, question)
        _pulse(code, token)
        _plan(code, token)


def _guarded(callback):
    """A button's callback that cannot put a traceback on screen: what goes wrong is said by the panel on the rerun
    (the store's own message, or that it did not answer)."""
    def guarded(*args) -> None:
        try:
            callback(*args)
        except InputError as error:
            st.session_state["class_message"] = str(error)
        except Exception:  # noqa: BLE001 - e.g. Redis unreachable: said in words, never as an exception's text
            st.session_state["class_message"] = "The class store did not answer: try again in a moment."
    return guarded


def _start() -> None:
    code, token = class_room.classes().start()
    st.query_params[CODE], st.query_params[TOKEN] = code, token


def _ask(page, code: str, token: str, question, planned: PlannedQuestion | None = None) -> None:
    """Ask the class this page's input (with a plan's prompt and gold when it comes from one)."""
    listed = lists_outcomes(question)
    outcomes = tuple(question.outcomes) if listed else ()
    gold = None if planned is None or planned.gold is None else matched_gold(planned.gold, outcomes)
    prompt = planned.prompt if planned is not None else (
        f"What will the model answer? ({question.key})" if listed
        else f"Which token will the model rank first at {question.key}?")
    question_id = class_room.classes().ask(code, token, Question(page.head.name, _inputs(page), outcomes, prompt, gold))
    st.session_state.setdefault("class_asked", {})[code, question_id] = question  # the model's side, for Reveal


def _inputs(page) -> dict[str, str]:
    return {name: _as_text(value) for name, value in zip(page.head.inputs, page.inputs, strict=False)
            if value not in (None, "", [], ())}


def _ask_planned(page, code: str, token: str, question) -> None:
    """A plan's question opened on this page by "Open and ask" (below) is asked once its input has run."""
    pending = st.session_state.get("class_plan_pending")
    if pending is None or pending.head != page.head.name:
        return
    if {name: value.replace("\r\n", "\n") for name, value in _inputs(page).items()} != pending.inputs:
        return  # the page has not run the plan's input yet
    del st.session_state["class_plan_pending"]
    _guarded(_ask)(page, code, token, question, pending)


def _plan(code: str, token: str) -> None:
    """Load a lesson plan, then open each of its questions in turn on its head's page, asked on arrival."""
    if (page := st.session_state.pop("class_plan_open", None)) is not None:
        st.switch_page(page, query_params={PRESENTER: "1", CODE: code, TOKEN: token})
    with st.expander("Lesson plan: questions written ahead (JSON or YAML)"):
        examples = {path.stem: path for path in sorted(EXAMPLE_PLANS.glob("*.*"))}
        chosen = st.selectbox("An example plan", [None, *examples], format_func=lambda n: "none" if n is None else n,
                              key="class_plan_example")
        uploaded = st.file_uploader("Or your own", type=["json", "yaml", "yml"], key="class_plan_file")
        source = uploaded.getvalue() if uploaded is not None else examples[chosen].read_bytes() if chosen else None
        if source is not None and (read := runs.checked(read_plan, source, MAX_QUESTIONS)) is not None:
            st.session_state["class_plan"] = read  # kept by the session: the pickers reset when a page opens
        plan = st.session_state.get("class_plan")
        if plan is None:
            st.caption("A plan lists questions (head, inputs, prompt, optional gold and checkpoint); "
                       "docs/teaching.md shows the format.")
            return
        done = st.session_state.setdefault("class_plan_done", {}).get(plan.title, 0)
        st.markdown(f"**{plain_text.markdown_literal(plan.title)}**: {done} of {len(plan.questions)} asked.")
        if done >= len(plan.questions):
            st.caption("Every question of this plan has been asked.")
            return
        upcoming = plan.questions[done]
        st.caption(f"Next: question {done + 1}, on {heads.get(upcoming.head).title}")
        st.text(upcoming.prompt)
        st.button(f"Open and ask question {done + 1}", key="class_plan_next", type="primary",
                  on_click=_open_planned, args=(upcoming, plan.title, done + 1))


def _open_planned(question: PlannedQuestion, title: str, done: int) -> None:
    """Put the plan's input and checkpoint (else the page's default) into its page's widgets; the page opens next and
    asks it on arrival.
    The widgets are bound to the URL, so their values go through the session state, not the address."""
    head = heads.get(question.head)
    for name, value in question.inputs.items():
        st.session_state[head.param(name)] = value
    if question.checkpoint:
        st.session_state["checkpoint"] = question.checkpoint
    else:  # the page's own default: a checkpoint picked for one head may have no other
        st.session_state.pop("checkpoint", None)
    st.session_state["class_plan_done"][title] = done
    st.session_state["class_plan_pending"] = question
    st.session_state["class_plan_open"] = head.page


def _as_text(value) -> str:
    return "\n".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)  # choices: one a line


@st.fragment(run_every=PRESENTER_POLL_S)
def _pulse(code: str, token: str) -> None:
    rooms = class_room.classes()
    if message := st.session_state.pop("class_message", None):
        st.warning(message)
    pulse = runs.checked(rooms.pulse, code)
    if pulse is None:
        return
    st.markdown(f"**{pulse.joined}** joined · **{pulse.answered}** answered"
                + (f" question {pulse.question_id}" if pulse.question else " · no question asked yet"))
    if pulse.question is None:
        return
    asked = st.session_state.get("class_asked", {}).get((code, pulse.question_id))
    if pulse.revealed is None:
        names = list(pulse.counts)
        if names:
            st.plotly_chart(figures.bars(names, np.array([pulse.counts[n] for n in names], dtype=float),
                                         "The class's answers (before the reveal)", "students", text_format=".0f",
                                         height=260), key="class_counts")
        if asked is not None:
            st.button("Reveal to class", type="primary", key="class_reveal",
                      on_click=_guarded(_reveal), args=(code, token, pulse, asked))
        else:
            st.caption("Asked from another page or session: reveal it there.")
        return
    show_revealed(pulse, key="class_presenter")
    table = runs.checked(rooms.export_csv, code, token)
    if table is not None:
        st.download_button("Class results (CSV)", table, file_name=f"class-{code}.csv", mime="text/csv",
                           key="class_csv", on_click="ignore")


def _reveal(code: str, token: str, pulse: Pulse, asked) -> None:
    typed = tuple(pulse.counts) if not pulse.question.outcomes else ()
    revealed = model_side(tuple(asked.outcomes), np.asarray(asked.probabilities), typed)
    class_room.classes().reveal(code, token, pulse.question_id, revealed)


def show_revealed(pulse: Pulse, key: str, mine: str | None = None) -> None:
    """The class's shares beside the model's probabilities, the model's answer, the gold if set and who agreed."""
    revealed, question = pulse.revealed, pulse.question
    names = list(dict.fromkeys([*revealed.probabilities, *pulse.counts]))
    shares = np.array([pulse.share(name) or 0.0 for name in names])
    model = np.array([revealed.probabilities.get(name, np.nan) for name in names])
    said = f"The model's answer: **{plain_text.markdown_literal(revealed.predicted)}**"
    agreed = pulse.share(revealed.predicted)
    if agreed is not None:
        said += f"; {agreed:.0%} of the class said the same"
    if question.gold is not None:
        said += f". Gold: **{plain_text.markdown_literal(question.gold)}** ({pulse.share(question.gold) or 0:.0%} " \
                "of the class)"
    if mine is not None:
        said += f". You answered **{plain_text.markdown_literal(mine)}**"
    st.markdown(said + ".")
    st.plotly_chart(figures.grouped_bars(names, {"the class (share of answers)": shares,
                                                 "the model (probability)": model},
                                         "The class against the model", "share / probability", height=300),
                    key=f"{key}_against")


def _qr_png(link: str) -> bytes:
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=5, border=2)
    return out.getvalue()


def student_page() -> None:
    """The students' class page: join by code, then follow the lecturer's questions."""
    rooms = class_room.classes()
    code = st.query_params.get(CODE, "")
    if code:
        joined = runs.checked(rooms.join, code, class_room.student_id())
        if joined is not None:
            _follow(joined)
            return
    join_form("class_join")


def join_form(key: str) -> None:
    """A class code, and the class page on it."""
    with st.form(key, border=False):
        typed = st.text_input("Class code", max_chars=12, placeholder="e.g. KQWXRT", key=f"{key}_code")
        if st.form_submit_button("Join the class", type="primary") and typed.strip():
            st.switch_page(shell.CLASS[0], query_params={CODE: class_room.classes().clean_code(typed)})


def _follow(code: str) -> None:
    rooms = class_room.classes()
    pulse = runs.checked(rooms.pulse, code)
    if pulse is None:
        return
    st.session_state["class_seen"] = pulse.version
    _watch(code)
    if pulse.question is None:
        st.info(f"You are in class {code}. The first question appears here when your lecturer asks it.")
        return
    question = pulse.question
    st.subheader(f"Question {pulse.question_id}")
    for name, value in question.inputs.items():
        st.caption(name)
        st.text(value)  # the lecturer's input, shown as text
    mine = st.session_state.get("class_answers", {}).get((code, pulse.question_id))
    if pulse.revealed is not None:
        show_revealed(pulse, key="class_student", mine=mine)
        return
    with st.form(f"class_answer_{pulse.question_id}", border=False):
        if question.outcomes:
            picked = st.radio(question.prompt, question.outcomes, index=None)
        else:
            picked = st.text_input(question.prompt, max_chars=40)
        sent = st.form_submit_button("Send", type="primary")
    if sent and picked:
        recorded = runs.checked(rooms.answer, code, class_room.student_id(), pulse.question_id, picked)
        if recorded:
            st.session_state.setdefault("class_answers", {})[code, pulse.question_id] = picked
            mine = picked
        elif recorded is False:
            st.warning("The question has moved on: here is the current one.")
    if mine is not None:
        st.success(f"Sent: {plain_text.markdown_literal(mine)}. You can change it until your lecturer reveals the "
                   "answer.")


@st.fragment(run_every=STUDENT_POLL_S)
def _watch(code: str) -> None:
    """Ask the store one number; rerun the page only when the question or its reveal changed."""
    try:
        version = class_room.classes().version(code)
    except Exception:  # noqa: BLE001 - the store did not answer this time: the next poll asks again
        return
    if version != st.session_state.get("class_seen"):
        st.rerun(scope="app")
