"""Which of the call's themes a text addresses: its own words ("strong"), publics and anchors, the number of a theme
labelled "Axe 3 — …" ("projet axe 3"), else two words of the actions one theme lists; and a theme a profile names by
key, number or label words. Read from the call's words (facts.call_words).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .territory import normalize
from .textnorm import fold

if TYPE_CHECKING:
    from .facts import _Data


def _theme_scores(norm: str, d: _Data) -> dict[str, dict[str, list[str]]]:
    out = {}
    for key, th in d.themes.items():
        out[key] = {
            "strong": th["strong"].find(norm),
            "publics": th["publics"].find(norm),
            "anchors": th["anchors"].find(norm),
            "examples": th["examples"].find(norm),
        }
    return out


def _names_its_number(label: str, text: str) -> bool:
    """Whether a text names a theme labelled "Axe 3 — …" by its number ("projet axe 3", "axis 3")."""
    from .cases import named_numbers

    m = re.match(r"\W*(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?(axe|lot|volet|mesure|priorite|theme)s? (?:n[o°] ?)?(\d{1,2})\b", fold(label))
    return bool(m) and m.group(2) in named_numbers(m.group(1), fold(text))


def theme_label(d: _Data, key: str | None, lang: str = "fr") -> str:
    """The label of theme `key` of a call's words ("Axe 3 – Hébergement temporaire des saisonniers"), or ""."""
    return str(((d.themes.get(key) or {}).get("label") or {}).get(lang, "")) if key else ""


def recognise_theme(text: str, d: _Data) -> tuple[str | None, list[str], dict]:
    """The call's theme a text addresses (or None), the words that show it, and the raw scores."""
    norm = normalize(text)
    scores = _theme_scores(norm, d)
    off = d.off_topic.find(norm)
    numbered = [key for key in d.themes if _names_its_number(theme_label(d, key), text)]
    if len(numbered) == 1:  # "Projet axe 3 : prêt de VAE …" and the theme "Axe 3 — Mobilité des parents isolés"
        label = theme_label(d, numbered[0])
        return numbered[0], [" ".join(fold(label).split()[:2])], {"scores": scores, "off_topic": off, "norm": norm}
    best, best_score, why = None, 0, []
    for key, sc in scores.items():
        ok = bool(sc["strong"]) or (bool(sc["publics"]) and bool(sc["anchors"]))
        if off and not sc["strong"]:
            ok = ok and bool(set(sc["anchors"]) - {"entreprise", "entreprises", "travail", "production"})
        if not ok:
            continue
        score = 3 * len(sc["strong"]) + len(sc["publics"]) + 2 * len(sc["anchors"])
        if key == "industrie" and not sc["strong"] and not sc["anchors"]:
            score = 0
        if score > best_score:
            best, best_score, why = key, score, (sc["strong"] + sc["anchors"] + sc["publics"])
    if best is None and not off:
        # no word of a theme's own: two words of the actions one theme lists, and more than any other theme's
        # ("du transport à la demande" and "transport à la demande solidaire et covoiturage organisé")
        counts = sorted(((len(sc["examples"]), key) for key, sc in scores.items()), reverse=True)
        if counts and counts[0][0] >= 2 and (len(counts) == 1 or counts[1][0] < counts[0][0]):
            best, why = counts[0][1], scores[counts[0][1]]["examples"]
    return best, why, {"scores": scores, "off_topic": off, "norm": norm}


def _theme_key(value: str | None, d: _Data) -> str | None:
    v = normalize(value or "")
    if not v:
        return None
    if v in d.themes:
        return v
    # "1", "thème 2", "axe 1"...: the call's themes by their order; else a theme whose label holds the words given
    keys = list(d.themes)
    m = re.fullmatch(r"(?:[a-z]+ )?(\d{1,2})", v)
    if m and 1 <= int(m.group(1)) <= len(keys):
        return keys[int(m.group(1)) - 1]
    for key in keys:
        label = normalize(" ".join(str(x) for x in (d.themes[key].get("label") or {}).values()))
        if f" {v} " in f" {label} ":
            return key
    aliases = {normalize(str(a)): key for key in keys for a in (d.raw.get("themes", {}).get(key, {}).get("aliases") or [])}
    k = aliases.get(v)
    return k if k in d.themes else None
