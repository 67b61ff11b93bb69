"""What applicants often ask and a call may leave open (who sits on the selection panel, whether the webinar is
recorded, which software to use, the insurance to take…): each topic of `drafting_words.yaml open_topics` is settled by
the call when one of its sentences matches the topic's cues, and then that sentence joins the related rule with the
topic's keywords; otherwise the topic is drafted as not settled by the call (`not_in_call`), so that « Qui siège au
comité de sélection ? » gets « L'appel ne précise pas qui siège au comité de sélection », what the call says of its
committee and the contacts, not the committee's date as if it answered.
"""

from __future__ import annotations

import re
from typing import Any

from .drafting import Draft, drafting_words, quoted_answer
from .spec import squash


def settle_topics(d: Draft, rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The call's unsettled topics (not_in_call entries); the settled ones' sentences and keywords are added to their
    related rule in `rules` (in place)."""
    by_id = {r["id"]: r for r in rules}
    out: list[dict[str, Any]] = []
    for tid, topic in (drafting_words().get("open_topics") or {}).items():
        cues = [re.compile(c) for c in topic["said"]]
        said = [squash(u.text) for u in d.units if any(c.search(u.folded) for c in cues)]
        rule = by_id.get(topic.get("related", ""))
        if said:
            if rule is not None:
                quotes = rule["quotes"] + [q for q in dict.fromkeys(said) if q not in rule["quotes"]][:2]
                rule["quotes"] = quotes
                rule["answer"] = {lang: quoted_answer(quotes, lang) for lang in ("fr", "en")}
                rule["keywords"] = type(rule["keywords"])(dict.fromkeys([*rule["keywords"], *topic["keywords"]]))
            continue
        out.append({"id": f"open_{tid}", "label": dict(topic["label"]), "related_rules": [rule["id"]] if rule else [],
                    "keywords": list(topic["keywords"]), "questions": list(topic.get("questions", [])), "generic": True})
    return out
