"""Lesson mode (`?lesson=1`): a head page's story one step at a time, with Back, Reveal and Next.

The step and whether it is revealed live in the session, so every student moves at their own pace
on the same shared link.
"""

from dataclasses import dataclass

import streamlit as st

from bert_explorer.lessons import Step, lesson_for
from components.services import class_modes


def requested() -> bool:
    return class_modes.lesson()


def presenting() -> bool:
    return class_modes.presenting()


@dataclass
class Lesson:
    key: str
    steps: tuple[Step, ...]

    @property
    def index(self) -> int:
        return min(st.session_state.get(f"{self.key}_lesson_step", 0), len(self.steps) - 1)

    @property
    def revealed(self) -> bool:
        return st.session_state.get(f"{self.key}_lesson_revealed", False)

    @property
    def step(self) -> Step:
        return self.steps[self.index]

    def shows(self, name: str) -> bool:
        """Whether the section `name` is drawn now: it is the current step's, and revealed."""
        return self.revealed and self.step.name == name

    def _go(self, index: int, revealed: bool) -> None:
        st.session_state[f"{self.key}_lesson_step"] = index
        st.session_state[f"{self.key}_lesson_revealed"] = revealed

    def header(self) -> None:
        """The step's title and the buttons that move through the story on one line, then the step's question (one
        line fewer, so what Reveal shows starts higher on a projector)."""
        index, step, last = self.index, self.step, len(self.steps) - 1
        progress, back, reveal, forward = st.columns([4, 1, 1, 1], vertical_alignment="bottom")
        progress.progress((index + 1) / len(self.steps), text=f"Lesson · step {index + 1} of {len(self.steps)}: "
                                                              f"**{step.title}**")
        back.button("← Back", key=f"{self.key}_lesson_back", disabled=index == 0,
                    on_click=self._go, args=(index - 1, True))
        reveal.button("Reveal", key=f"{self.key}_lesson_reveal", type="primary", disabled=self.revealed,
                      on_click=self._go, args=(index, True))
        forward.button("Next →", key=f"{self.key}_lesson_next", disabled=index == last,
                       on_click=self._go, args=(index + 1, False))
        st.info(f"**Think first:** {step.question}")

    def point(self) -> None:
        """The step's point, once revealed."""
        if self.revealed:
            st.success(self.step.point)
            if self.index == len(self.steps) - 1:
                st.caption("End of the lesson. Remove `lesson=1` from the address to see the whole page at once.")


def lesson_or_none(head: str, key: str) -> Lesson | None:
    return Lesson(key, lesson_for(head)) if requested() else None
