"""The shape the code promises: a UI-free core whose modules import only downward, components that
draw without torch, pages that only compose."""

import ast
from pathlib import Path

from bert_explorer.heads import HEADS

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "bert_explorer"
# The core's layers, lowest first: a module may import from its own layer and those below, never above.
LAYERS = [
    {"errors", "devices", "scores", "export", "heads", "attention", "checkpoint_files", "targets",
     "formulas", "glossary", "mistakes", "compare", "shared_results", "guessing", "settings", "figures",
     "literal"},
    {"zoo", "attention_payload", "classroom"},
    {"checkpoints", "access", "downloads"},
    {"loading", "model_cache", "bert_map"},
    {"encoding", "forward", "head_path"},
    {"story"},
    {"readout"},
    {"pipeline"},
    {"tasks"},
    {"why", "lessons", "report"},
    {"training"},
    {"evaluation"},
    {"notebook"},
]


def imports_of(path: Path) -> list[tuple[str, int]]:
    """(module, level) of every import; level > 0 for relative imports."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(alias.name, 0) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found += [(node.module or alias.name, node.level) for alias in node.names] if node.module is None \
                else [(node.module, node.level)]
    return found


def top_level(path: Path) -> set[str]:
    return {name.split(".")[0] for name, level in imports_of(path) if level == 0}


def core_module_of(path: Path, name: str, level: int) -> str | None:
    """The core's top-level module (or package) an import names, or None for anything else."""
    if level == 0:
        parts = name.split(".")
        return parts[1] if parts[0] == "bert_explorer" and len(parts) > 1 else None
    package = path.relative_to(CORE).parent.parts
    base = list(package[:len(package) - (level - 1)]) if level > 1 else list(package)
    parts = base + (name.split(".") if name else [])
    return parts[0] if parts else None


def layer_of(module: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if module in layer)


def test_every_core_module_has_a_layer():
    modules = {p.stem for p in CORE.glob("*.py") if p.stem != "__init__"} | {
        p.name for p in CORE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert modules == set().union(*LAYERS)


def test_core_imports_run_downward_only():
    for path in CORE.rglob("*.py"):
        own = path.relative_to(CORE).parts[0].removesuffix(".py")
        if own == "__init__":
            continue
        for name, level in imports_of(path):
            target = core_module_of(path, name, level)
            if target is not None and target != own:
                assert layer_of(target) <= layer_of(own), f"{path.relative_to(ROOT)} imports {target} (upward)"


# The core's drawing layer: figures builds Plotly figures from plain results (for the app's components and for
# notebooks alike), and notebook shows them in Jupyter. Nothing else in the core draws.
DRAWING = {"figures.py", "notebook.py"}


def test_the_core_imports_no_ui_and_nothing_outside_itself():
    for path in CORE.rglob("*.py"):
        assert not top_level(path) & {"streamlit", "components", "pages", "recipes", "harness", "bench"}, path
        if path.name not in DRAWING:
            assert "plotly" not in top_level(path), path


def test_components_draw_without_torch():
    paths = list((ROOT / "components").rglob("*.py"))
    assert len(paths) > 30
    for path in paths:
        assert not top_level(path) & {"torch", "transformers"}, path


# The components' folders, lowest first: charts know only the core's results; services (the model's runs, the
# sidebar, the frame) draw with charts; sections use both; a head's view and its page frame use them all.
COMPONENT_LAYERS = ["charts", "services", "sections", "head_views"]


def test_components_live_in_their_layers_and_import_only_downward():
    loose = [p.name for p in (ROOT / "components").glob("*.py") if p.name != "__init__.py"]
    assert not loose, f"every component belongs to a layer folder: {loose}"
    assert {p.name for p in (ROOT / "components").iterdir() if p.is_dir() and p.name != "__pycache__"} \
        == set(COMPONENT_LAYERS)
    for layer, folder in enumerate(COMPONENT_LAYERS):
        for path in (ROOT / "components" / folder).glob("*.py"):
            for name, level in imports_of(path):
                assert level == 0, f"{path.name}: import components by their folder, not relatively"
                parts = name.split(".")
                if parts[0] == "components":
                    assert len(parts) > 1 and COMPONENT_LAYERS.index(parts[1]) <= layer, (path.name, name)


def test_each_head_has_a_view_named_after_it():
    views = {p.stem for p in (ROOT / "components" / "head_views").glob("*_view.py")}
    assert views == {f"{name}_view" for name in HEADS}


def test_pages_hold_no_math():
    for path in (ROOT / "pages").glob("*.py"):
        assert not top_level(path) & {"torch", "numpy", "transformers", "scipy"}, path
        arithmetic = [node for node in ast.walk(ast.parse(path.read_text()))
                      if isinstance(node, ast.BinOp) and not isinstance(node.op, ast.Mod)]
        assert not arithmetic, f"{path.name} computes: {[ast.unparse(n) for n in arithmetic]}"
