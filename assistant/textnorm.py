"""French-aware text normalisation shared by the keyword index and the question router.

Accents folded, apostrophes and punctuation split, SMS spellings expanded, French stop words dropped, Snowball
French stemming. Language resources (stop words, SMS forms, an English→French glossary) live in lexicon.yaml.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

_LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str):
    """YAML read as `yaml.safe_load` reads it (same values), with libyaml when available: ten times faster."""
    return yaml.load(text, Loader=_SAFE_LOADER)


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The packaged language resources."""
    return load_yaml(_LEXICON_PATH.read_text(encoding="utf-8"))


# a case of a call named by a capital letter ("Lot A", "volets B et C", "strand C"): read as its rank ("lot 1",
# "volets 2 et 3"), one character for one, so that every reader of numbered cases ("axe 2") reads lettered ones
_LETTERED = re.compile(r"\b(?i:axe|lot|volet|mesure|axis|strand|component)s?\s+(?:n°\s*)?[A-H](?![\w'’])"
                       r"(?:\s*(?:,|et|ou|and|or|à|to|-)\s*[A-H](?![\w'’]))*")
_LETTER = re.compile(r"(?<=[\s,°-])[A-H](?![\w'’])")


def _ranked(m: re.Match) -> str:
    """A matched "Lot A" or "volets A, B et C" with each capital letter read as its rank."""
    return _LETTER.sub(lambda x: str(ord(x.group(0)) - 64), m.group(0))


def ranked_cases(text: str) -> str:
    """`text` with each case named by a capital letter read as its rank ("Lot B" → "Lot 2"), the same length."""
    return _LETTERED.sub(_ranked, text) if _maybe_lettered(text) else text


def fold(text: str) -> str:
    """Lowercase, accents removed, typographic quotes and dashes made plain; a case named by a capital letter
    ("Lot B") read as its rank ("lot 2"), the same length."""
    if text.isascii():  # nothing to decompose or replace: the same result, much sooner
        return ranked_cases(text).lower()
    return _fold(text) if len(text) <= 2000 else _fold.__wrapped__(text)


def _maybe_lettered(text: str) -> bool:
    """A quick test before the search for lettered cases: a capital A to H after a space."""
    return any(f" {c}" in text for c in "ABCDEFGH")


@lru_cache(maxsize=32768)
def _fold(text: str) -> str:
    """fold() of a text with non-ASCII characters (the call's sentences and commune names recur: cached)."""
    text = ranked_cases(text).replace("’", "'").replace("‘", "'").replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower()


_WORD = re.compile(r"[a-z0-9]+(?:[./][0-9]+)*")


def words(text: str) -> list[str]:
    """Folded words (elided articles split off: l'annexe → l, annexe)."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=1)
def french_stemmer():
    """The Snowball French stemmer (PyStemmer), built once."""
    import Stemmer

    return Stemmer.Stemmer("french")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """French and English function words ignored by the keyword index."""
    lx = lexicon()
    return frozenset(lx["stop_fr"]) | frozenset(lx["stop_en"])


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    """Snowball French stem of a folded word (numbers kept as they are)."""
    if word[0].isdigit():
        return word
    return french_stemmer().stemWord(word)


def expand_sms(text: str) -> str:
    """Rewrite SMS and chat spellings word by word (c koi → c'est quoi)."""
    sms = lexicon()["sms"]
    out = []
    for w in re.findall(r"\S+", fold(text)):
        core = w.strip("?!.,;:")
        elided = re.match(r"^([a-z]{1,2}')(.+)$", core)  # "d'info", "l'asso"
        if core in sms:
            out.append(w.replace(core, sms[core]))
        elif elided and elided.group(2) in sms:
            out.append(w.replace(core, elided.group(1) + sms[elided.group(2)]))
        else:
            out.append(w)
    return " ".join(out)


def hypernyms(text: str) -> list[str]:
    """The general words a call uses for the things a text names ("un minibus" → "vehicule"), lexicon.yaml."""
    table = lexicon().get("hypernyms") or {}
    t = " " + " ".join(words(fold(text))) + " "
    return list(dict.fromkeys(v for k, v in table.items() if f" {' '.join(words(fold(k)))} " in t))


def translate_en(text: str) -> str:
    """Append French equivalents of English terms found in the text (for matching French rules)."""
    gl = {**lexicon()["glossary_en_fr"], **lexicon()["glossary_other_fr"]}
    t = " " + " ".join(words(text)) + " "
    extra = [fr for en, fr in gl.items() if f" {en} " in t]
    return text + (" " + " ".join(extra) if extra else "")


def tokens(text: str, keep_stop: bool = False) -> list[str]:
    """Stemmed content tokens of a text."""
    sw = stop_words()
    return [stem(w) for w in words(text) if keep_stop or (w not in sw and (len(w) > 1 or w.isdigit()))]
