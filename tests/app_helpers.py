"""Open pages with AppTest and read what they show."""

import contextlib
import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bert_explorer.literal import WORD_JOINER
from components.services import model_sidebar

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def read(element) -> str:
    """The text a reader sees in a message whose user text was escaped for Markdown (components.services.plain_text)."""
    return re.sub(r"\\(.)", r"\1", element.value).replace(WORD_JOINER, "")


def open_page(page: str, sections: bool = True, **query) -> AppTest:
    """The page at `page` with these URL parameters; `sections`: with every section open, as a link that opens
    them does (`<head key>_open_<name>=true`), else as a first visit finds it (every section closed)."""
    app = AppTest.from_file(APP, default_timeout=90)
    if sections:
        app.query_params.update(opened(page))
    app.query_params.update({k: str(v) for k, v in query.items()})
    app.switch_page(page).run()
    return app


def opened(page: str) -> dict[str, str]:
    """The URL parameters that open every section of a head's page (none for other pages)."""
    from bert_explorer.heads import HEADS
    from components.sections.section_names import SECTIONS, section_param

    head = next((h for h in HEADS.values() if h.page == page), None)
    return {} if head is None else {section_param(head, name): "true" for name in SECTIONS}


def cached_model(checkpoint: str, head: str):
    """The very model instance the app holds in its cache."""
    return model_sidebar.cached_model(checkpoint, head, "cpu")


def charts_by_title(app: AppTest) -> dict:
    from harness.plotly_data import title

    return {title(chart): chart for chart in app.get("plotly_chart")}


def attention_switch(app: AppTest) -> tuple[dict, object]:
    """The header and maps the page sent to its attention switch (components/attention_switch.py)."""
    from bert_explorer import attention_payload

    (switch,) = [e for e in app.get("bidi_component") if e.proto.component_name == "bert_explorer.attention_switch"]
    return attention_payload.unpack(switch.proto.bytes)


def assert_no_exception(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]


def strict_json(text: str):
    """json.loads that refuses NaN and ±Infinity, as browsers' JSON.parse does."""
    def refuse(constant):
        raise ValueError(f"not valid JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


@contextlib.contextmanager
def recorded_downloads():
    """Every deferred download a page registers, by file name, as the callable the button would run."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    recorded = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **options):
        recorded[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **options)

    MediaFileManager.add_deferred = add_deferred
    try:
        yield recorded
    finally:
        MediaFileManager.add_deferred = original


def formulas(app: AppTest) -> str:
    """Every formula the page shows, as one string of LaTeX sources."""
    return "\n".join(formula.value for formula in app.latex)
