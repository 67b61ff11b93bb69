"""Answers from passages: the call's own text when no rule fits, and the example dossiers when an example is asked.

Retrieval over the index (hybrid keyword + dense). A passage answers only when it covers enough of the question's
content words (`coverage`, threshold calibrated on the development split of the eval cases); quotes are whole
sentences of the passage, verbatim. Example dossiers are fictional and said so; a dossier marked `flawed` is shown
only as a counter-example, with its flaws.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..textnorm import expand_sms, tokens, words
from ..types import Citation, SearchHit
from .typed import expected_value, states
from .understand import asks_open_inside


def open_ask(ask) -> bool:
    """An ask not answered by Oui or Non: an open question, or one of yes/no form asking "combien", "quels"… inside."""
    return not ask.yes_no or asks_open_inside(ask.folded)

if TYPE_CHECKING:
    from . import Assistant

log = logging.getLogger(__name__)

# Share of the question's content words a passage must hold to be quoted as the answer (dev split: see docs/evals).
MIN_COVERAGE = 0.6
_SENTENCE = re.compile(r"[^.!?;\n]+(?:[.!?;]+|\n|$)")
_FULL_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


@dataclass
class Passage:
    """A retrieved passage and how much of the question it covers."""

    hit: SearchHit
    coverage: float
    matched: set[str]


def content_stems(text: str, ignore: set[str] | None = None) -> set[str]:
    """The question's content stems (SMS spellings expanded: "info" → "information"; stop and generic words dropped)."""
    return set(tokens(expand_sms(text))) - (ignore or set())


_PREFIX = 6  # a stem of six or seven letters is the root of its word family ("inscrir" / "inscription")


@lru_cache(maxsize=8192)
def quote_stems(quote: str) -> frozenset[str]:
    """The stems of a quote of the call (cached: a drafted call's quotes are read again for every question)."""
    return frozenset(tokens(quote))


def shared_stems(q: set[str], have: set[str] | frozenset[str]) -> set[str]:
    """The stems of `q` found in `have`, as such or by their word family: a question stem of six or seven letters
    that starts a stem of `have` ("inform" / "information", "inscrir" / "inscript"); a longer one must be equal
    ("communiqu" is not "commune")."""
    prefixes = {t[:_PREFIX] for t in have if len(t) >= _PREFIX}
    return {s for s in q if s in have or (_PREFIX <= len(s) <= _PREFIX + 1 and s[:_PREFIX] in prefixes)}


def rank_passages(a: Assistant, question: str, doc_types: list[str], k: int = 6, ignore: set[str] | None = None) -> list[Passage]:
    """The best passages for a question, with their coverage of its content words, best first."""
    q = content_stems(question, ignore)
    if not q:
        return []
    try:
        hits = a.index.search(question, k=k, doc_types=doc_types, dense=False)  # coverage decides; keyword ranks suffice
    except Exception as exc:  # the store may be down: answers still flow from the rules
        log.warning("passage search failed: %s", exc)
        return []
    out = []
    for h in hits:
        have = set(tokens(f"{h.metadata.get('heading_path', '')} {h.text}"))
        matched = shared_stems(q, have)
        out.append(Passage(h, len(matched) / len(q), matched))
    out.sort(key=lambda p: -p.coverage)
    return out


def best_sentences(text: str, matched: set[str], limit: int = 2, max_chars: int = 600) -> list[str]:
    """The sentences of a passage that hold most of the matched words, in their order in the passage (verbatim)."""
    sents = [m.group(0).strip() for m in _SENTENCE.finditer(text) if len(m.group(0).strip()) > 3]
    if not sents:
        return [text.strip()[:max_chars]]
    hold = [shared_stems(matched, set(tokens(x))) for x in sents]
    scored = sorted(range(len(sents)), key=lambda i: -len(hold[i]))
    keep = sorted(i for i in scored[:limit] if hold[i]) or [scored[0]]
    out = []
    for i in keep:
        s = sents[i].strip(" -•*\t")
        s = re.sub(r"^#+\s*", "", s)
        if len(s) > max_chars:
            s = s[:max_chars].rsplit(" ", 1)[0]
        if s:
            out.append(s)
    return out


def body_excerpt(text: str, max_chars: int = 500) -> str:
    """A passage without its heading line, cut at a line end near `max_chars` (a verbatim substring)."""
    lines = text.strip().split("\n")
    if len(lines) > 1 and len(lines[0]) < 90 and not lines[0].rstrip().endswith((".", ":")):
        lines = lines[1:]
    body = "\n".join(lines).strip()
    if len(body) <= max_chars:
        return body
    cut = body[:max_chars]
    return cut[: cut.rfind("\n")] if cut.rfind("\n") > max_chars // 3 else cut.rsplit(" ", 1)[0]


def figures(text: str) -> set[str]:
    """Numbers of two or more digits in a text."""
    return set(re.findall(r"\d{2,}", text.replace("\u202f", "").replace("\u00a0", "")))


def cite_hit(hit: SearchHit, quote: str) -> Citation:
    """A citation of a retrieved passage."""
    return Citation(source=hit.source, locator=hit.locator, quote=quote)


def dossier_title(hit: SearchHit, quote: str = "") -> str:
    """The example dossier's title (from dossiers.yaml) when its figures stand in the quote, else its file name."""
    title = str(hit.metadata.get("title") or "")
    if title and figures(title) <= figures(quote):
        return title
    return Path(hit.source).name


def example_meta(a: Assistant) -> dict[str, dict]:
    """dossiers.yaml entries of the call, by file name."""
    try:
        return a.index._example_metadata()
    except Exception:  # pragma: no cover - metadata is optional
        return {}


_DOSSIER_WORDS = {"dossier", "dossiers", "exemple", "exemples", "example", "examples", "modele", "model", "inspirer",
                  "inspire", "sample", "template", "copier", "reprendre", "suivre"}


@lru_cache(maxsize=8)
def _vocabulary(text: str) -> frozenset[str]:
    """The folded words of a text (the call's, computed once, not on every question)."""
    return frozenset(words(text))


def names_flawed(a: Assistant, folded_question: str, strict: bool = False) -> dict | None:
    """The flawed example dossier the question names (by a word of its file name or title that the call's own text
    does not use, e.g. its town), if any."""
    metas = [(n, m) for n, m in example_meta(a).items() if m.get("flawed")]
    if not metas:
        return None
    call_words_ = _vocabulary(a.spec.call_doc.text)
    qw = set(words(folded_question))
    if strict and not qw & _DOSSIER_WORDS:
        return None  # "quand est le marché de Noël d'Arras ?" names the town, not the dossier
    for name, m in metas:
        names = " ".join([Path(name).stem.replace("-", " "), str(m.get("title", "")).split("–")[0], *map(str, m.get("communes", []) or [])])
        distinctive = {w for w in words(names) if len(w) >= 4} - call_words_ - {"exemple", "example", "conforme", "dossier"}
        if distinctive & qw:
            return dict(m, file=name)
    return None


@lru_cache(maxsize=8)
def call_sentences(text: str) -> tuple[str, ...]:
    """The call document's sentences and table rows, each verbatim (a row's cells joined by " | "; a line that ends on a
    colon also read with the short line after it)."""
    out: list[str] = []
    lines = [x.strip() for x in text.split("\n") if x.strip()]
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if line.endswith(":") and nxt and len(nxt) < 120 and not nxt.startswith(("#", "|", "-", "*")):
            out.append(f"{line} {nxt}")  # "Les questions sont adressées à :" and the address on its own line
        if line.startswith("|"):
            cells = [x.strip() for x in line.strip("|").split("|")]
            if not all(set(x) <= set("-: ") for x in cells):
                out.append(" | ".join(cells))
            continue
        body = re.sub(r"^[-*•]\s+", "", line)  # a list item's text, without its bullet
        out += [m.group(0).strip() for m in _FULL_SENTENCE.finditer(body)]  # a semicolon keeps its clauses together
    return tuple(s for s in out if len(s) >= 25)


# the words that name the value asked, not what it is about ("à quel taux", "jusqu'à combien", "sous quel délai")
_VALUE_WORDS = ("taux pourcentage montant somme plafond plancher maximum minimum maximal minimal max min maxi mini delai duree "
                "temps date quand combien taille nombre adresse mail courriel telephone numero jusqu quel quelle quels quelles "
                "pris prise prises charge")  # "c'est pris en charge jusqu'à combien ?" frames an amount


@lru_cache(maxsize=8)
def _headings(text: str) -> dict[str, frozenset[str]]:
    """The stems of the heading each sentence of the call stands under (its nearest), by sentence."""
    out: dict[str, frozenset[str]] = {}
    heading: frozenset[str] = frozenset()
    for line in (x.strip() for x in text.split("\n")):
        if line.startswith("#"):
            heading = quote_stems(re.sub(r"^#+\s*(?:[\d.]+\s*)?", "", line))
            continue
        for sent in call_sentences(line):
            out.setdefault(sent, heading)
    return out


@lru_cache(maxsize=1)
def _value_stems() -> frozenset[str]:
    return frozenset(tokens(_VALUE_WORDS))


def value_sentence(a: Assistant, ask, ignore: set[str], given: list[str] | None = None, share: float = 0.5,
                   context: str = "") -> tuple[str, str, Citation] | None:
    """For an open ask that expects a value ("jusqu'à combien ?", "à quel taux ?", "sous quel délai ?"), the call's
    sentence that states such a value and holds most of what the ask is about (`share` of its words, one not a
    generic word; two at least, or one that only one or two such sentences hold: "Taille max des fichiers ?"), with
    the kind of value and its citation. An ask that names too little ("et à quelle adresse ?") is about what the ask
    before it (`context`) names. None when the ask expects no value, when the quotes `given` that state such a value
    already hold its words, or when no sentence holds more of them."""
    from ..calls.spec import squash

    kind = expected_value(ask.intent, ask.folded) if open_ask(ask) else None
    if kind is None:
        return None
    value_words = _value_stems()
    text = re.sub(r"\([^)]*\)", " ", ask.text).strip() or ask.text
    about = content_stems(text) - value_words  # "les EPI (chaussures, casques…)": examples in brackets name no more
    specific = content_stems(text, ignore) - value_words
    if len(about) < 2 and context:  # "Jusqu'à quand poser nos questions, et à quelle adresse mail ?"
        about |= content_stems(context) - value_words
        specific |= content_stems(context, ignore) - value_words
    if len(about) < 2 or not specific:
        return None
    given = given or []
    typed = [quote_stems(q) for q in given if states(kind, q)]
    covered = set().union(*(shared_stems(about, h) for h in typed)) if typed else set()
    if about <= covered:
        return None
    most = max((len(shared_stems(about, h)) for h in typed), default=0)
    seen = {squash(q) for q in given}
    # a sentence is about what its heading names too ("4 pages maximum" under "Note d'intention (étape 1)")
    headed = _headings(a.spec.call_doc.text)
    stating = [(sent, shared_stems(about, quote_stems(sent) | headed.get(sent, frozenset()))) for sent in call_sentences(a.spec.call_doc.text)
               if states(kind, sent)]
    # (how many sentences hold a word, by their own words: a heading shared by a section's sentences makes none rarer)
    holders = {s: sum(1 for sent, _have in stating if s in shared_stems(about, quote_stems(sent))) or 1 for s in about}
    best: tuple[tuple[int, int, float, int], str] | None = None
    for sent, have in stating:
        if squash(sent) in seen:
            continue
        # one word is enough when at most two sentences stating such a value hold it
        enough = len(have) >= 2 or (len(have) == 1 and holders[next(iter(have))] <= 2)
        # two words of the ask, one of them that no other such sentence holds ("son hébergement" and "l'hébergement
        # temporaire des apprentis, dans la limite de 500 € par mois"), however many words of context the ask has
        rare = len(have) >= 2 and any(holders[w] == 1 for w in have & specific)
        if (not enough or len(have) <= most or not have & specific or (len(have) < share * len(about) and not rare) or not have - covered
                or (2 * len(covered) >= len(about) and have != about)):
            continue
        # then the words found as such ("personne" is not "personnel"), then the rarer ones
        # (the sentence's own words before its heading's)
        score = (len(shared_stems(about, quote_stems(sent))), len(have), sum(1.0 / holders[w] for w in have), len(have & specific))
        if best is None or score > best[0]:
            best = (score, sent)
    if best is None:
        return None
    try:
        return best[1], kind, a.spec.cite(best[1])
    except Exception:  # a sentence not found verbatim is never quoted
        return None


def complete_asks(a: Assistant, c, asked: str, lang: str, ignore: set[str], found_by: set[str], settled: bool) -> None:
    """Every ask of a message answered: an ask that expects a value ("combien", "quand", "à quel taux") and whose
    quotes state none about its words gets the call's sentence that does (`value_sentence`); another ask whose own
    words the answer's quotes hold less than half of ("le webinaire est-il obligatoire ?" answered with the webinar's
    date) gets the call's sentence that holds more of them than any quote given, one of them missing, at least two in
    all; so does an ask one sentence holds whole. The words the rules were found by (`found_by`) count as held; a
    yes/no ask a verdict `settled` is left as it is."""
    from ..calls.drafting import quoted_answer
    from ..calls.spec import squash
    from .understand import split_asks

    if lang != "fr":  # the question's words and the call's are not in the same language
        return
    given = {squash(ci.quote) for ci in c.citations}
    given_quotes = [ci.quote for ci in c.citations]
    previous = ""
    for ask in split_asks(asked):
        before, previous = previous, ask.text
        if settled and not open_ask(ask):
            continue
        kind = expected_value(ask.intent, ask.folded) if open_ask(ask) else None
        found = value_sentence(a, ask, ignore, given_quotes, context=before) if kind else None
        if found is not None:
            sent, _kind, cite = found
            c.add(quoted_answer([sent], lang, [c.ref(cite)]))
            given.add(squash(sent))
            given_quotes.append(sent)
            continue
        figure = kind is not None and kind != "contact"  # an address is no figure
        stems, skip = content_stems(ask.text, ignore), ignore
        if len(stems) < 2 and figure:  # "une structure peut déposer combien de dossiers ?": its every word counts
            stems, skip = content_stems(ask.text), set()
        if len(stems) < 2 or (settled and ask.yes_no):
            continue
        # "combien", "quand": only a quote that states a figure answers the ask's words
        mine = [quote_stems(q) for q in given_quotes if not figure or states("figure", q)]
        covered = set().union(*(shared_stems(stems, h) for h in mine)) | shared_stems(stems, found_by) if mine else set()
        missing = stems - covered
        if not missing:
            continue
        most = max((len(shared_stems(stems, h)) for h in mine), default=0)
        best: tuple[int, str, SearchHit] | None = None
        for p in rank_passages(a, ask.text, ["call"], ignore=skip)[:3]:
            for m in _SENTENCE.finditer(p.hit.text):
                sent = m.group(0).strip(" -•*|\t\n")  # a table's row: its cells, as a drafted rule quotes them
                if len(sent) < 25 or sent.startswith("#") or squash(sent) in given or (figure and not states("figure", sent)):
                    continue
                have = shared_stems(stems, quote_stems(sent))
                if (len(have) >= max(2, most + 1) and have & missing and (best is None or len(have) > best[0])
                        and (len(covered) * 2 < len(stems) or have == stems)):
                    best = (len(have), sent, p.hit)
        if best is not None:
            _n, sent, hit = best
            c.add(quoted_answer([sent], lang, [c.ref(cite_hit(hit, sent))]))
            given.add(squash(sent))
            given_quotes.append(sent)


@lru_cache(maxsize=8)
def call_lines(text: str) -> tuple[str, ...]:
    """The call's lines as sentences a reader quotes: list markers and heading hashes taken off, empty lines left out
    (read once per call text, not on each question)."""
    out = []
    for raw in text.split("\n"):
        line = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", raw).strip().lstrip("#").strip()
        if line and line not in out:
            out.append(line)
    return tuple(out)
