"""The shape the code promises: a UI-free core, pages that only compose."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_core_imports_neither_streamlit_nor_plotly():
    files = list((ROOT / "bert_explorer").rglob("*.py"))
    assert files
    for path in files:
        assert not imported_modules(path) & {"streamlit", "plotly"}, path


def test_pages_hold_no_math():
    for path in (ROOT / "pages").glob("*.py"):
        assert not imported_modules(path) & {"torch", "numpy", "transformers", "scipy"}, path
