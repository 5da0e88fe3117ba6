"""One owner for settings: every BERT_EXPLORER_ variable is read in bert_explorer/settings.py, and the README's
settings table lists each with its default."""

import re
from pathlib import Path

from bert_explorer.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[2]


def test_only_the_settings_module_reads_the_environment_for_our_variables():
    readers = {path.relative_to(ROOT).as_posix()
               for folder in ("bert_explorer", "components", "pages", "deploy", "bench")
               for path in (ROOT / folder).rglob("*.py")
               if re.search(r"environ(\.get)?\W+[\"']BERT_EXPLORER_", path.read_text())}
    assert readers == {"bert_explorer/settings.py"}


def test_the_readme_table_lists_every_setting_with_its_default():
    readme = (ROOT / "README.md").read_text()
    for setting in SETTINGS:
        assert f"| `{setting.name}` | {setting.default} | {setting.meaning} |" in readme, setting.name
    named = set(re.findall(r"BERT_EXPLORER_[A-Z_]+", (ROOT / "bert_explorer" / "settings.py").read_text()))
    assert named == {setting.name for setting in SETTINGS}
