"""A figure of the call the applicant reads back and asks about ("Le plafond de 180 €, c'est le plafond de subvention
par projet ?", "Le 60 % dont parle l'appel, ça veut dire … ?", "Les 10 000 € minimum, c'est l'autofinancement ?").

The figure is looked up in the call's own lines (its amount or percentage, as a value: « 180 € » and « 180 euros »);
the answer says first where the call writes it, quoted, then what the call says of the thing the applicant took it
for (the rule the rest of the question matches, its lines on that thing). When none of the lines that hold the figure
is a line of that rule and the question reads it as that thing, the verdict is « Non »: the figure is another
thing's. General French and English cues only; no call's words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..messages import msg
from ..quantities import read_amounts, read_percents
from ..textnorm import fold
from ..types import Answer
from .composing import Composer
from .passages import call_lines, content_stems, quote_stems, shared_stems

if TYPE_CHECKING:
    from .engine import AnswerEngine

# the applicant reads a figure of the call back and asks what it is
_MEANING = re.compile(r"\b(?:c'est (?:le|la|les|l'|du|de la|des|pour|par|quoi)|ca veut dire|ca correspond|ca concerne|dont (?:parle|vous parlez)|"
                      r"(?:j'ai|on a|nous avons) (?:vu|lu)|s'applique|signifie|qu'est-ce que|what does|refers? to|is (?:that|it|this) the|"
                      r"mentioned|i (?:saw|read))\b")
_MAX_LINES = 5  # a figure written more often than that is too common to say which line the applicant read


def _figures(text: str) -> list[tuple[str, float, str]]:
    """(kind, value, text as written) of the amounts and percentages of a text."""
    out = [("amount", a.value, text[a.start:a.end]) for a in read_amounts(text)]
    out += [("percent", p.value, text[p.start:p.end]) for p in read_percents(text)]
    return out


@lru_cache(maxsize=8)
def _call_figures(text: str) -> tuple[tuple[str, tuple[tuple[str, float], ...]], ...]:
    """Each line of the call with its amounts and percentages (read once per call text, not on each question)."""
    return tuple((line, tuple((k, v) for k, v, _w in _figures(line))) for line in call_lines(text))


def figure_answer(e: AnswerEngine, question: str, lang: str, yes_no: bool) -> Answer | None:
    """Where the call writes the figure the question reads back, then the rule on what the applicant took it for; None
    when the question reads back no figure of the call, or one the call writes too often."""
    folded = fold(question)
    if not _MEANING.search(folded):
        return None
    said = list({(k, v): (k, v, w) for k, v, w in _figures(question)}.values())  # ("le 60 % … il faut 60 % de …": one figure)
    if len(said) != 1:
        return None
    kind, value, written = said[0]
    lines = [line for line, figures in _call_figures(e.spec.call_doc.text)
             if any(k == kind and abs(v - value) < 1e-6 for k, v in figures)]
    if not lines or len(lines) > _MAX_LINES:
        return None
    c = Composer(e.spec)
    refs = []
    for line in lines:
        try:
            refs.append((line, c.ref(e.spec.cite(line))))
        except Exception:  # a line not found verbatim is never quoted
            continue
    if not refs:
        return None
    parts = [msg("answer.figure_where", lang, figure=written.strip(), quotes=" ; ".join(f"« {q} » [{n}]" for q, n in refs))]
    # what the applicant took it for: the rest of the question, routed as a question of its own
    rest = question.replace(written, " ")
    from ..textnorm import hypernyms

    matches = e.router.score(e.router.normalise(" ".join([rest, *hypernyms(rest)])))
    verdict = None
    if matches and matches[0].target.kind == "rule" and matches[0].score >= 5:
        rule = e.spec.rule(matches[0].target.id)
        own = {q.strip() for q in rule.quotes}
        notion = content_stems(rest, e._generic | e._common_words)
        if yes_no and not any(q in own for q, _n in refs) and all(len(shared_stems(notion, quote_stems(q))) < 2 for q, _n in refs):
            verdict = "no"  # "le plafond de 180 €, c'est le plafond par projet ?" and "plafonné à 180 € par mois et par participant"
        stems = notion - e._own_words(rule.id)
        text = c.focused_rule_text(rule, lang, [stems], said=rest)
        if text and any(q not in text for q in rule.quotes if q.strip() and q not in [r for r, _n in refs]):
            parts.append(text)  # (the rule's lines on the thing asked, unless they are only the figure's own line)
    if verdict is not None:
        parts.insert(0, msg("verdict.rule_no", lang))
    for p in parts:
        c.add(p)
    return Answer(kind="answer", answer=c.text(), citations=c.citations, language=lang, origin="rules",
                  rule_ids=[matches[0].target.id] if verdict is not None else [], verdict=verdict)
