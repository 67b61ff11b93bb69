"""Understanding a question: its separate asks, and for each the kind of answer it expects (its intent).

General French and English grammar, not a call's vocabulary: a yes/no question is recognised by its form
(inversion "peut-on", "est-ce que", "can we", intonation with no interrogative word), a request for an example by
its verbs and nouns, the other intents by their interrogative words. The facts a question states are read by
facts.read_facts; this module only says what is asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..textnorm import fold

_WH_FR = r"quand|combien|qui|quel|quelle|quels|quelles|comment|pourquoi|ou|que|quoi|lequel|laquelle|lesquels|lesquelles|jusqu'a quand|a quelle"
_WH_EN = r"when|how|who|whom|which|what|where|why"
_WH = re.compile(rf"(?:^|[\s,;:(]|\bet\s|\band\s)(?:{_WH_FR}|{_WH_EN}|qu'est-ce|qu'est ce|c'est quoi|c'est qui|c'est quand|c'est combien|a qui|avec qui|aupres de qui|par qui|pour qui|de quoi|en quoi|a partir de quand|d'ici quand)\b")
_INVERSION = re.compile(r"\b[a-z]+-(?:t-)?(?:je|tu|il|elle|on|nous|vous|ils|elles|ce)\b")
_YESNO_FR = re.compile(
    r"\best[- ]ce (?:que|qu)\b|\b(?:c'est|ca|cela) (?:bon|ok|possible|autorise|permis|accepte|eligible|jouable|faisable|valable|recevable)\b"
    r"|\b(?:ca|cela) (?:passe|rentre|marche|colle|va)\b|\ba-t-on le droit\b|\bon a le droit\b|\best-il possible\b|\bil est possible\b"
    r"|\bsommes-nous\b|\bsuis-je\b|\bpuis-je\b|\bpeut-on\b|\bpeut-il\b|\bpeut-elle\b|\bpeuvent-ils\b|\bpeuvent-elles\b|\bfaut-il\b|\bdoit-on\b"
    r"|\b(?:oui ou non|ok\s*\?|d'accord\s*\?)|\b(?:on|je|nous|ils|elles|il|elle) (?:peut|peux|pourra|pourrait|pourrons|pouvons|peuvent|a le droit|ont le droit|doit|doivent)\b"
)
_YESNO_EN = re.compile(
    r"^(?:and\s+|so\s+|also\s+|but\s+)?(?:can|could|may|might|is|are|was|were|do|does|did|will|would|should|shall|must|am|have|has|had)\b(?!\s+(?:you tell|you give|you explain))"
    r"|\b(?:is (?:it|that|this) (?:ok|okay|fine|allowed|possible|eligible|acceptable))\b"
)
_ELIGIBLE = re.compile(r"\beligib|\brecevable|\bqualif(?:y|ies)\b|\bcorrespond|\bretenu|\bfinanc(?:able|e|er)\b|\bfunded\b|\bc'est bon\b|\bca passe\b")
_EXAMPLE = re.compile(
    r"\b(?:exemples?|examples?|modeles? de|sample|model of|template of|type de dossier|dossier type|calendrier type|budget type"
    r"|m'inspirer|s'inspirer|nous inspirer|inspiration|inspire|montre[rz]?-moi|montre[rz]? moi|show me|a quoi (?:ca|cela) ressemble"
    r"|what does .{0,30} look like|comment (?:rediger|ecrire|presenter|formuler|remplir|construire|decrire|faire) (?:la|le|les|un|une|nos|notre|mon|ma|mes)"
    r"|how (?:to|do i|do we|should i|should we) (?:write|present|fill|draft|describe|structure))\b"
)
# what is measured, not counted ("combien de fonds propres ?", "combien d'argent ?")
MASS_NOUN = r"(?:fonds|argent|budget|subvention|financement|autofinancement|cofinancement|credits?|aide|tresorerie|apport)"
_FOR_INSTANCE = re.compile(r"\b(?:par exemple|for example|for instance|e\.g\.|p\. ?ex\.)")
_CONTACT = re.compile(r"\b(?:contact|contacter|joindre|ecrire a|adresse mail|a qui (?:\w+[- ])?(?:(?:je|on|nous) )?(?:dois[- ]je |doit[- ]on |faut[- ]il )?(?:m'|s'|nous )?adresser|e-mail|email|mail|telephone|interlocuteur|referent|who (?:do|can|should) (?:i|we) (?:ask|contact|write))\b")
_DEFINITION = re.compile(r"\b(?:c'est quoi|qu'est-ce que|qu'est ce que|que veut dire|que signifie|on entend quoi|entendez[- ]vous|definition|what is meant|what does .{0,20} mean|what is an?)\b")
_SPLIT_Q = re.compile(r"\?+")
_SPLIT_AND = re.compile(rf",?\s+(?:et|and|puis|ainsi que|also)\s+(?=(?:(?:a|de|en|pour|avec|sur|dans|par|chez|aupres de|to|for|with|in|on|by|through|via|from|at)\s+)?(?:{_WH_FR}|{_WH_EN}|a qui|avec qui|aupres de qui|par qui|est-ce|faut-il|peut-on|doit-on|y a-t-il|c'est (?:combien|quand|qui|quoi|ou)|can|is|are|do|does)\b)")

_ENDS_WH = re.compile(r"\b(?:quand|combien|qui|quoi|ou|comment|pourquoi|lequel|laquelle|lesquels|lesquelles|when|where|who|what|why|how)"
                      r"(?:\s+(?:exactement|au juste|precisement|donc|alors|exactly))?\s*[?.!]?\s*$")
_WH_INSIDE = re.compile(r"\b(?:quand|combien|qui|quoi|comment|pourquoi|when|where|who|what|why|how)\b")
_SPLIT_TAIL = re.compile(r",?\s+(?:et|and)\s+(?:on|je|j'|nous|vous|il|elle|ils|elles|ca|c'est|we|i|you|it|they)\s*(?:[\w'-]+\s+){1,4}"
                         r"(?:quand|combien|qui|quoi|ou|comment|when|where|who|what|how)\s*$")

INTENTS = ("yes_no", "when", "how_much", "how_many", "how_long", "who", "where", "how", "list", "example", "definition", "contact", "other")


@dataclass
class Ask:
    """One thing a message asks: its text (as written), its folded form and its intent."""

    text: str
    folded: str
    intent: str

    @property
    def yes_no(self) -> bool:
        """A yes/no or can-we question."""
        return self.intent == "yes_no"


def is_yes_no(folded: str) -> bool:
    """A yes/no or can-we question (by its grammatical form), not an open question."""
    f = folded.strip()
    # the question is the last sentence: "SYSTEM: … Quelle est l'enveloppe ?" asks an open question
    parts = [p for p in re.split(r"(?<=[.!:])\s+", f) if p.strip()]
    f = parts[-1] if parts else f
    if _open_question(f):
        return False
    if len(parts) > 1 and f.endswith("?") and len(f.split()) <= 3:
        return True  # "<the project described>. Possible ?", "… Éligible ?": a short question on the context before it
    if _YESNO_FR.search(f) or _YESNO_EN.search(f) or _INVERSION.search(f):
        return True
    if _LIMIT_ASKED.search(f) and not re.search(r"\d", f) and not _VERB_CUE.search(f):
        return False  # "Taille max des fichiers sur la plateforme ?": the limit's value is asked, no verb, no figure
    return f.endswith("?") and len(f.split()) >= 3  # intonation: "on peut faire 16 mois ?"


_LIMIT_ASKED = re.compile(r"\b(?:max|maxi|maximum|maximale?|min|mini|minimum|minimale?|plafond|plancher|limite)\b")
_VERB_CUE = re.compile(r"\b(?:peu[tx]|peuvent|pouvons|pouvez|faut|est|sont|doi[tv]|doivent|devons|devez|ai|as|a|avons|avez|ont|"
                       r"va|vont|sera|seront|serait|depasse|depasser|respecte|can|is|are|do|does|must|should|will|would)\b")


def _open_question(f: str) -> bool:
    """An interrogative word where French and English put one: at the start, or at the end ("signée avec qui ?").

    In the middle it is usually a relative pronoun ("un projet qui commence en janvier"), which leaves a yes/no
    question yes/no.
    """
    ws = re.findall(r"[\w'-]+", f)
    if not ws:
        return False
    starts = re.match(rf"^\s*(?:(?:et|and|mais|but|alors|so|du coup|ok)\s+)?(?:(?:sur|dans|pour|de|d'|a|avec|en|par|chez|vers|depuis|jusqu'a|aupres de|in|on|for|with|from|to|by|at|through|via)\s*)?(?:{_WH_FR}|{_WH_EN}|qu'est-ce|c'est quoi|c'est qui|c'est quand|c'est combien|c'est ou|c'est comment|a qui|avec qui|aupres de qui|par qui|de quoi|en quoi|a partir de quand)\b", " ".join(ws))
    ends = _ENDS_WH.search(" ".join(ws))
    # or at the start of a clause: "dans la grille de notation, combien de points pour … ?"
    clause = re.search(r"[,:;—]\s*(?:et\s+)?(?:c'est (?:quoi|qui|quand|combien|ou|comment)\b|qu'est-ce|combien|quand|quel(?:le)?s?(?!\s+qu)|comment|pourquoi|how|when|what|which)\b", f)
    # "combien" is never a relative pronoun: "après la fin du projet, on a combien de temps pour … ?" asks a value
    inside = re.search(r"\b(?:on|nous|vous|il|ils|elle|elles|j'|je) (?:a|ont|avons|avez|aura|auront|dispose\w*|doit|doivent) combien\b", f)
    return bool(starts or ends or clause or inside) and not re.match(r"^\s*(?:est-ce|est ce)\b", f)


def asks_open_inside(folded: str) -> bool:
    """An interrogative word that is never a relative pronoun inside the question ("les fonds sont versés en combien
    de fois ?"): whatever its form, it is not answered by Oui or Non."""
    return bool(re.search(r"\b(?:combien|pourquoi|(?<!\btel )(?<!\btelle )(?<!\btels )(?<!\btelles )quels?|(?<!\btelle )(?<!\btelles )quelles?)\b(?!\s+qu)"
                          r"|\b(?:sur|de|a|en|avec|pour) quoi\b|\b\d+ quoi\b", folded))  # ("telle quelle" asks nothing)


# interrogative phrases that are never a relative clause, wherever they stand
_OPEN_ANYWHERE = re.compile(r"\bcomment\b|\bc'est (?:quoi|qui|quand|combien|ou|comment)\b|\bqu'est[- ]ce (?:que|qu)\b|\bquoi exactement\b"
                            r"|\b(?:a|aupres de|avec|par) qui\b|\b(?:jusqu'a|a partir de|d'ici|depuis) quand\b|\ba quelle\b"
                            # an English question opening on its interrogative ("What share … can the grant cover …?")
                            r"|(?:^|[.?!]\s+)(?:what(?! about)|which|how (?:much|many|long|often)|when|where|whom?|whose)\b")


def asks_a_value(folded: str) -> bool:
    """A question that asks a value whatever its form ("un projet axe 3, ça peut durer combien de temps ?", "…, c'est
    quoi le montant max ?"): no verdict answers it."""
    return asks_open_inside(folded) or bool(_OPEN_ANYWHERE.search(folded))


def intent_of(text: str) -> str:
    """The kind of answer a single ask expects (one of INTENTS)."""
    f = fold(text).strip()
    # "par exemple" / "for example" introduce an instance of the asker's own case ("une collectivité, par exemple une
    # mairie, peut-elle … ?"): they request no example dossier
    if _EXAMPLE.search(_FOR_INSTANCE.sub(" ", f)):
        return "example"
    if is_yes_no(f):
        return "yes_no"
    padded = " " + f + " "
    if re.search(r"\b(?:combien de temps|how long|quelle duree|sur quelle duree|pendant combien)\b", f):
        return "how_long"
    if re.search(r"\b(?:combien de|how many|nombre de)\b", f) and not re.search(rf"\bcombien d(?:e |'){MASS_NOUN}\b", f):
        return "how_many"  # ("combien de fonds propres ?" asks an amount or a share, not a count)
    if re.search(r"\b(?:combien|how much|quel montant|quelle somme|montant)\b", f):
        return "how_much"
    if re.search(r"\b(?:quand|when|quelle date|a quelle date|jusqu'a quand|date limite|deadline|by when|a partir de quand|d'ici quand)\b", f):
        return "when"
    if _CONTACT.search(f) and re.search(r"\b(?:qui|who|quel|quelle|comment|how|ou|where)\b", padded):
        return "contact"
    if re.search(r"\b(?:qui|who|whom|a qui|avec qui|aupres de qui|par qui)\b", f):
        return "who"
    if _DEFINITION.search(f):
        return "definition"
    if re.search(r"\b(?:ou|where|dans quelle commune|sur quel territoire)\b", f):
        return "where"
    if re.search(r"\b(?:quels|quelles|lesquels|lesquelles|which|what are|liste|list)\b", f):
        return "list"
    if re.search(r"\b(?:comment|how)\b", f):
        return "how"
    return "other"


_ELLIPTIC = re.compile(r"(?:pour |for )?(?:le|la|les|l'|celui|celle|ceux|the)\s*(?:[a-z'-]+\s*){1,4}")


def _frame(ask: str) -> str:
    """The frame of an ask, its subject left out ("Les frais de structure sont plafonnés à combien" → "frais plafonnés à
    combien"): the words an elliptic ask after it ("et la communication ?") leaves unsaid. The first noun is kept (what
    kind of thing: "frais"), the rest of the subject dropped up to the verb."""
    m = re.match(r"\s*(?:les?|la|l'|des|du|the)?\s*(?P<head>[\w'-]+)(?P<rest>.*?)\b(?P<verb>(?:est|sont|sera|seront|is|are)\b.*)$", ask, re.I)
    if m:
        return f"{m.group('head')} {m.group('verb')}".strip()
    # "on a combien de temps pour rendre le bilan final" → "combien de temps pour rendre": from the wh-word, the thing
    # named last left out
    w = re.search(r"(?i)\b(?:combien|quand|quel(?:le)?s?|comment|how|when|what)\b.*", ask)
    if not w:
        return ""
    return re.sub(r"(?i)\s+(?:le|la|les|l'|du|des|au|aux|the)\s*[\w'-]+(?:\s+[\w'-]+){0,2}\s*$", "", w.group(0)).strip()


def split_asks(question: str) -> list[Ask]:
    """The separate asks of a message, in order ("Que faut-il envoyer, et à qui ?" → two asks)."""
    parts: list[str] = []
    for chunk in _SPLIT_Q.split(question):
        chunk = chunk.strip(" \n\t,;:.")
        if not chunk:
            continue
        folded = fold(chunk)
        # ("une aide-soignante qu'on recrute et qui arrive de Tours": a second relative clause of the same noun, no ask)
        cuts = [m.start() for m in _SPLIT_AND.finditer(folded) if not (
            re.match(r",?\s+(?:et|and) qui [a-z]+(?:e|ent|t)\b(?! -)", folded[m.start():])
            and re.search(r"\b(?:qu'(?:on|il|elle|ils|elles|ils)|que (?:l'on|nous|vous|je)|qui) \w+", folded[:m.start()])
            and not re.match(r",?\s+(?:et|and) qui (?:est|sont|doit|peut|faut|signe|contacte)\b", folded[m.start():]))]
        tail = _SPLIT_TAIL.search(folded)
        if not cuts and tail and len(folded[: tail.start()].split()) >= 3:
            cuts = [tail.start()]  # "c'est quoi la date limite et on dépose où": the second ask ends on its wh-word
        if not cuts:
            # "quand a lieu le comité, et la convention, elle est signée par qui": two open questions joined by ", et"
            # or a first one ending on its wh-word and a second asking one too ("le comité c'est quand, et on saura quand
            # si on est pris ?")
            cuts = [m.start() for m in re.finditer(r",\s+(?:et|and)\s+", folded)
                    if _open_question(folded[: m.start()]) and (_ENDS_WH.search(folded[m.end():]) or (
                        _ENDS_WH.search(folded[: m.start()]) and _WH_INSIDE.search(folded[m.end():])))][-1:]
        if not cuts:
            # "Les frais de structure sont plafonnés à combien, et la communication ?": a second ask of the same frame,
            # on another thing named alone
            m = re.search(r",\s+(?:et|and)\s+(?P<np>(?:pour |for )?(?:le|la|les|l'|celui|celle|ceux|the)\s*(?:[a-z'-]+\s*){1,4})\s*[?.!]?\s*$", folded)
            if m and _ENDS_WH.search(folded[: m.start()]) and not _VERB_CUE.search(m.group("np")):
                cuts = [m.start()]
        # "Les auditions c'est quand, ça dure combien de temps, et …": asks listed with commas, each ending on or holding
        # its own wh-word
        listed = [m.start() for m in re.finditer(r",\s+(?!et\b|and\b)", folded)
                  if _ENDS_WH.search(folded[: m.start()]) and _WH_INSIDE.search(re.split(r",", folded[m.end():])[0])]
        if listed:  # (and the last ask after ", et …" of the same list)
            listed += [m.start() for m in re.finditer(r",\s+(?:et|and)\s+", folded) if m.start() > listed[-1]
                       and _WH_INSIDE.search(folded[m.end():])][-1:]
        cuts = sorted(set(cuts) | set(listed))
        start = 0
        for c in cuts:
            if c - start >= 6:
                parts.append(chunk[start:c].strip(" ,;:."))
                start = c
        parts.append(chunk[start:].strip(" ,;:."))
    parts = [p for p in parts if p]
    out: list[Ask] = []
    had_q = "?" in question
    for i, p in enumerate(parts):
        text = re.sub(r"^\s*(?:,?\s*(?:et|and|puis|ainsi que|also))\s+", "", p, flags=re.I)
        bare = fold(text).strip(" ?")
        if i and _ELLIPTIC.fullmatch(bare) and not _VERB_CUE.search(bare) and not _WH_INSIDE.search(bare) and _open_question(fold(parts[i - 1])):
            # "… le bilan final ? Et le compte rendu financier ?": an ask of the same frame as the one before, on another
            # thing named alone (its frame: "combien de temps pour rendre", "frais … plafonnés à combien")
            frame = _frame(out[-1].text.rstrip("?"))
            text = f"{text.strip(' ?')} — {frame}" if frame else text
        subject = re.match(r"\s*((?:les?|la|l'|des|du)\s*[\w'-]+(?:\s+[\w'-]+){0,3}?)\s+(?:c'est|c est|est|sont|se|ont|a)\b",
                           out[-1].text, re.I) if i and out else None
        if subject and re.match(r"\s*(?:ca|cela|c'|il|elle|ils|elles)\b", fold(text)):
            # "Les auditions c'est quand, ça dure combien de temps ?": "ça" is the earlier ask's subject
            text = f"{subject.group(1)} : {text}"
        shown = text + ("?" if had_q else "")
        out.append(Ask(text=shown, folded=fold(shown), intent=intent_of(shown)))
    if not out:
        out.append(Ask(text=question, folded=fold(question), intent=intent_of(question)))
    return out


def asks_eligibility(folded: str) -> bool:
    """The message asks whether a project qualifies (eligible, funded, "c'est bon ?")."""
    return bool(_ELIGIBLE.search(folded))


# the asker's own life, not a structure's project: "Mon patron peut-il me faire une avance sur salaire ?", "tailler mes
# pommiers", "ma carte d'identité", "je cherche un logement" — one's own things, no organisation, project or call named,
# nothing to send and nobody to contact
_ME = re.compile(r"\b(?:mon|ma|mes|my)\b|\bje cherche\b|\bi(?:'m| am) looking for\b")  # one's own things, one's own search
_ORGANISED = re.compile(r"\b(?:nous|on|notre|nos|asso\w*|structure\w*|projets?|porteu\w*|dossiers?|candidat\w*|ccas|cias|communes?|"
                        r"mairie|entreprises?|collectivit\w*|organisme\w*|aci|siae|mission locale|scic|scop|sarl|sas|groupement|"
                        r"consortium|federation|centre social|appel|aap|ami|we|our|us|organi[sz]ation|project|application|call|"
                        r"charity|non-?profit|company|apply|applying|applicants?|eligib\w*|grant)\b")
_ASKS_THE_CALL = re.compile(r"\b(?:contact\w*|appeler|joindre|adresser|ecrire|telephone|mail|courriel|qui|who|envo\w*|depos\w*|"
                            r"transm\w*|soumet\w*|send|submit)\b|"
                            r"\b(?:il|elle|ils|elles|je|j') ?(?:peu\w*|pourr\w*) (?:en )?(?:beneficier|participer|entrer|integrer)|"
                            r"\bje suis (?:au chomage|demandeu\w+|au rsa|allocataire|sans emploi|en recherche)|\bj'ai \d+ ans\b")
# (one who presents as a person the call may serve, "j'ai 56 ans, je suis au chômage", asks about the call)


def personal_matter(folded: str) -> bool:
    """Whether a question is about the asker's private life rather than a structure's project (see `_ME`)."""
    return bool(_ME.search(folded)) and not _ORGANISED.search(folded) and not _ASKS_THE_CALL.search(folded)
