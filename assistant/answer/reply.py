"""The last step of every answer: the grounding check (a figure absent from the quotes makes the answer fall back to
the quotes themselves) and the suggested reply, a formal French e-mail the dialogue contacts can send as is."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date

from ..calls.spec import CallSpec
from ..grounding import unsupported
from ..messages import msg
from ..types import Answer

log = logging.getLogger(__name__)


def finish(answer: Answer, question: str, spec: CallSpec, as_of: date,
           french_twin: Callable[[Answer], Answer | None]) -> Answer:
    """Check the answer's figures against its quotes, then attach the suggested reply."""
    quotes = [c.quote for c in answer.citations]
    named = [q for q in (spec.title, spec.name) if q]  # "l'appel « Rebond 50+ » 2027": the call's own name is its text
    bad = unsupported(answer.answer, quotes + named, question, as_of)
    if bad:
        log.warning("ungrounded figures %s: falling back to quotes", bad)
        answer.notes.append("grounding_fallback")
        answer.answer = msg("answer.ungrounded_head", answer.language) + "\n\n" + "\n".join(
            f"- « {c.quote} » [{i}]" for i, c in enumerate(answer.citations, start=1))
        if not answer.citations:
            answer.kind = "clarify"
            answer.answer = msg("answer.cannot_safely", answer.language)
    reply = suggested_reply(answer, spec, french_twin)
    if unsupported(reply, quotes + named, question, as_of):
        reply = suggested_reply(answer.model_copy(update={"answer": "", "language": "fr"}), spec, french_twin)
    answer.suggested_reply = reply
    return answer


def _subject(answer: Answer, spec: CallSpec) -> str:
    """The topic asked: the not-in-call topic, else the first rule cited, else a neutral subject."""
    rule_ids = {r.id for r in spec.rules}
    order = [c.rule_id for c in answer.citations if c.rule_id] + list(answer.rule_ids)
    topics = [spec.rule(r).title.fr for r in dict.fromkeys(order) if r in rule_ids and r != spec.contacts_rule]
    topic_id = next((n.split(":", 1)[1] for n in answer.notes if n.startswith("topic:")), None)
    nic = next((t for t in spec.not_in_call if t.id == topic_id), None)
    subject = nic.label.fr if nic else topics[0] if topics else msg("reply.default_subject", "fr")
    return subject[0].upper() + subject[1:]


def suggested_reply(answer: Answer, spec: CallSpec, french_twin: Callable[[Answer], Answer | None]) -> str:
    """A formal French e-mail for the dialogue contacts, citing the clauses; commits to nothing the call does not say."""
    subject = _subject(answer, spec)
    if answer.language == "fr":
        body = answer.answer
    else:  # the reply is always in French: rebuilt from the French texts of the same rules
        fr = french_twin(answer)
        body = fr.answer if fr else answer.answer
    # the reply comes from the contacts themselves: it does not send the applicant back to them
    own = msg("answer.contacts", "fr", contacts="", refs="").split(":")[0]
    body = "\n\n".join(p for p in body.split("\n\n") if not p.strip().startswith(own))
    body = re.sub(r"\s*\[\d+\]", "", body).replace("**", "").replace("_", "")
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    lines = [msg("reply.subject", "fr", call=spec.name or spec.issuer, subject=subject), "", msg("reply.greeting", "fr"), "",
             msg("reply.thanks", "fr", subject=subject[0].lower() + subject[1:]), ""]
    if answer.kind == "not_in_call":
        lines += [msg("reply.not_in_call", "fr"), ""]
    lines.append(msg("reply.out_of_scope", "fr") if answer.kind == "out_of_scope" else body)
    refs = [c for c in answer.citations if c.rule_id != spec.contacts_rule]
    if refs:
        lines += ["", msg("reply.references", "fr")]
        lines += [msg("reply.reference", "fr", locator=c.locator, quote=c.quote) for c in refs]
    lines += ["", msg("reply.closing", "fr"), "", msg("reply.regards", "fr"), "", msg("reply.signature", "fr", issuer=spec.issuer)]
    return "\n".join(lines)
