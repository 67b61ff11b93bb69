"""No call lives in code: the package and its catalogues name nothing specific to a call (its data does)."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "assistant"
# The first call's own words: its places, its partners, its amounts, its vocabulary.
FIRST_CALL_WORDS = ["Lens", "Liévin", "Lievin", "Hénin", "Henin", "Carvin", "Kelvion", "30 Fab", "30Fab", "Pas-de-Calais",
                    "181 500", "181500", "TTC", "problématique", "problematique", "temps de dialogue", "1/3"]


def test_the_package_names_nothing_of_the_first_call():
    hits = []
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix not in {".py", ".yaml", ".yml", ".txt", ".md"} or "__pycache__" in path.parts:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for w in FIRST_CALL_WORDS:
                if re.search(rf"(?<![\w/]){re.escape(w)}(?![\w/])", line, flags=0 if w[0].isupper() else re.I):
                    hits.append(f"{path.relative_to(PACKAGE)}:{n}: {w!r} in {line.strip()[:90]!r}")
    assert not hits, "call-specific words in the package:\n" + "\n".join(hits)


def test_the_guard_itself_catches_a_call_word(tmp_path):
    # the same search on a line that holds one (so the test above can fail)
    line = "return 'le bassin de Lens'"
    assert any(re.search(rf"(?<![\w/]){re.escape(w)}(?![\w/])", line) for w in FIRST_CALL_WORDS)
