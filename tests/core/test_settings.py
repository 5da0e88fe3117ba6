"""One owner for settings: every BERT_EXPLORER_ variable is read in bert_explorer/settings.py and nowhere else."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_only_the_settings_module_reads_the_environment_for_our_variables():
    readers = {path.relative_to(ROOT).as_posix()
               for folder in ("bert_explorer", "components", "pages", "deploy", "bench")
               for path in (ROOT / folder).rglob("*.py")
               if re.search(r"environ(\.get)?\W+[\"']BERT_EXPLORER_", path.read_text())}
    assert readers == {"bert_explorer/settings.py"}
