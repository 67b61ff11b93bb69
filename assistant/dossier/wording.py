"""Every sentence the dossier review shows, in one place (French), and the generic placeholder words it flags.

Code picks a message by key and fills it; call-specific labels (the short names of blocking points) come from
`dossier.yaml` (`problem_labels`) and fall back to the ones here.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "headline_ok": "Dossier complet : toutes les parties demandées par l'appel sont présentes et remplies.",
    "headline_ok_warnings": "Dossier complet : toutes les parties demandées sont présentes et remplies "
                            "({n} point{s} à vérifier).",
    "headline_blocking": "{n} point{s} bloquant{s} : {labels}",
    "headline_error": "Dossier illisible : {error}",
    "missing_required": "Partie obligatoire absente du dossier : « {title} ». Ajoutez {add} avec ce titre.",
    "missing_optional": "Pas de partie « {title} » dans ce dossier : pensez à joindre ces pièces.",
    "unfilled_prompt": "Partie « {title} » non remplie : elle contient encore des mentions du modèle à compléter "
                       "(« {sample} »).",
    "unfilled_placeholder": "Partie « {title} » non remplie : texte de remplissage (« {sample} »).",
    "unfilled_empty": "Partie « {title} » vide : seul son titre est présent.",
    "format": "Format .{ext} non accepté par l'appel (formats acceptés : {accepted}).",
    "format_unknown": "{name} : format de dossier non reconnu (formats acceptés : {accepted}).",
    "not_read_caps": "Texte trop long, lu en partie : {what} non lu (au-delà de {limit} caractères).",
    "not_read_time": "Relecture interrompue après {seconds} s : {what} non relu.",
    "label_missing": "{title} (partie absente)",
    "label_unfilled": "{title} (à compléter)",
    "label_format": "format non accepté",
    "label_not_read": "relecture inachevée",
    "why_heading": "titre « {text} »",
    "why_label": "intitulé « {text} »",
    "why_content": "contenu ({n} éléments reconnus)",
    "why_meaning": "sens proche de « {example} » ({score:.2f})",
}

# Short names of blocking points when dossier.yaml gives none for a criterion id.
DEFAULT_LABELS: dict[str, str] = {
    "territory": "territoire", "start": "démarrage", "duration": "durée", "budget": "budget", "theme": "thème",
    "applicant": "structure porteuse", "funding_rate": "taux de financement", "amount": "montant demandé",
}

# How to add a missing part, by format of the dossier.
ADD_PART: dict[str, str] = {"pptx": "une diapositive", "docx": "une section", "pdf": "une page ou une section"}

# Placeholder text that means "not written yet", folded (any case, without accents); matched as whole words.
PLACEHOLDERS: list[str] = [
    "lorem ipsum", "xxx", "xxxx", "a completer", "a compléter", "a renseigner", "a definir", "a preciser", "tbd", "tbc",
    "todo", "to do", "to be completed", "to be defined", "insert text here", "inserer le texte ici", "texte ici",
    "votre texte ici", "your text here", "blabla", "bla bla",
]

# Labels of a line naming the applicant structure ("Nom : ...", "Porté par : ..."), folded.
STRUCTURE_NAME_LABELS: list[str] = ["nom", "nom de la structure", "structure", "structure porteuse", "porte par",
                                    "porteur", "name", "organisation", "organization", "lead organisation",
                                    "applicant", "raison sociale", "structure cheffe de file", "structure chef de file",
                                    "chef de file", "structure candidate", "porteur du projet", "structure porteuse du projet",
                                    "lead applicant", "applicant organisation", "applicant organization"]

UNIT_WORDS: dict[str, tuple[str, str]] = {"pptx": ("diapositive", "diapositives"), "pdf": ("page", "pages"),
                                          "docx": ("section", "sections")}


def msg(key: str, **values: object) -> str:
    """The message `key` filled with `values` (a missing value is an error, never a blank)."""
    return MESSAGES[key].format(**values)


def plural(n: int) -> str:
    """"s" when n > 1."""
    return "s" if n > 1 else ""


# Words of a part's title (folded) saying which of the applicant's answers it holds, when its id does not.
BLOCK_WORDS: dict[str, list[str]] = {
    "structure": ["presentation de la structure", "structure porteuse", "porteur", "organisme", "about us",
                  "organisation", "organization", "applicant"],
    "motivation": ["motivation", "raisons", "why we"],
    "theme": ["axe", "theme", "thematique", "publics"],
    "territory": ["territoire", "communes", "lieux", "territory"],
    "objectives": ["objectif", "objective", "goal"],
    "implementation": ["mise en oeuvre", "actions", "deroulement", "methode", "implementation", "activities"],
    "partners": ["partenaire", "partenariat", "partner"],
    "indicators": ["indicateur", "evaluation", "resultats attendus", "indicator"],
    "innovation": ["innova"],
    "calendar": ["calendrier", "planning", "echeancier", "calendar", "timeline", "schedule"],
    "budget": ["budget", "plan de financement", "financement", "cout", "funding"],
    "annexes": ["annexe", "pieces jointes", "pieces a joindre", "appendi"],
}

# The drafted Word dossier's labels (label, what the prompt asks for) and guidance sentences.
DOCX: dict = {
    "title_missing": "titre du projet",
    "by": "Porté par", "by_missing": "nom de la structure porteuse",
    "applying": "Candidature : {call}",
    "asks": "l'appel demande « {quote} » ({where}).",
    "territory": "territoire de l'appel : {name}.",
    "structure": {"name": ("Nom", "nom de la structure"), "type": ("Statut", "statut juridique"),
                  "seat": ("Siège", "commune du siège"), "created": ("Création", "année de création"),
                  "activities": ("Activités", "activités principales"),
                  "governance": ("Gouvernance", "gouvernance (instances, dirigeants)"),
                  "members": ("Membres", "membres, adhérents, salariés, bénévoles")},
    "motivation": ("Motivation", "les raisons de votre candidature"),
    "theme": ("Thème ou axe", "le thème ou l'axe de l'appel auquel le projet répond"),
    "summary": ("Le projet en bref", "résumé du projet en deux ou trois phrases"),
    "publics": ("Publics visés", "publics visés"),
    "communes": ("Communes où se déroule l'action", "communes où se déroule l'action"),
    "objectives": ("Objectifs", "objectifs du projet"),
    "actions": ("Actions", "actions prévues, qui les mène, avec quels moyens"),
    "partners": ("Partenaires", "partenaires du projet"),
    "indicators": ("Indicateurs", "indicateurs de réussite (valeur cible, mode de mesure)"),
    "innovation": ("Caractère innovant", "en quoi le projet est innovant"),
    "start": ("Démarrage", "date de démarrage"), "duration": ("Durée", "durée en mois"),
    "milestones_head": ("Étape", "Début", "Fin"), "milestone_missing": "nom de l'étape", "date_missing": "mois",
    "milestones_missing": "étapes du projet (libellé, mois de début et de fin)",
    "payments": "Calendrier et versements : l'appel prévoit les versements suivants.",
    "criteria": "Critères de sélection de l'appel :",
    "criteria_weighted": "Critères de sélection de l'appel (pondération) :",
    "budget_head": ("Poste de dépense", "Montant"), "line_missing": "libellé du poste",
    "lines_missing": "postes de dépense (libellé et montant)", "lines_total": "Total des postes",
    "requested": ("Montant demandé", "montant de la subvention demandée"), "total_cost": "Coût total du projet",
    "annexes": "Pièces à joindre (annexes de l'appel) :",
}

# The parts drafted for a call whose document lists none (dossier.yaml absent): the usual answers of an applicant.
CLAUSE_PARTS: dict = {
    "cover": "Page de garde",
    "parts": [("structure", "Présentation de la structure"), ("theme", "Le projet"), ("territory", "Territoire"),
              ("objectives", "Objectifs"), ("implementation", "Mise en œuvre"), ("calendar", "Calendrier"),
              ("budget", "Budget")],
}
