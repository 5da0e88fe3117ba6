"""The README is a newcomer's first read: at most 150 lines, its settings table true, its links alive."""

import re
from pathlib import Path

from bert_explorer.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_table_lists_every_setting_with_its_default():
    readme = (ROOT / "README.md").read_text()
    for setting in SETTINGS:
        assert f"| `{setting.name}` | {setting.default} | {setting.meaning} |" in readme, setting.name
    named = set(re.findall(r"BERT_EXPLORER_[A-Z_]+", (ROOT / "bert_explorer" / "settings.py").read_text()))
    assert named == {setting.name for setting in SETTINGS}


def test_the_readme_stays_a_first_read_and_its_links_resolve():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 150
    for document in [ROOT / "README.md", *(ROOT / "docs").glob("*.md"), ROOT / "zoo" / "README.md"]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", document.read_text()):
            assert (document.parent / target).exists(), f"{document.name} links to a missing {target}"
