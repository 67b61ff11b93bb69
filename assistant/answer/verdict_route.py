"""The verdict route: a yes/no or can-we question whose facts touch the call's constraints gets its verdict first,
each reason quoted (Oui / Non / Oui, à condition que…), then the other asks of the message in order.

The facts of the question (merged with the previous turn's for a follow-up) are evaluated against the call's typed
constraints; the checks read from the call's own sentences are added (a case kept to another lot or axis, a cost
ruled out or listed, a count or a share of a public bounded, a figure or a rule no check weighed). A place or the
applicant's kind alone never makes a route: a question about another rule is answered by that rule.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from ..calls.spec import squash
from ..constraints import evaluate
from ..errors import AssistantError
from ..facts import call_words, recognise_theme
from ..themes import theme_label
from ..fmt import format_date
from ..messages import msg
from ..textnorm import fold, tokens, translate_en
from ..types import Answer
from .composing import Composer, Turn, merge_facts
from .counts import count_checks
from .raises import raise_check
from .fact_topics import unweighed_facts
from .places import communes_in, place_words
from .requirements import unweighed_requirements
from .roles import other_role
from .router import Match
from .kept_places import kept_places
from .shares import share_checks
from .passages import content_stems
from .periods import period_checks
from .spending import allowed_spending, asks_spending, head_overlap, unit_price_checks
from .understand import Ask, asks_a_value, asks_eligibility, split_asks
from .unchecked import kept_elsewhere, reserved_cases, ruled_out_spending, unchecked
from .verdicts import touched, verdict_text

if TYPE_CHECKING:
    from .engine import AnswerEngine

log = logging.getLogger(__name__)

_ELIG_INTENT = re.compile(
    r"\beligib|\brecevable|\bcriteres\b|\bcorrespond|\bretenue?s?\b|\bbon pour\b|\bfait(-elle|-il)? partie|\bca (rentre|entre|passe|colle|marche)\b|\best[- ]ce (que )?(ca|c'est) (ok|bon|possible)|\bmon projet\b|\bnotre projet\b"
    r"|\bmy project\b|\bour project\b|\bqualif(y|ies)\b|\bpeut[- ]il etre (finance|retenu)|\bcould (it|we) be funded"
)

# "c'est dans les clous ?", "ça tient la route ?": whether a project fits, in the applicant's words
_FITS = re.compile(r"\bdans les clous\b|\bdans le cadre\b|\bconforme\b|\bjouable\b|\btient la route\b|\bc'est (?:ok|bon)\b|\bok pour vous\b"
                   r"|\bfinancable\b|\bfits?\b|\bin scope\b")

_OWN_PROJECT = re.compile(r"\b(?:mon|notre|my|our) (?:projet|project)\b")


def without_own_project(folded: str) -> str:
    """A question without "notre projet": naming one's project says nothing of whether it is asked if it fits."""
    return _OWN_PROJECT.sub("", folded)


_CAN_APPLY = re.compile(
    r"\b(candidat|postul|porter|porteu|deposer|repondre|soumettre|apply|applicant|lead|run the project|participer|beneficier"
    r"|realiser|mener|deployer|organiser|conduire|implanter|installer|intervenir|agir|run|hold|deliver|carry out"
    r"|toucher (?:une partie de )?la subvention|(?:receive|get) (?:part of )?the grant)"
)

_DESCRIBES = re.compile(r"\b(?:(?:notre|mon|le|ce) projet (?:porte sur|consiste|vise|a pour objet|concerne|propose|s'adresse)|our project (?:is about|aims|consists|targets|offers)|we (?:want|plan) to)\b")

_FOLLOW_UP = re.compile(r"^\s*(et|and|what about|how about|ok et|d'accord et|aussi|also|pareil|meme chose)\b|^\s*\w+\s*\?\s*$")

# a question about applying or a project, not about something else that happens in a town
_APPLYING = re.compile(r"\b(?:projets?|candidat\w*|deposer|depot|porter|porteur|postuler|repondre|subvention\w*|financ\w*|eligib\w*|"
                       r"appel|aap|ami|actions?|mener|accompagn\w*|apply|project|grant|eligible)\b")

# a structure asked about as the subject of applying ("peut-il porter", "peut-elle être chef de file", "peut il déposer")
_WHO_MAY = re.compile(r"(?:\b(?:peu(?:t|vent)|pourrai(?:t|ent))[- ](?:t[- ])?(?:il|elle|ils|elles)|"
                      r"\b(?:elle |il |(?:la|le|les|une?) (?:[\w-]+ ){1,4}|l'[\w-]+ (?:[\w-]+ ){0,3})(?:peu(?:t|vent)|pourrai(?:t|ent)))\s+"
                      r"(?:etre\s+)?(?:porteu\w*|porter|deposer|candidater|postuler|repondre|chef de file|beneficiaire|beneficier|toucher)"
                      r"|\bcan (?:an?|the|our|my) [^?.]{0,80}?\b(?:apply|submit|be (?:the )?(?:lead|applicant)|lead the project)\b")
_NEEDED = re.compile(r"\b(?:obligatoire\w*|faut[- ]il|faudra[- ]t[- ]il|est[- ]ce qu'il faut|necessaire|imperati\w*|mandatory|required)\b")

# what a project is about, as the applicant names it ("un projet de micro-crèche", "a project for a bakery")
_SUBJECT = re.compile(r"\b(?:projet|project|action) (?:de|d'|d’|of|for an?|for) ((?:[a-z\u00e0-\u00ff]+[- ]?){1,2})")


def verdict_route(e: AnswerEngine, question: str, folded: str, lang: str, asks: list[Ask], turns: list[Turn],
                  matches: list[Match]) -> Answer | None:
    """A yes/no or can-we question whose facts touch the call's constraints: verdict first, each reason quoted."""
    general = bool(_ELIG_INTENT.search(folded)) or asks_eligibility(folded)
    follow_up = bool(turns and _FOLLOW_UP.search(folded))
    # "et une scic ?" after "Une auto-entrepreneuse peut porter un projet ?": the earlier ask's yes/no carries
    carried = follow_up and any(a.yes_no for a in split_asks(turns[-1].question))
    if not (any(a.yes_no and not asks_a_value(a.folded) for a in asks) or (general and not asks_a_value(folded)) or carried):
        return None  # "un projet axe 3, ça peut durer combien de temps ?" asks a value, not a verdict
    try:
        own = profile = e._facts(question)
        earlier: set[str] = set()
        if follow_up:
            before = e._facts(turns[-1].question)
            profile = merge_facts(before, profile)
            # "et si c'est notre communauté de communes qui porte le projet ?" after "Asso créée en février 2026, on peut
            # candidater ?": what failed before is weighed again with the new facts
            earlier = {r.kind for r in evaluate(before, e.spec, e.a.territory) if r.status == "fail"}
        results = evaluate(profile, e.spec, e.a.territory)
        own_kinds = {r.kind for r in touched(own, results)} | (earlier if touched(own, results) else set())
    except AssistantError as exc:
        log.info("no facts from question: %s", exc)
        return None
    theme, _why, info = recognise_theme(question, call_words(e.spec))
    hit = touched(profile, results, theme_signal=bool(theme or info.get("off_topic") or _DESCRIBES.search(folded)))
    if profile.dossier.submission_implied:
        # "can we apply?" implies today: it decides only when the call is closed and no other topic is asked
        rest = [r for r in hit if r.kind != "deadline"]
        closed = any(r.kind == "deadline" and r.status == "fail" for r in hit)
        constraint_rules = {con.rule for con in e.spec.effective_constraints()}
        other_topic = bool(matches) and matches[0].score >= 5 and matches[0].target.id not in constraint_rules
        if other_topic or not closed:  # while the call is open, "today" settles nothing the question asks
            hit = rest
    if own_kinds and own_kinds != {r.kind for r in hit}:
        # a follow-up ("et sur 13 mois ?") is answered on what it changes; the earlier facts are its context
        hit = [r for r in hit if r.kind in own_kinds]
    raised = raise_check(e, question, turns[-1].question if follow_up else "")
    if raised is not None:  # "on a droit au plafond majoré ?": its condition, not where or who, answers it
        hit = [r for r in hit if r.kind not in ("territory", "theme")] + [raised]
    label = theme_label(call_words(e.spec), theme)
    hit += reserved_cases(e.a, question, e._generic | e._common_words, label, profile.structure.type)  # "17 ans … sur le lot 2"
    out = ruled_out_spending(e.a, question, e._common_stems)  # "acheter une voiture" and "l'achat de véhicules"
    # "des tickets de métro" and "frais de déplacement", unless that line keeps them to another axis than the one named
    allowed = kept_elsewhere(allowed_spending(e.a, question, e._common_stems), question)
    priced = unit_price_checks(e.a, question, turns[-1].question if follow_up else "")  # "un vidéoprojecteur à 900 € HT"
    if priced:  # the price of the one thing bought against the call's bound on a unit price decides, whatever its name
        allowed = [r for r in allowed if r.status == "fail"] + priced
    closer = head_overlap(question, allowed[0].citations[0].quote, e._common_stems) if allowed and allowed[0].citations else 0
    if out and closer >= 2 and max(head_overlap(question, r.citations[0].quote, e._common_stems) for r in out if r.citations) < closer:
        out = []  # "le repas du midi des participants": "frais de repas des participants …" names it, not "rémunération … des participants"
    # "achat de véhicules pour les axes 1 et 3" and "l'achat de véhicules, pour l'axe 2 uniquement": both, the second
    # saying where the call pays for it
    hit += out + [r for r in allowed if r.status == "fail" and r.citations and r.citations[0].quote not in {
        ci.quote for x in out for ci in x.citations}] if out else allowed
    # a line another check rests on is not weighed again (a line it only quotes beside its own is): "seul partenaire";
    # a follow-up's counts are its earlier ask's too ("… on peut en porter un 3e ?" then "et si c'est sur l'axe 3 ?")
    hit += count_checks(e.a, f"{turns[-1].question} {question}" if follow_up else question,
                        [r.citations[0].quote for r in hit if r.citations])
    hit += share_checks(e.a, question, [ci.quote for r in hit for ci in r.citations],  # "5 au RSA sur 12"
                        e._generic | e._common_words)
    hit += period_checks(e.a, question, [ci.quote for r in hit for ci in r.citations])  # "en juillet-août" and the intersaison
    # "l'axe 3 est ouvert uniquement aux projets … sur la CC X": the places named for that axis (a follow-up's case
    # and places may be the earlier ask's: "et si on est à Cagnac-les-Mines ?")
    named = communes_in(lambda: e.a.territory, question, e._common_words)  # the question's communes, read once here
    earlier = turns[-1].question if follow_up else ""
    hit += kept_places(e.a, question if not earlier else f"{earlier} {question}",
                       named or (communes_in(lambda: e.a.territory, earlier, e._common_words) if earlier else []), label)
    last = [x for x in re.split(r"(?<=[.!?])\s+", folded.strip()) if x.strip()]
    asked_last = without_own_project(last[-1] if last else folded)
    fits = bool(_ELIG_INTENT.search(asked_last) or _FITS.search(asked_last))
    figures: list | None = None  # the figures no constraint weighed, when read for a theme-only verdict below
    if {r.kind for r in hit} == {"theme"} and all(r.status == "pass" for r in hit) and (_NEEDED.search(folded) or not fits):
        # "pour l'axe 1, faut-il que nos participants aient déjà fait une saison ?", "on peut le mettre sur 2 axes ?",
        # "les véhicules doivent-ils avoir une vignette Crit'Air ?": the theme alone answers only whether a project fits,
        # unless a figure of the question meets a line of the call that bounds it ("donner 500 € à une maman" and "300 €
        # par famille")
        figures = unchecked(e.a, question, profile, e._generic | e._common_words, lang, [ci.quote for r in hit for ci in r.citations],
                            {"theme"})
        bound = [r for r in figures if r.status in ("pass", "fail")]
        if not bound:  # a rule the question's facts break ("un CDD d'au moins six mois" and "en CDD de 4 mois")
            bound = [r for r in unweighed_requirements(e.a, question, [ci.quote for r in hit for ci in r.citations[:1]],
                                                       e._generic | e._common_words, place_words(named)) if r.status == "fail"]
        if not bound:
            return None
        hit += bound
    if hit and "expenses" in {r.kind for r in hit} and {r.kind for r in hit} <= {"expenses", "theme"}:
        general = False  # "ce coût, c'est finançable ?" (for "notre projet axe 2") asks about the cost, not about every
        # criterion of the project: the others are not listed as still to check
    if not hit:
        return None
    seat_asked = bool(re.search(r"\bsiege\b|\bhead ?office\b|\bbased\b", folded)) and any(
        r.kind == "seat" and r.status != "pass" for r in hit)  # "et si notre siège est à Albi ?": the seat's condition
    if {r.kind for r in hit} <= {"territory", "seat"} and not any(r.status == "fail" for r in hit) and not seat_asked and (
            not _APPLYING.search(folded) or _NEEDED.search(folded)):
        # "un job d'été dans un camping à <commune>, vous avez des offres ?" asks nothing of applying; "la rencontre
        # du 2 mars à <commune>, elle est obligatoire ?" asks whether something is required, not where
        return None
    if {r.kind for r in hit} <= {"territory", "seat"} and not any(r.status == "fail" for r in hit):
        # "un projet de micro-crèche à <commune>, c'est finançable ?": the place alone never makes a "yes"; a subject
        # the call never speaks of is out of its scope
        subject = _SUBJECT.search(folded)
        stems = set(tokens(subject.group(1))) - e._generic if subject else set()
        if any(len(t) >= 4 and t not in e._call_vocabulary for t in stems) and named:
            return e._out_of_scope(lang)
    # who and where are often the question's context ("notre asso", "à <commune>"), not what it asks: a question
    # clearly about another rule of the call is answered by that rule
    context_only = {r.kind for r in hit} <= {"applicant", "territory"}
    hit_rules = {con.rule for con in e.spec.effective_constraints() if con.id in {r.id for r in hit}}
    other_topic = bool(matches) and matches[0].score >= 5 and matches[0].target.id not in hit_rules
    # "et une entreprise d'insertion ?" after "Une association peut candidater ?": the earlier ask's framing carries
    can_apply = bool(_CAN_APPLY.search(folded) or (follow_up and _CAN_APPLY.search(fold(turns[-1].question))))
    barred = can_apply and any(r.kind == "applicant" and r.status == "fail" for r in hit)  # "le CCAS peut-il porter…"
    # "Le CIAS … peut-il porter un projet d'accompagnement (axe 2) ?": the structure is what is asked, not context
    asked_who = bool(profile.structure.type and _WHO_MAY.search(folded) and any(r.kind == "applicant" for r in hit))
    if context_only and not general and not barred and not asked_who and (other_topic or not can_apply):
        # unless a fact the question states breaks a rule of the call ("mon fils a 17 ans" and "réservés aux personnes
        # âgées d'au moins 18 ans"): that is what decides
        broken = [r for r in unweighed_facts(e.a, question, profile, [ci.quote for r in hit for ci in r.citations])
                  if r.status == "fail"] if can_apply else []
        if not broken:
            return None
        hit += broken
    if not any(r.status == "fail" for r in hit):  # a figure no constraint weighed, on which the call has a rule
        hit += [r for r in figures if r.status not in ("pass", "fail")] if figures is not None else unchecked(  # (read once, above: the rest)
            e.a, question, profile, e._generic | e._common_words, lang,  # a count weighed "9 places au plus", not "30 % du
            [ci.quote for r in hit if r.kind != "count" for ci in r.citations], {r.kind for r in hit})  # budget"
    if not any(r.status == "fail" for r in hit):  # a fact stated that no constraint of the call could weigh
        hit += unweighed_facts(e.a, question, profile, [ci.quote for r in hit for ci in r.citations])
    if not any(r.status == "fail" for r in hit):  # a rule on what the question names, unread: said broken, or the last doubt
        # (a theme's passing check quotes its whole section: the rules written inside it are not weighed by it)
        unread = unweighed_requirements(e.a, question, [ci.quote for r in hit for ci in (r.citations[:1] if r.kind == "theme" else r.citations)],
                                        e._generic | e._common_words, place_words(named))
        hit += [r for r in unread if r.status == "fail" or not any(x.status in ("unknown", "warn") for x in hit)]
    if not any(r.status in ("fail", "unknown", "warn") for r in hit) and asks_spending(folded) and {r.kind for r in hit} <= {
            "territory", "seat", "applicant", "theme"}:
        return None  # "… 1 500 € par maman : on peut le faire prendre en charge ?": no check weighed the cost it asks about
    if {r.kind for r in hit} <= {"territory", "seat", "applicant", "theme"} and all(r.status == "pass" for r in hit) and re.search(
            r"\d", folded) and _BOUND_CLAIM.search(asked_last):
        # "le plancher c'est 20 000 €, donc pas plus de 20 000 € pour notre projet à <commune>, c'est ça ?", "on atteint
        # bien les 10 places minimum ?": the place alone never makes a "yes" to a bound the applicant reads
        return None
    if _ASKS_CASE.search(asked_last) and not any(r.kind in ("theme", "expenses", "reserved") or r.status == "fail" for r in hit):
        # "on fait de la garde de nuit chez des personnes âgées : ça rentre dans l'axe 1 « garde en horaires atypiques » ?":
        # whether the project fits the case it names, which no check weighed; who and where never make that "yes"
        return None
    if any(r.kind == "applicant" and r.status == "fail" for r in hit):  # "un camping … peut-il être porteur ?": its other part
        hit += other_role(e.a, translate_en(question) if lang == "en" else question, e._common_stems, place_words(named))
    c = Composer(e.spec)
    others = [r for r in results if r not in hit]
    text, verdict = verdict_text(hit, others, lang, c.ref, general)
    c.add(text)
    closed = closed_note(e, c, lang)
    if closed:
        c.add(closed)
    rule_ids = sorted({ci.rule_id for ci in c.citations if ci.rule_id})
    # the rule the question is about, when one of the reasons rests on it, gives the call's details
    if matches and matches[0].target.kind == "rule" and matches[0].score >= 5:
        best = e.spec.rule(matches[0].target.id)
        quoted = {ci.quote for r in hit for ci in r.citations}
        if any(squash(q) in quoted for q in best.quotes):
            # (of a whole part of the call, the axes' 28 lines, those that hold the question's words)
            c.add(c.rule_text(best, lang) if len(best.quotes) <= _DETAILS_MAX else c.focused_rule_text(
                best, lang, [content_stems(ask.text, e._generic) - e._own_words(best.id) for ask in asks] or
                content_stems(question, e._generic), said=question))
    # the other asks of the message, answered in order after the verdict
    for ask in asks:
        if ask.yes_no:
            continue
        m = e.router.score(e.router.normalise(ask.text))
        if m and not e._weak(m) and m[0].target.kind == "rule" and m[0].target.id not in rule_ids:
            c.add(c.rule_text(e.spec.rule(m[0].target.id), lang))
            rule_ids.append(m[0].target.id)
    return Answer(kind="answer", answer=c.text(), citations=c.citations, language=lang, origin="eligibility",
                  rule_ids=rule_ids, verdict=verdict)


# an applicant reading a bound of the call ("on atteint bien les 10 places minimum demandées ?")
_BOUND_CLAIM = re.compile(r"\b(?:minimum|maximum|minimale?s?|maximale?s?|plancher|plafond|au moins|au plus|pas plus|pas moins|"
                          r"c'est (?:ca|bien)|n'est-ce pas)\b")

# whether a project fits a case of the call it names ("ça rentre dans l'axe 1 ?"; "on peut candidater sur l'axe 2 ?" asks
# who may apply, which who and where answer)
_ASKS_CASE = re.compile(r"\b(?:rentre\w*|entre\w*|releve\w*|inscri\w*|fits?|falls?)"
                        r" (?:dans|sur|en|au titre de|under|in|into) (?:l'|le |la )?(?:axe|lot|volet|mesure|axis|strand)\b")

_DETAILS_MAX = 10  # the most lines of a rule quoted after a verdict as its details


def fails_beyond_place(e: AnswerEngine, question: str, turns: list[Turn]) -> bool:
    """Whether a can-we question that names places breaks a rule of the call other than where ("deux dossiers sur
    l'axe 1, un pour <commune> et un pour <commune>, c'est bon ?" and "… deux dossiers, à condition qu'ils relèvent de
    deux axes différents"): the verdict route answers it, not the territory's list."""
    follow_up = bool(turns and _FOLLOW_UP.search(fold(question)))
    said = f"{turns[-1].question} {question}" if follow_up else question
    if any(r.status == "fail" for r in count_checks(e.a, said, [])):
        return True
    try:
        results = evaluate(e._facts(question), e.spec, e.a.territory)
    except AssistantError:
        return False
    return any(r.status == "fail" and r.kind not in ("territory", "seat", "theme", "deadline") for r in results)


def closed_note(e: AnswerEngine, c: Composer, lang: str) -> str:
    """The call's closed status, with the deadline's quote, when today is past the deadline."""
    deadline, today = e.spec.dates.deadline, e.a.as_of
    if today <= deadline:
        return ""
    rule = e.spec.answering.deadline_rule
    refs = c.quote_refs(rule, lang) if rule in e._rule_ids() else ""
    return msg("verdict.closed", lang, deadline=format_date(deadline, lang), refs=refs, today=format_date(today, lang))
