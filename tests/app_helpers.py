"""Open pages with AppTest and read what they show."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from components import model_sidebar

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def open_page(page: str, **query) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    app.query_params.update({k: str(v) for k, v in query.items()})
    app.switch_page(page).run()
    return app


def cached_model(checkpoint: str, head: str):
    """The very model instance the app holds in its cache."""
    return model_sidebar.cached_model(checkpoint, head, "cpu")


def charts_by_title(app: AppTest) -> dict:
    from plotly_data import title

    return {title(chart): chart for chart in app.get("plotly_chart")}


def assert_no_exception(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
