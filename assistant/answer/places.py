"""Questions about a place: which communes a question names, whether it asks about the place itself, and the
territory answer (in, out or ambiguous, with the reference row and the call's territory rule)."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..messages import msg
from ..textnorm import fold, lexicon, tokens
from ..types import Answer
from .composing import Composer
from .router import Match

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..calls.spec import CallSpec
    from ..territory import Territory
    from .router import Router

log = logging.getLogger(__name__)


_OPEN = {"who", "when", "how_much", "how_many", "how_long", "contact", "how", "definition"}
# an open question on a value of the call ("quel est le plafond …", "what is the maximum share …")
_VALUE_ASKED = re.compile(r"\b(?:what|which|quel(?:le)?s?)\b[^?]{0,40}\b(?:plafond|plancher|montant|taux|maximum|minimum|share|rate|cap|"
                          r"ceiling|grant|amount|subvention|aide|duree|duration|date limite|deadline)\b")


def place_words(communes: list) -> set[str]:
    """The words of the communes' names as written in the question and in the reference data."""
    out: set[str] = set()
    for m in communes:
        out |= set(tokens(getattr(m, "query", "") or "")) | set(tokens(getattr(m, "name", "") or ""))
    return out


def communes_in(territory: Callable[[], Territory], question: str, common_words: set[str]) -> list:
    """Communes named in the question; names that are also ordinary words must look like place names.

    `territory` gives the call's territory when first needed: reference data that cannot be read leaves the question
    to the other routes instead of failing the answer."""
    try:
        found = territory().find_in_text(question)
    except Exception as exc:  # the reference data is optional for an answer: never let it break one
        log.warning("territory lookup failed: %s", exc)
        return []
    from ..facts import comes_from

    out = []
    for m in found:
        if m.status not in ("in", "out", "ambiguous"):
            continue
        span = question[m.start:m.end] if m.start is not None and m.end is not None else m.query
        if m.start is not None and comes_from(question, m.start):
            continue  # "qui arrive de Tours": where someone comes from, asked about nowhere
        if m.status != "in":
            multiword = bool(re.search(r"[\s-]", span.strip()))
            if getattr(m, "fuzzy", False) or not (span[:1].isupper() or span[:1].isdigit() or multiword):
                continue
            name = m.name or ""
            if (multiword and "-" not in span and span[:1].isupper() and not any(ch.isupper() for ch in span[1:])
                    and any(ch.isupper() for ch in name[1:])):
                continue  # "La chambre de métiers": a writer who capitalises wrote these words as common nouns, not the
                # commune "La Chambre" ("bruay la buissiere", all in lower case, says nothing either way)
            if name and _accents_clash(span, name):
                continue  # "Côté reporting": the word "côté", not the commune "La Côte"
            if fold(span) in common_words or fold(span).replace("-", " ") in common_words:
                continue
        out.append(m)
    return out


def _accents_clash(span: str, name: str) -> bool:
    """Whether a word written with an accent the name does not have there ("Côté" and "La Côte") names another word:
    an accent left out ("Ales" for "Alès") is a spelling of the name, one put elsewhere is not."""
    fs, fn = fold(span), fold(name)
    i = fn.find(fs)
    if i < 0 or len(fs) != len(span) or len(fn) != len(name):
        return False
    return any(ord(x) > 127 and x.lower() != y.lower() for x, y in zip(span, name[i:i + len(span)]))


_SEAT = re.compile(r"\b(?:bas|situ|domicili|implant|install|loca)(?:e|es|ee|ees|é|ée|és|ées)?s?\b|\bsiege\b|\b(?:ca|cela) compte\b")


# a question on whether a thing exists ("y a-t-il un modèle…", "existe-t-il une aide…", "is there a template…")
_EXISTS = re.compile(r"^\W*(?:(?:et|mais|alors)\s+)?(?:y a[- ]t[- ]il|y-a-t-il|il y a|est-ce qu'il y a|est ce qu'il y a|existe[- ]t[- ]il|"
                     r"is there|are there|do you have|vous avez|avez[- ]vous)\b")


def _place_cue(folded: str) -> bool:
    padded = f" {folded} "
    return bool(_SEAT.search(folded)) or any(f" {w}" in padded for w in lexicon()["place_cues"] if len(w) > 3 or " " in w)


# the applicant's own action, people or dossier named: a question on the call's subject ("des personnes qui habitent à
# <commune> dans notre action", "des immersions de nos participants")
_OUR_WORK = re.compile(r"\b(?:notre|nos|mon|mes|our|my) (?:actions?|projets?|participants?|publics?|beneficiaires?|parcours|dossiers?|"
                       r"candidatures?|budget|stagiaires|projects?|participants|beneficiaries|application)\b")


def asks_of_a_case(question: str, communes: list) -> bool:
    """The question's last sentence asks of a case of the call ("On peut déposer sur l'axe 3 « création » ?") and names
    none of the places, which only set the scene before it ("Notre compagnie de théâtre à <commune> …")."""
    from ..cases import CASE_NAMED

    cut = max(question.rfind(". ", 0, len(question.rstrip()) - 1), question.rfind("! ", 0, len(question.rstrip()) - 1))
    if cut < 0:
        return False
    last = fold(question[cut:])
    return bool(CASE_NAMED.search(last)) and all(m.start is not None and m.start < cut and fold(m.name) not in last for m in communes)


def lives_in(question: str, communes: list) -> bool:
    """Every commune the question names is where people live ("des personnes qui habitent à <commune>"): a question on
    whom the action may take in, not on where it takes place."""
    from ..facts import _LIVING

    spans = [m for m in communes if m.start is not None]
    return bool(spans) and len(spans) == len(communes) and all(
        _LIVING.search(fold(question[max(0, m.start - 25):m.start])) for m in spans)


def off_subject(folded: str, norm: str, communes: list, generic: set[str], vocabulary: set[str], framed: bool,
                question: str = "") -> bool:
    """A question that names a town but asks about something else the call never speaks of ("qui est le maire de
    <commune> ?", "des logements libres à <commune> ?"): at least a third of its other content words are absent from
    the call's text, or the town is the complement of a thing the call never names ("la piscine de <commune>", "la
    foire … de <commune>"), and nothing frames it as a question on the territory or on applying (`framed`)."""
    if framed or _place_cue(folded) or _OUR_WORK.search(folded):
        return False
    rest = set(tokens(norm)) - place_words(communes) - generic
    families = {t[:5] for t in vocabulary if len(t) >= 5}  # ("habitent" and the call's "habitant": one family)
    absent = {t for t in rest if t not in vocabulary and not t.isdigit() and not (len(t) >= 5 and t[:5] in families)}
    if absent and 3 * len(absent) >= len(rest):
        return True
    return any(_owner_absent(question, m, communes, generic, vocabulary) for m in communes)


# the French locutions that place something against a town ("loin de", "près de", "autour de", "au nord de")
_WHERE_FROM = frozenset({"loin", "pres", "proche", "proches", "autour", "cote", "nord", "sud", "est", "ouest", "environs", "alentours",
                         "lors", "partir", "depuis", "direction", "face", "distance", "minutes", "km", "kilometres"})
_OF = re.compile(r"(?:^|\s)(?:de la|de l'|du|des|de|d')\s*$")


def _owner_absent(question: str, commune, communes: list, generic: set[str], vocabulary: set[str]) -> bool:
    """The town is "de <commune>" after a noun the call's text never uses and that names no kind of structure."""
    if commune.start is None or not question:
        return False
    before = fold(question[:commune.start])
    of = _OF.search(before)
    if not of:
        return False
    names = place_words(communes)
    for word in reversed(before[:of.start()].split()[-4:]):
        stems = set(tokens(word))
        if not stems or stems & names or word[:1].isdigit():
            continue  # an article, a place's own name ("la foire Sainte-Croix de …"), a figure
        if word in _WHERE_FROM:
            return False  # "c'est loin d'Alès", "près de …": where something is, not a thing of that town
        return not (stems & vocabulary or stems & generic or stems & _structure_stems())
    return False


@lru_cache(maxsize=1)
def _structure_stems() -> frozenset[str]:
    """The stems of the words naming kinds of structure (words.yaml): "le CCAS de <commune>" is on the subject."""
    from ..facts import generic_words

    return frozenset(w for t in (generic_words().get("structure_types") or {}).values() for x in t.get("words", [])
                     for w in tokens(x))


def _owned_only(folded: str, communes: list) -> bool:
    """Every commune the question names is a structure's ("la mission locale de Commentry", "le CCAS de Gavray")."""
    from ..applicant_kind import _structure_then_place
    from ..territory import normalize

    spans = [m for m in communes if m.start is not None]
    return bool(spans) and len(spans) == len(communes) and all(
        _structure_then_place().search(normalize(folded[max(0, m.start - 50):m.start])) for m in spans)


def is_place_question(spec: CallSpec, router: Router, folded: str, norm: str, matches: list[Match], communes: list,
                      generic: set[str], intent: str | None = None) -> bool:
    """The question asks about the place itself (is it in the territory?), not something else that names a town."""
    rest = set(tokens(norm)) - place_words(communes) - generic
    place_rules = {spec.territory.rule, *spec.answering.place_rules}
    if intent in _OPEN and matches and matches[0].score >= 2.2 and matches[0].target.id not in place_rules:
        return False  # "qui contacter pour un projet à <commune> ?": asks who, another rule answers it
    if _VALUE_ASKED.search(folded) and not place_only(folded):
        return False  # "What is the maximum grant if our project only runs in <commune>?": a value, the place its case
    if not rest or (len(rest) == 1 and router.domain_overlap(" ".join(rest))):  # "<commune> ?", "et à <commune> ?"
        return True
    if len(rest) >= 2 and _owned_only(folded, communes):
        return False  # "la mission locale de <commune> peut-elle être chef de file ?": the town names who, not where
    cue = _place_cue(folded)
    if _EXISTS.match(folded) and not cue and len(rest) >= 2:
        return False  # "Y a-t-il un modèle type pour la lettre du maire de <commune> ?" asks whether a thing exists
    if not cue and router.domain_overlap(" ".join(rest)) == 0:
        return False  # "qui est le maire de <commune> ?": off the call's subject
    if matches and matches[0].target.id in {spec.territory.rule, *spec.answering.place_rules}:
        return True
    if matches and matches[0].score >= 7 and len(rest) >= 3 and spec.territory.rule not in [m.target.id for m in matches[:3]]:
        return False  # "acheter un camion pour <commune>, ça rentre dans les dépenses ?": another rule is asked about
    if cue:
        return True
    return bool(matches) and (spec.territory.rule in [m.target.id for m in matches[:3]] or matches[0].score < 6)


# a question about where the project may take place, whatever else it says ("est-ce que X fait partie du territoire ?")
_PLACE_ASKED = re.compile(r"\b(?:fait|font) partie\b|\bterritoire\b|\bperimetre\b|\bzone\b|\bconcernee?s?\b|\bcouverte?s?\b|"
                          r"\binclu(?:se?|es)?\b|\bcommunes? (?:eligibles?|du territoire)\b|\b(?:in|within) the (?:area|territory)\b")


def place_only(folded: str) -> bool:
    """Whether a question asks about the place of the action rather than about what the project does there."""
    return bool(_PLACE_ASKED.search(folded))


def territory_answer(spec: CallSpec, communes: list, lang: str, yes_no: bool = False, project: bool = False) -> Answer:
    """Each commune in, out or ambiguous, with its reference row, then the call's territory rule quoted. `project`: the
    question also describes what the project does ("ouvrir une micro-crèche … à <commune>, on peut demander la
    subvention ?"): a commune of the territory is no "Oui" to the project, only to where it takes place."""
    c = Composer(spec)
    territory = spec.territory.name
    lines = []
    allowed_out = False
    for m in communes:
        row = f"[{c.ref(m.citation)}]" if m.citation else ""
        if m.status == "in":
            lines.append(msg("answer.place.in_only" if project else "answer.place.in", lang, name=m.name, epci=m.epci_name, row=row))
        elif m.status == "out" and (granted := _granted_outside(spec, m.name)):
            # "Les trajets de l'axe 2 peuvent toutefois avoir pour destination un lieu … hors du territoire (par exemple
            # Bourges …), à condition que …": outside the territory, but the call names it in what it allows there
            where = m.epci_name or msg("answer.place.other_epci", lang)
            lines.append(msg("answer.place.out_granted", lang, name=m.name, territory=territory, where=where, row=row,
                             quote=granted, ref=f"[{c.ref(spec.cite(granted))}]"))
            allowed_out = True
        elif m.status == "out":
            where = m.epci_name or msg("answer.place.other_epci", lang)
            lines.append(msg("answer.place.out", lang, name=m.name, territory=territory, where=where, row=row))
        else:
            lines.append(msg("answer.place.ambiguous", lang, query=m.query, names=", ".join(m.candidates or m.suggestions)))
    c.add("\n".join(f"- {ln}" for ln in lines) if len(lines) > 1 else lines[0])
    c.add(msg("answer.place.rule", lang, territory=territory, refs=c.quote_refs(spec.territory.rule, lang)))
    statuses = {m.status for m in communes}
    verdict = ("conditional" if allowed_out and not any(m.status == "out" and not _granted_outside(spec, m.name) for m in communes)
               else "no") if "out" in statuses else "yes" if statuses == {"in"} and not project else None
    return Answer(kind="answer", answer=c.text(), citations=c.citations, language=lang, origin="territory",
                  rule_ids=[spec.territory.rule], verdict=verdict if yes_no else None)


_GRANTS_OUTSIDE = re.compile(r"\b(?:peu(?:t|vent)|pourr\w+)\b[^.;]{0,80}\b(?:hors (?:du|de ce|de leur) territoire|avoir lieu ailleurs|se (?:derouler|tenir) ailleurs)\b|\bhors (?:du|de ce) "
                             r"territoire\b[^.;]{0,80}\b(?:sont|est|restent?) (?:admis|autorise|possible|eligible)")


def _granted_outside(spec: CallSpec, name: str) -> str | None:
    """The call's sentence that names a commune outside its territory in what it allows there ("Les trajets … peuvent
    toutefois avoir pour destination un lieu … situé hors du territoire (par exemple Bourges …), à condition que …"),
    not in what it rules out ("Les communes voisines (par exemple …) ne font pas partie du territoire")."""
    from .unchecked import _SENTENCE

    word = re.compile(rf"(?<![\w-]){re.escape(fold(name))}(?![\w-])")
    for raw in spec.call_doc.text.split("\n"):
        for sentence in _SENTENCE.split(raw.strip(" -•*\t#")):
            f = fold(sentence)
            if word.search(f) and _GRANTS_OUTSIDE.search(f) and not re.search(r"\bne (?:font|fait|releve\w*) pas\b|\bexclu", f):
                try:
                    return spec.cite(sentence.replace("**", "").strip()).quote
                except Exception:  # a sentence not found verbatim is never quoted
                    continue
    return None

