"""Every user-facing sentence of the generic (call-independent) code, one catalogue per language.

`msg(key, lang, **values)` renders a sentence strictly: a missing value is an error, never an empty hole.
Sentences are filled from the call's data; no call's wording lives here.
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

from ..textnorm import load_yaml

_DIR = Path(__file__).resolve().parent
LANGS = ("fr", "en")


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """The flat {key: template} catalogue of a language (French for an unknown language)."""
    lang = lang if lang in LANGS else "fr"
    raw = load_yaml((_DIR / f"{lang}.yaml").read_text(encoding="utf-8")) or {}
    out: dict[str, str] = {}

    def walk(prefix: str, node) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(f"{prefix}.{k}" if prefix else str(k), v)
        else:
            out[prefix] = str(node)

    walk("", raw)
    return out


def msg(key: str, lang: str = "fr", **values: object) -> str:
    """The sentence `key` in `lang`, filled with `values` (KeyError if the key or a value is missing)."""
    template = catalogue(lang).get(key)
    if template is None:
        template = catalogue("fr")[key]
    names = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    missing = names - set(values)
    if missing:
        raise KeyError(f"message {key!r}: missing values {sorted(missing)}")
    text = template.format(**values)
    if lang != "en":  # French contractions when a value starts with an article: "à les associations" → "aux associations"
        for a, b in ((" à les ", " aux "), (" à le ", " au "), (" de les ", " des "), (" de le ", " du ")):
            text = text.replace(a, b)
    return text
