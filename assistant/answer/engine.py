"""Answering a question: route it, compose a cited answer from the call's rules, check its grounding.

Order of routes: empty → clarify; an answer validated by the dialogue team; a described project → the eligibility
checker; a place → the territory; a rule of the call; a topic the call does not settle → not_in_call; anything
else about the call → not_in_call; the rest → out_of_scope. Every answer passes the grounding check before it
leaves: a figure absent from the quotes makes it fall back to the quotes themselves.
"""

from __future__ import annotations

import logging
import re
from functools import cached_property
from typing import TYPE_CHECKING

from ..calls.spec import CallSpec
from .router import Match, Router, detect_language
from ..textnorm import fold, hypernyms, lexicon, stop_words, tokens, words
from .composing import Composer, _history_turns, case_of_follow_up, figure_of_follow_up, joined
from ..facts import call_words, read_facts
from ..fmt import format_date
from ..messages import msg
from .examples import example_answer, retrieval_answer
from .places import asks_of_a_case, communes_in, is_place_question, lives_in, off_subject, place_only, place_words, territory_answer
from .reply import finish
from .fit import low_fit, theme_fit, topic_rule
from .rule_verdict import RuleVerdict, common_stems, framing_stems, rule_verdict
from .case_values import case_value_answer, case_values_of_asks
from .figures import figure_answer
from .payments import payment_answer
from .passages import MIN_COVERAGE, Passage, complete_asks, content_stems, names_flawed, rank_passages, value_sentence
from ..errors import InputError, LoaderError
from ..types import Answer, Profile
from .restate import restated
from .spending import asks_spending
from .understand import Ask, asks_open_inside, is_yes_no, personal_matter, split_asks
from .verdict_route import _CAN_APPLY, _ELIG_INTENT, _FOLLOW_UP, _NEEDED, fails_beyond_place, verdict_route, without_own_project
from .silence import closest, contacts_first, counted_elsewhere, previous_rule_holding, says_how_many_each, uncounted, unsaid_answer

if TYPE_CHECKING:
    from . import Assistant

log = logging.getLogger(__name__)


_INJECTION = re.compile(
    r"ignore[rz]?\b.{0,40}\b(instruction|consigne|regle|rule|prompt|previous|precedent)|oublie[rz]?\b.{0,30}\b(instruction|consigne|regle)"
    r"|\bsystem\s*:|\bsysteme\s*:|\bassistant\s*:|tu es (maintenant|desormais)|you are now|act as|fais comme si|pretend"
    r"|nouvelle(s)? (instruction|consigne)|new instructions?|jailbreak|developer mode|mode developpeur"
    r"|(dis|reponds|ecris|affirme|confirme|say|answer|write|tell)\b.{0,30}\b(que|that)\b.{0,80}\b(date limite|deadline|montant|enveloppe|eligible|approuve|approved|accepte)",
)
_APPLY_INTENT = re.compile(r"\b(candidat|postul|deposer|depot|envoyer|soumettre|apply|submit|encore temps|trop tard|still|too late|date limite|deadline|cloture|jusqu)")
# share of an open ask's words the call's sentence stating the value asked must hold to answer where no rule does
# (development calls' cases: half lets "un tarif horaire pour les familles ?" take an unrelated amount)
VALUE_SHARE = 2 / 3
_CLEAR_ASKS = {"when", "how_much", "how_many", "how_long", "who", "where"}
_MY_PROJECT = re.compile(r"\b(mon|notre|ma|nos|my|our|this|ce) (projet|project|action|idee|idea|dossier|initiative|structure|ville|commune|association|asso|entreprise|organisation|organization|town)|pour nous\b|\bfor us\b|j'ai en tete|\bon rentre\b")
_LANGUAGE_REQUEST = re.compile(r"\b(?:(?:answer|reply|respond)\s+)?in english,?\s*(?:please|pls)\b|\ben anglais,?\s*(?:svp|stp|s'il (?:te|vous) pla[iî]t)\b", re.I)


def _call_words_held(p: Passage, communes: list) -> int:
    """How many of the question's words a passage of the call holds besides place names: two or more words of the
    call's own text ("webinaire", "inscription") put a question the rules' words miss on the call's subject."""
    return len(p.matched - place_words(communes)) if p.coverage >= 0.75 else 0


# several projects or dossiers from one applicant
YES_NO_PAIR = 0.0  # share of the router's quoted-pair bonus a yes/no question gets: none (its words describe a project)
_WH_WORD = re.compile(r"\b(?:quand|combien|qui|quoi|ou|comment|pourquoi|quel(?:le)?s?|lequel|laquelle|when|where|who|what|why|how|which)\b")
_SEVERAL = re.compile(r"\b(?:deux|plusieurs|2|trois|3|several|two|multiple)\s+(?:\w+\s+)?(?:projets|dossiers|candidatures|projects|applications)\b")


# a pronoun standing for what the earlier turn spoke of ("d'y aller", "y participer", "l'envoyer", "le faire")
_ANAPHORA = re.compile(r"\b(?:d'y|y (?:aller|participer|assister|etre|inscrire)|l'(?:envoyer|deposer|faire|remplir|signer|joindre)"
                       r"|le (?:faire|remplir|signer|joindre|deposer|envoyer)|la (?:remplir|signer|joindre|deposer|envoyer))\b")


class AnswerEngine:
    """The question-answering core behind Assistant.ask."""

    def __init__(self, assistant: Assistant) -> None:
        self.a = assistant
        self.spec: CallSpec = assistant.spec
        self.settings = assistant.settings
        self.router = Router(self.spec)

    def rule_quotes(self, query: str) -> list[str]:
        """Verbatim quotes of the rule a query is clearly about (to rank its passages first), else []."""
        matches = self.router.score(self.router.normalise(query))
        if self._weak(matches) or matches[0].target.kind != "rule":
            return []
        return list(self.spec.rule(matches[0].target.id).quotes)

    # ------------------------------------------------------------------ entry point
    def ask(self, question: str, history: list | None = None) -> Answer:
        """Answer one question (never raises on bad input: returns a clarify answer instead)."""
        question = question if isinstance(question, str) else str(question or "")
        notes: list[str] = []
        if not question.strip():
            return self._empty(question)
        limit = self.settings.max_question_chars
        if len(question) > limit:
            question = question[:limit]
            notes.append(f"too_long:{limit}")
        question = re.sub(r"<!--.*?-->|<[^>]{1,200}>", " ", question, flags=re.S)
        if not question.strip():
            return self._empty(question)
        lang = detect_language(question)
        from ..ui_chat import small_talk

        talk = small_talk(question)
        if talk is not None:  # "Bonjour", "merci !": answered as such, never with the previous answer
            return self._finish(Answer(kind="clarify", origin="system", language=lang if lang in ("fr", "en") else "fr",
                                       answer=msg(f"answer.small_talk.{talk}", lang if lang == "en" else "fr",
                                                  call=self.spec.name or self.spec.title),
                                       follow_ups=self._follow_ups([], lang if lang == "en" else "fr")), question)
        other_lang = None
        if lang not in ("fr", "en"):
            other_lang, lang = lang, "fr"
        injected = bool(_INJECTION.search(fold(question)))
        question = case_of_follow_up(question, _history_turns(history))  # "Et pour le C ?": the volet C
        question = figure_of_follow_up(question, history)  # "dans ces 30 % ?": the share the earlier answer named
        try:
            answer = self._route(question, lang, history, injected)
        except (InputError, LoaderError):
            raise
        except Exception:  # a fault of the assistant's own is said as such, never shown as a traceback
            log.exception("answering failed: %r", question[:200])
            answer = self._failed(lang)
        answer = unsaid_answer(self, answer, question, lang, history)
        if answer.verdict is None and answer.kind == "not_in_call":
            # "L'appel ne précise pas …" is its first sentence, whatever the form of the question
            answer.verdict = "unknown"
        if injected:
            answer.notes.append("injection_ignored")
            answer.answer += "\n\n" + msg("answer.injection", lang)
        if other_lang:
            answer.notes.append(f"language:{other_lang}")
            answer.answer = msg("answer.other_language", "fr") + "\n\n" + answer.answer
        if notes:
            answer.notes += notes
            answer.answer = msg("answer.too_long", lang) + "\n\n" + answer.answer
        # what the applicant said in the turns a follow-up leans on is said too ("1er septembre 2027", then "et sur 18 mois ?")
        said = " ".join([*(t.question for t in _history_turns(history)[-2:]), question])
        return self._finish(answer, said)

    def _axis_as_context(self, matches: list[Match], intent: str | None) -> list[Match]:
        """An axis named by its title says which case a question is about, not what it asks ("l'enveloppe de l'axe garde
        d'enfants ?", "à qui s'adresser pour l'axe 2 ?"): when only the title's words make the themes' rule the best
        match, another rule the question matches well, or the contacts for a "who", comes first."""
        themes = {str(t.get("rule")) for t in call_words(self.spec).themes.values() if t.get("rule")}
        if not matches or matches[0].target.kind != "rule" or matches[0].target.id not in themes:
            return matches
        titles = {t for th in call_words(self.spec).themes.values() for t in tokens(str((th.get("label") or {}).get("fr", "")))}
        if not matches[0].matched <= titles | self._generic | set(tokens("axe axes lot volet")):
            return matches
        other = next((m for m in matches[1:] if m.target.kind == "rule" and m.target.id not in themes and m.score >= 5), None)
        if other is None and intent in ("who", "contact") and self.spec.contacts_rule:
            other = next((m for m in self.router.score("contact " + " ".join(sorted(matches[0].matched))) if
                          m.target.kind == "rule" and m.target.id == self.spec.contacts_rule), None)
        return [other, *[m for m in matches if m is not other]] if other is not None else matches

    def _empty(self, question: str) -> Answer:
        return self._finish(Answer(kind="clarify", origin="system", answer=msg("answer.empty", "fr")), question)

    # ------------------------------------------------------------------ routes
    def _route(self, question: str, lang: str, history: list | None, injected: bool) -> Answer:
        question = _LANGUAGE_REQUEST.sub(" ", question)
        norm = self.router.normalise(question)
        folded = fold(question)
        turns = _history_turns(history)
        again = restated(question, turns, call_words(self.spec).type_words,
                         lambda text: communes_in(lambda: self.a.territory, text, self._common_words), self._generic)
        if again is not None:  # "et pour l'axe 3 ?" after "combien de mois pour l'axe 2 ?": that question, for axis 3
            question, turns = again, turns[:-1]
            norm, folded = self.router.normalise(question), fold(question)

        banked = self._from_bank(question, lang)
        if banked is not None:
            return banked

        asks = split_asks(question)
        intent = asks[0].intent if len(asks) == 1 else None
        # (a yes/no question describes a project in words of its own: a term of the call's quotes weighs less)
        matches = self.router.score(norm, intent, quoted=YES_NO_PAIR if any(a.yes_no for a in asks) else 1.0)
        if len(asks) == 1 and not turns:
            matches = self._asked_clause_first(asks[0], matches, intent)
        if self._off_topic(folded) and (not matches or matches[0].score < 8) or not turns and personal_matter(folded):
            return self._out_of_scope(lang)
        if any(a.intent == "example" for a in asks) or names_flawed(self.a, folded, strict=True) is not None:
            example = example_answer(self.a, question, folded, lang, self._generic | self._example_words)
            if example is not None:
                return example
        paid = payment_answer(self.spec, question, lang) if len(asks) == 1 else None
        if paid is None and turns and _FOLLOW_UP.search(folded):  # "et pour 15 000 € ?" after how 30 000 € is paid
            paid = payment_answer(self.spec, question, lang, frame=turns[-1].question)
        if paid is not None:  # "on a eu 45 000 €, l'avance ça fera combien ?": each tranche applied to that amount
            return paid
        if len(asks) == 1 and not turns:  # "Le plafond de 180 €, c'est le plafond par projet ?": where the call writes it
            read_back = figure_answer(self, question, lang, asks[0].yes_no)
            if read_back is not None:
                return read_back
        if len(asks) == 1 and not asks[0].yes_no:  # "budget annuel 180 000 €, quel taux maximum ?": the applicant's own row
            own = case_value_answer(self, question, lang, frame=turns[-1].question if turns and _FOLLOW_UP.search(folded) else "")
            if own is not None:
                return own
        if len(asks) == 1 and asks[0].yes_no and _SEVERAL.search(folded) and not says_how_many_each(self.spec.call_doc.text):
            # "une même asso peut déposer deux projets ?": the call checks who and where, not how many each may send
            return self._not_in_call(None, lang)
        verdict = None if injected else verdict_route(self, question, folded, lang, asks, turns, matches)
        if verdict is not None:
            return self._with_open_asks(verdict, asks, lang, folded, question)
        matches = self._axis_as_context(matches, intent)
        matches = contacts_first(self, matches, intent, question)
        communes = communes_in(lambda: self.a.territory, question, self._common_words)
        if communes and off_subject(folded, norm, communes, self._generic, self._call_vocabulary,
                                    framed=bool(_CAN_APPLY.search(folded) or _ELIG_INTENT.search(folded)), question=question):
            return self._out_of_scope(lang)  # a place name never decides the route alone
        if communes and matches:
            # a town's name matching a rule's keywords says nothing of what is asked ("la piscine de <commune>")
            names = place_words(communes)
            if matches[0].matched <= names | self._generic:
                norm = " ".join(w for w in norm.split() if not set(tokens(w)) & names)
                matches = self.router.score(norm, intent) if norm.strip() else []
        place_matches = matches
        if turns and self._weak(matches) and intent in ("who", "when", "how_much", "how_many", "how_long", "contact", "how"):
            # "et pour le secteur de <commune>, c'est qui ?" asks the previous turn's question again, for that place
            place_matches = self.router.score(self.router.normalise(turns[-1].question) + " " + norm, intent)
        if communes and not _NEEDED.search(folded) and not asks_spending(folded) and not lives_in(question, communes) and not asks_of_a_case(question, communes) and is_place_question(self.spec, self.router, folded, norm, place_matches, communes, self._generic,
                                                intent) and not (is_yes_no(folded) and fails_beyond_place(self, question, turns)):
            rest = set(tokens(norm)) - place_words(communes) - self._generic
            return territory_answer(self.spec, communes, lang, yes_no=is_yes_no(folded) or bool(turns and _FOLLOW_UP.search(folded)),
                                    project=len(rest) >= 4 and not place_only(folded))

        # follow-up questions lean on the previous turn ("C'est obligatoire d'y aller ?": "y" is the earlier turn's subject)
        anaphoric = bool(turns and _ANAPHORA.search(folded) and len(set(tokens(norm)) - self._generic) <= 3)
        if turns and (self._weak(matches) or _FOLLOW_UP.search(folded) or anaphoric):
            prev = turns[-1]
            prev_norm = self.router.normalise(prev.question)
            if matches and not self.router.asks(norm):
                # "et les résultats ?" after "quand a lieu le jury ?": the follow-up inherits the interrogative
                cues = [lexicon()["asks"][k][0] for k in sorted(self.router.asks(prev_norm))]
                if cues:
                    matches = self.router.score(norm + " " + " ".join(cues))
            combined = self.router.score(prev_norm + " " + norm)
            kept = previous_rule_holding(self, question, prev, prev_norm, combined) if _FOLLOW_UP.search(folded) else None
            if kept is not None:  # "et le minimum ?" after the cap: the same rule, on the follow-up's own words
                matches = [kept] + [m for m in combined if m is not kept]
            elif anaphoric and combined and not self._weak(combined):
                matches = combined
            elif self._weak(matches) and combined and not self._weak(combined):
                matches = combined
            elif (_FOLLOW_UP.search(folded) and combined and matches and combined[0].target.kind == "nic"
                  and combined[0].score > matches[0].score):
                matches = combined  # "et par projet, c'est combien ?" after the envelope: the topic the call leaves open
            elif combined and len(matches) > 1 and matches[1].score >= matches[0].score:
                # "et qui en fait partie ?" ties on a common word: the previous turn's topic breaks the tie
                on_topic = {m.target.id: m.score for m in combined}
                tied = [m for m in matches if m.score >= matches[0].score]
                pick = max(tied, key=lambda m: on_topic.get(m.target.id, 0.0))
                matches = [pick] + [m for m in matches if m is not pick]
            elif prev.rule_ids and not matches:
                matches = self.router.score(prev_norm)

        open_topic = self._open_topic(matches, asks)
        if open_topic is not None:  # "on peut faire un recours ?": a word the call never uses, on a topic it leaves open
            return self._not_in_call(open_topic, lang, question=question)
        if injected and self._weak(matches):
            return self._out_of_scope(lang)
        if not tokens(norm) and self._weak(matches):
            return self._clarify(lang, folded)
        if _MY_PROJECT.search(folded) and len(set(tokens(norm)) - self._generic) <= 1 and (
                self._weak(matches) or not (({intent} | self.router.asks(norm)) & _CLEAR_ASKS & matches[0].target.asks)):
            # "notre projet, il est éligible ?" says too little; "quand saura-t-on si notre projet est retenu ?" asks a date
            return self._clarify(lang, folded)
        if not matches or self._weak(matches):
            overlap = self.router.domain_overlap(norm)
            if _ELIG_INTENT.search(folded) or self._vague(norm):
                if overlap or _ELIG_INTENT.search(folded):
                    return self._clarify(lang, folded)
            found = rank_passages(self.a, question, ["call"], ignore=self._generic)
            if found and found[0].coverage >= MIN_COVERAGE and (
                    overlap >= 1 or not self.spec.rules or _call_words_held(found[0], communes) >= 2):
                return retrieval_answer(self.spec, found, lang, self._value_lead(asks, lang))
            lead = self._value_lead(asks, lang, share=VALUE_SHARE)
            if lead is not None:  # "combien de temps garder les justificatifs ?": the sentence that states how long
                return retrieval_answer(self.spec, [], lang, lead)
            if overlap >= 1 and matches:
                return self._not_in_call(None, lang, related=self._related(question, matches))
            if overlap >= 2 or (found and found[0].coverage >= 0.5 and not injected):
                return self._not_in_call(None, lang)
            return self._out_of_scope(lang)
        best = matches[0]
        if len(asks) > 1:
            by_case = case_values_of_asks(self, question, asks, lang)
            if by_case is not None:  # "Volet A : l'aide minimum et maximum, et ça dure combien ?": that volet's values
                return by_case
            per_ask = self._per_ask_rules(asks)
            if len(per_ask) > 1:
                return self._rules_answer(list(per_ask), lang, folded, focus=per_ask, asked=question)
        if best.target.kind == "nic":
            return self._not_in_call(best.target.id, lang, question=question)
        topic = topic_rule(self.router, question, matches) if len(asks) == 1 else None
        if topic is not None:  # "La réunion, elle est obligatoire pour le jury ?": the phrase put first is the subject
            answer = self._rules_answer([topic.target.id], lang, folded, question, asked=question)
            if len(asks) == 1 and not turns and uncounted(folded, answer):
                return counted_elsewhere(self, question, folded, lang) or self._not_in_call(None, lang)
            return answer
        chosen = [best]
        for m in matches[1:3]:
            own = sum(self.router.idf.get(x, 0.0) for x in m.matched - best.matched)
            if m.target.kind == "rule" and m.score >= 0.8 * best.score and own >= 1.5:
                chosen.append(m)
                break
        ids = [m.target.id for m in chosen]
        # a rule found by a word or two: a quote of another rule may name what is asked (a strong match keeps its rule)
        other = self._quote_rule(question, ids, best.matched, strong=best.score >= 6, intent=intent) if len(asks) == 1 else None
        answer = self._rules_answer([other] if other else ids, lang, folded, question if len(asks) == 1 else None,
                                    focus=question, asked=question)
        if len(asks) == 1 and not turns and uncounted(folded, answer):
            # "combien de projets seront retenus ?" and no figure of projects quoted: another rule's line, or silence
            return counted_elsewhere(self, question, folded, lang) or self._not_in_call(None, lang)
        if answer.verdict is None and len(asks) == 1 and not turns and low_fit(
                self.spec, self.router, closest(self, question, matches), norm, folded, self._generic, self._call_vocabulary):
            # the rule shares a word or two with the question but not what it asks: the call's own passages, or silence
            found = rank_passages(self.a, question, ["call"], ignore=self._generic)
            if found and found[0].coverage >= MIN_COVERAGE:
                return retrieval_answer(self.spec, found, lang, self._value_lead(asks, lang))
            # what is asked is a word the call never uses ("un recours", "de minimis") beside one it does: it is silent
            # on it, and says what it does say of the other ("le bilan comptable ?": the bilan it asks for)
            return self._not_in_call(None, lang, related=self._related(question, matches))
        return answer

    def _asked_clause_first(self, ask: Ask, matches: list, intent: str | None) -> list:
        """An open ask whose last clause holds its wh-word after clauses that state the context ("On a déposé avant la
        date limite, on aura la réponse quand ?"): when the best rule was found by the context's words only, the rule
        the asked clause finds comes first."""
        if ask.yes_no or not matches:
            return matches
        clauses = [c for c in re.split(r"[,;:.]\s+", ask.text.rstrip(" ?")) if c.strip()]
        if len(clauses) < 2 or not _WH_WORD.search(fold(clauses[-1])) or any(_WH_WORD.search(fold(c)) for c in clauses[:-1]):
            return matches
        if any(re.match(r"\W*(?:si|s'il|s'ils|en cas|lorsqu|quand|if|when|in case)\b", fold(c)) for c in clauses[:-1]):
            return matches  # "Si la plateforme est en panne le jour de la date limite, on fait comment ?": a case, not context
        asked = self.router.normalise(clauses[-1])
        own = set(tokens(asked))
        if len(matches[0].matched & own) * 2 >= len(matches[0].matched):
            return matches  # (found by the asked clause's words at least as much as by the context's)
        found = self.router.score(asked, intent)
        if not found or self._weak(found) or found[0].target.kind != "rule" or found[0].target.id == matches[0].target.id:
            return matches
        if not any(len(x) >= 4 for x in found[0].matched - self._generic):
            return matches  # ("…, on fait comment ?" names nothing)
        return [found[0]] + [m for m in matches if m.target.id != found[0].target.id]

    def _value_lead(self, asks: list[Ask], lang: str, share: float = 0.5):
        """The call's sentence stating the value a single open ask expects, to lead passages that state none."""
        return value_sentence(self.a, asks[0], self._generic, share=share) if len(asks) == 1 and lang == "fr" else None

    def _with_open_asks(self, verdict: Answer, asks: list[Ask], lang: str, folded: str, question: str) -> Answer:
        """A verdict on the can-we ask of a message, then what the call says on its open asks ("Si on oublie une
        pièce, on a combien de temps pour compléter ? Et le budget on peut l'envoyer juste en PDF ?"), each by its rule."""
        open_asks = [x for x in asks if not x.yes_no and x.intent not in ("yes_no", "other")]
        if len(asks) < 2 or not open_asks or verdict.kind != "answer" or verdict.verdict is None:
            return verdict
        extra = []
        for ask in open_asks[:2]:  # each as it would be answered alone
            alone = self._route(ask.text, lang, None, False)
            quoted = {c.quote for c in verdict.citations}
            if alone.kind == "answer" and alone.verdict is None and any(c.quote not in quoted for c in alone.citations):
                extra.append(alone)
        if not extra:
            return verdict
        both = joined(self.spec, [verdict, *extra])
        both.verdict, both.origin, both.follow_ups = verdict.verdict, verdict.origin, verdict.follow_ups
        return both

    def _per_ask_rules(self, asks: list[Ask]) -> dict[str, str]:
        """The best rule for each ask of a multi-part message, in order, with the ask's text (a short fragment leans on
        the ask before)."""
        out: dict[str, str] = {}
        prev = ""
        for ask in asks:
            norm = self.router.normalise(ask.text)
            m = self.router.score(norm, ask.intent)
            if self._weak(m) and prev:
                m = self.router.score(norm + " " + prev, ask.intent)
            if m and not self._weak(m) and m[0].target.kind == "rule" and m[0].target.id in out:
                # "d'où vient l'argent, et c'est combien ?": the fragment asks something else of the same subject
                same = m[0].target.id
                m = [x for x in m if x.target.kind == "rule" and x.target.id not in out and ask.intent in x.target.asks]
                if not m or self._weak(m):  # "combien de pages max, et quelle taille max par fichier ?": the same rule
                    out[same] += " " + ask.text  # answers both, its quotes picked for both asks
            if m and not self._weak(m) and m[0].target.kind == "rule" and m[0].target.id not in out:
                out[m[0].target.id] = ask.text
            prev = norm
        return dict(list(out.items())[:3])

    @cached_property
    def _generic(self) -> set[str]:
        return set(tokens(" ".join(lexicon()["generic_project_words"])))

    @cached_property
    def _common_words(self) -> set[str]:
        """Ordinary words that are also commune names somewhere in France (Jury, This, Ligné...)."""
        kw = {w for r in self.spec.rules for k in r.keywords for w in words(str(k))}
        kw |= {w for t in self.spec.not_in_call for k in t.keywords for w in words(str(k))}
        basin_names = {w for w in words(self.spec.territory.name) if len(w) > 3}
        return (kw - basin_names) | set(stop_words()) | set(lexicon()["hints_en"]) | set(lexicon()["glossary_en_fr"])

    def _off_topic(self, folded: str) -> bool:
        """A marker of a question about no call ("recette", "météo"), unless the call itself speaks of it (a call on
        seasonal jobs names restaurants and campings: "un restaurant peut-il être partenaire ?" is about the call)."""
        def phrase(text: str) -> str:
            return f" {' '.join(words(text))} "

        def call_uses(marker: str) -> bool:  # a phrase word for word, a word by its stem
            return phrase(marker) in self._call_words_text if " " in marker else set(tokens(marker)) <= self._call_vocabulary

        t = phrase(folded)
        return any(phrase(m) in t and not call_uses(m) for m in lexicon()["off_topic"]) or any(
            phrase(m) in t for m in self.spec.off_topic)

    @staticmethod
    def _weak(matches: list[Match]) -> bool:
        return not matches or matches[0].score < 2.2

    def _vague(self, norm: str) -> bool:
        return len(tokens(norm)) <= 1

    # ------------------------------------------------------------------ answer bank
    def _from_bank(self, question: str, lang: str) -> Answer | None:
        try:
            entry = self.a.bank.find_approved(question)
        except Exception as exc:  # the bank is optional: never let it break an answer
            log.warning("answer bank unavailable: %s", exc)
            return None
        if entry is None:
            return None
        label = msg("answer.banked_label", lang)
        return Answer(
            kind="answer",
            answer=f"**{label}**\n\n{entry.answer}" + (
                "\n\n" + msg("answer.banked_from", lang, question=entry.question) if getattr(entry, "question", "") else ""),
            citations=list(entry.citations),
            language=lang,
            origin="answerbank",
            rule_ids=sorted({c.rule_id for c in entry.citations if c.rule_id}),
        )

    @cached_property
    def _example_words(self) -> set[str]:
        return set(tokens("exemple exemples example examples modele type inspirer montrer montrez dossier rediger ecrire presenter show sample"))

    # ------------------------------------------------------------------ verdicts
    def _facts(self, text: str) -> Profile:
        profile, _ = read_facts(text, self.spec, self.a.territory, reference=self.spec.dates.deadline, strict=True,
                                as_of=self.a.as_of)
        return profile

    # ------------------------------------------------------------------ rules
    def _rules_answer(self, rule_ids: list[str], lang: str, folded: str, question: str | None = None,
                      focus: str | dict[str, str] | None = None, asked: str | None = None) -> Answer:
        c = Composer(self.spec)
        verdict = None
        if question and is_yes_no(folded) and not asks_open_inside(folded):  # "Est-ce versé en une seule fois ?"
            quotes = self.spec.rule(rule_ids[0]).quotes
            rv = rule_verdict(question, quotes, self._call_vocabulary, self.spec.calendar, common=self._common_stems,
                              headings={ci.quote: ci.locator for ci in self.spec.rule_citations(rule_ids[0])})
            fits = bool(_ELIG_INTENT.search(without_own_project(folded)))
            if rv is None and theme_fit(self.spec, self.router, rule_ids[0], folded, fits):
                rv = RuleVerdict("yes", [])  # "un projet pour <an example of the theme>, ça rentre ?"
            if rv:
                verdict = rv.verdict
                c.add(msg(f"verdict.rule_{rv.verdict}", lang))
        focus = focus or question  # the question, or each rule's own ask in a multi-part message
        for rid in rule_ids:
            text = focus.get(rid, "") if isinstance(focus, dict) else focus
            own = self._own_words(rid)
            stems = [content_stems(ask.text, self._generic) - own for ask in split_asks(text)] if text else []
            settling = rv.settling if verdict and rid == rule_ids[0] else []
            before = len(c.citations)
            text = c.focused_rule_text(self.spec.rule(rid), lang, stems, settling, said=text or question)
            if c.parts and len(c.citations) == before and text in c.parts:
                continue  # two asks answered by the same sentence: it is quoted once
            c.add(text)
        if verdict and rv.extra_quotes:
            c.add(msg("verdict.rule_other_date", lang, quotes=" ".join(f"« {q} » [{c.ref(self.spec.cite(q))}]" for q in rv.extra_quotes)))
        if asked and all(rid in self._drafted_ids for rid in rule_ids):
            found_by = set().union(*(self._own_words(rid) for rid in rule_ids))
            complete_asks(self.a, c, asked, lang, self._generic, found_by, settled=verdict is not None)
        status = self._status_note(c, rule_ids, lang, folded)
        if status:
            c.add(status)
        return Answer(kind="answer", answer=c.text(), citations=c.citations, language=lang, origin="rules", rule_ids=list(rule_ids),
                      follow_ups=self._follow_ups(rule_ids, lang), verdict=verdict)

    @cached_property
    def _drafted_ids(self) -> frozenset[str]:
        """The rules whose answer is their quotes in a row, as `ami new-call` drafts them (never a curated answer)."""
        from ..calls.drafting import quoted_answer

        return frozenset(r.id for r in self.spec.rules if r.answer.fr == quoted_answer(r.quotes, "fr"))

    def _own_words(self, rule_id: str) -> set[str]:
        """Stems of a rule's one-word keywords ("dates", "calendrier"): they found the rule, they do not pick a quote."""
        return {s for k in self.spec.rule(rule_id).keywords if len(str(k).split()) == 1 for s in tokens(str(k))}

    def _quote_rule(self, question: str, chosen: list[str], explained: set[str], strong: bool = False,
                    intent: str | None = None) -> str | None:
        """A drafted rule one of whose quotes holds more of the question's own words than any quote of the chosen
        drafted rules, one of them a word the chosen rule was not found by (`explained`): "le rapport d'étape, à quel
        moment ?" gets the payment that names it, not the calendar found by "étape"."""
        from .passages import quote_stems, shared_stems

        rules = {r.id: r for r in self.spec.rules}
        if not all(rid in self._drafted_ids for rid in chosen):
            return None
        stems = content_stems(question + " " + " ".join(hypernyms(question)), self._generic)
        # (a town the question names sets its case, it is not what is asked: "the maximum grant if we only run in <commune>")
        new = stems - explained - place_words(communes_in(lambda: self.a.territory, question, self._common_words))
        if not new:
            return None
        held = lambda r: max((len(shared_stems(stems, quote_stems(q))) for q in r.quotes  # noqa: E731
                              if shared_stems(new, quote_stems(q))), default=0)
        owners = lambda words: [r.id for r in self.spec.rules  # noqa: E731
                                if any(shared_stems(words, quote_stems(q)) for q in r.quotes)]
        have = max(held(rules[rid]) for rid in chosen)
        # (a rule that answers another kind of question than a clear one asked: "qui … à la CAF ?" is no amount)
        wanted = "who" if intent == "contact" else intent  # (a contact is asked with "qui")
        fits = lambda r: not (wanted in _CLEAR_ASKS and r.asks and wanted not in r.asks)  # noqa: E731
        best = max((r for r in self.spec.rules if r.id in self._drafted_ids and r.id not in chosen and fits(r)), key=held, default=None)
        score = held(best) if best is not None else 0
        if best is None or score <= have:
            return None
        if score >= 2 and (not strong or any(owners({s}) == [best.id] for s in new)):
            # a new word only that rule's quotes hold ("la plateforme en panne": submission, not the deadline)
            return best.id
        # one word, found in no other rule's quotes and in none of the chosen ones ("des travaux" ruled out by expenses)
        return best.id if have == 0 and not strong and owners(new) == [best.id] else None

    @cached_property
    def _common_stems(self) -> frozenset[str]:
        """The words the call uses all along (in one sentence of twenty or more)."""
        return common_stems(self.spec.call_doc.text)

    @cached_property
    def _call_words_text(self) -> str:
        """The call document's words, folded and space-padded (a phrase the call uses is found in it)."""
        return " " + " ".join(words(fold(self.spec.call_doc.text))) + " "

    @cached_property
    def _call_vocabulary(self) -> set[str]:
        """Stems of every word of the call document (a question's word the call never uses is phrasing, not a claim)."""
        return set(tokens(self.spec.call_doc.text))

    @cached_property
    def _rule_words(self) -> set[str]:
        """Stems of the words the call's rules are known by (keywords, example questions, titles)."""
        return {t for r in self.spec.rules for p in [*r.keywords, *r.questions, r.title.fr] for t in tokens(str(p))}

    @cached_property
    def _call_families(self) -> set[str]:
        """The first five letters of the call's stems of five letters or more: "habitent" and "habitant", one family."""
        return {t[:5] for t in self._call_vocabulary if len(t) >= 5}

    def _status_note(self, c: Composer, rule_ids: list[str], lang: str, folded: str) -> str:
        """Says the call is closed when the question is about applying and today is past the deadline."""
        deadline = self.spec.dates.deadline
        today = self.a.as_of
        deadline_rule = self.spec.answering.deadline_rule
        if today <= deadline or not (set(rule_ids) & set(self.spec.answering.status_rules) or _APPLY_INTENT.search(folded)):
            return ""
        if deadline_rule in rule_ids:
            return msg("verdict.closed_short", lang, today=format_date(today, lang))
        refs = c.quote_refs(deadline_rule, lang)
        return msg("verdict.closed", lang, deadline=format_date(deadline, lang), refs=refs, today=format_date(today, lang))

    def _rule_ids(self) -> set[str]:
        return {r.id for r in self.spec.rules}

    def _follow_ups(self, rule_ids: list[str], lang: str) -> list[str]:
        picks: list[str] = []
        for rid in self.spec.answering.follow_up_rules:
            if rid not in rule_ids and len(picks) < 3:
                qs = self.spec.rule(rid).questions
                if qs:
                    en = [q for q in qs if detect_language(q) == "en"]
                    picks.append((en[0] if en else qs[0]) if lang == "en" else qs[0])
        return picks

    # ------------------------------------------------------------------ not in call / out of scope / clarify
    def _contacts(self, c: Composer, lang: str) -> str:
        rule = self.spec.contacts_rule
        cites = self.spec.rule_citations(rule)
        emails = [q for q in self.spec.rule(rule).quotes if "@" in q and " " not in q.strip()]
        refs = "".join(f"[{c.ref(ci)}]" for ci in cites)
        closed = self.a.as_of > self.spec.dates.deadline
        quotes = self.spec.rule(rule).quotes
        if emails or not quotes:
            s = msg("answer.contacts", lang, contacts=(" and " if lang == "en" else " et ").join(emails), refs=refs)
        else:  # a call that names no address: who issues it, as it says so
            s = msg("answer.contacts_none", lang, quote=quotes[0].rstrip(" ."), refs=refs)
        return s + (msg("answer.contacts_closed", lang) if closed else "")

    def _related(self, question: str, matches: list[Match]) -> str | None:
        """The rule the question is closest to, when one of its quotes holds a telling word of the question (« le
        bilan comptable ? » and « sur présentation du bilan qualitatif et financier »): what the call does say."""
        asked = set(tokens(question)) - self._generic - framing_stems() - {t for t in tokens(question) if t[:5] in self._common_stems}
        for m in matches[:3]:
            if m.target.kind == "rule" and m.target.id != self.spec.contacts_rule and asked & set(
                    tokens(" ".join(self.spec.rule(m.target.id).quotes))):
                return m.target.id
        return None

    def _failed(self, lang: str) -> Answer:
        """What an applicant reads when the answer could not be built: that, and the call's contacts."""
        c = Composer(self.spec)
        c.add(msg("answer.failed", lang))
        c.add(self._contacts(c, lang))
        return Answer(kind="clarify", answer=c.text(), citations=c.citations, language=lang, origin="system",
                      rule_ids=[self.spec.contacts_rule], notes=["internal_error"])

    def _not_in_call(self, topic_id: str | None, lang: str, related: str | None = None, question: str = "") -> Answer:
        c = Composer(self.spec)
        rule_ids: list[str] = []
        if topic_id:
            t = next(t for t in self.spec.not_in_call if t.id == topic_id)
            c.add(msg("answer.nic_head", lang, label=t.label.get(lang)))
            for rid in t.related_rules[:1]:  # (a curated topic's related rule is given whole)
                text = self._said_of_topic(c, self.spec.rule(rid), lang, question if t.generic else "")
                if text:
                    rule_ids.append(rid)
                    c.add(msg("answer.nic_related", lang, text=text))
        elif related:
            c.add(msg("answer.silent_on_it", lang))
            rule_ids.append(related)
            c.add(msg("answer.nic_related", lang, text=c.rule_text(self.spec.rule(related), lang)))
        else:
            c.add(msg("answer.silent", lang))
        c.add(self._contacts(c, lang))
        rule_ids.append(self.spec.contacts_rule)
        return Answer(kind="not_in_call", answer=c.text(), citations=c.citations, language=lang, origin="rules", rule_ids=rule_ids,
                      notes=[f"topic:{topic_id}"] if topic_id else [])

    def _open_topic(self, matches: list[Match], asks: list[Ask]) -> str | None:
        """The topic the call leaves open (drafted from the generic list) that a question names by a word the call never
        uses ("un recours", "le replay", "Crit'Air"), whatever rule shares the question's other words; a message of
        several asks, when no other ask is about a rule of its own ("… ? j'ai pas pu me connecter")."""
        for m in matches[:5]:
            if m.target.id in self.router.generic_topics and any(set(p) <= m.matched and any(s not in self._call_vocabulary and s not in self.router.domain
                                                                          for s in p) for p in m.target.phrases):
                # one of its keywords whole, with a word the call never uses
                others = [a for a in asks if not m.matched & set(tokens(self.router.normalise(a.text)))]
                if all(self._weak(self.router.score(self.router.normalise(a.text), a.intent)) for a in others):
                    return m.target.id
        return None

    def _said_of_topic(self, c: Composer, rule, lang: str, question: str) -> str | None:
        """What the rule related to a topic the call leaves open says of the question's words: its lines that hold them
        (« Comité de sélection | jeudi 17 juin 2027 » for « qui siège au comité de sélection ? »), nothing when none
        does."""
        from .passages import quote_stems

        if not question:
            return c.rule_text(rule, lang)
        stems = content_stems(question, self._generic)
        if not any(stems & quote_stems(q) for q in rule.quotes):
            return None
        return c.focused_rule_text(rule, lang, stems)

    def _out_of_scope(self, lang: str) -> Answer:
        return Answer(kind="out_of_scope", answer=msg("answer.out_of_scope", lang, call=self.spec.name or self.spec.issuer),
                      language=lang, origin="system", follow_ups=self._follow_ups([], lang))

    def _clarify(self, lang: str, folded: str) -> Answer:
        key = "answer.clarify_eligibility" if _ELIG_INTENT.search(folded) else "answer.clarify"
        return Answer(kind="clarify", answer=msg(key, lang), language=lang, origin="system", follow_ups=self._follow_ups([], lang))

    # ------------------------------------------------------------------ grounding and reply
    def _finish(self, answer: Answer, question: str) -> Answer:
        return finish(answer, question, self.spec, self.a.as_of, self._french_twin)

    def _french_twin(self, answer: Answer) -> Answer | None:
        """The same answer in French (the suggested reply is always French), when it can be rebuilt."""
        if answer.origin == "rules" and answer.kind == "answer" and answer.rule_ids:
            return self._rules_answer(answer.rule_ids, "fr", "")
        if answer.kind == "not_in_call":
            topic = next((n.split(":", 1)[1] for n in answer.notes if n.startswith("topic:")), None)
            return self._not_in_call(topic, "fr")
        return None
