"""Call documents for tests: a third, short, fictional call written as a .docx at test time.

`write_third_call_docx(path)` writes an "appel à manifestation d'intérêt" of a Région on mobility and employment,
different from the two calls of the corpus on every axis (issuer, territory, two-stage selection, note of intent
sent by e-mail, 12 to 36 months, grant capped at 100 000 € and 50 %, advance then payments on justified expenses).
`tests/data/third_call_questions.json` holds twelve questions about it with the facts an answer must contain.
The document is fictional and says so in its last paragraph.
"""

from __future__ import annotations

from pathlib import Path

TITLE = "Appel à manifestation d'intérêt 2026 – « Mobilités solidaires vers l'emploi »"

# (style, text): "title", "h1", "h2", "p" or "li". The wording is the document's; tests compare against it.
THIRD_CALL: list[tuple[str, str]] = [
    ("title", TITLE),
    ("p", "Région Centre-Val de Loire – Direction de l'emploi et de la formation professionnelle"),
    ("h1", "Objet"),
    ("p", "Dans les territoires ruraux du sud de la région, l'absence de solution de transport empêche encore de "
          "nombreuses personnes d'accepter un emploi, un stage ou une formation. La Région ouvre le présent appel à "
          "manifestation d'intérêt (AMI) pour faire émerger des services de mobilité solidaire au service de l'emploi."),
    ("h1", "Territoire"),
    ("p", "Les projets sont mis en œuvre dans les départements du Cher (18) et de l'Indre (36)."),
    ("h1", "Projets attendus"),
    ("li", "location de véhicules ou de deux-roues à tarif social pour se rendre au travail ;"),
    ("li", "transport à la demande vers les zones d'activité mal desservies ;"),
    ("li", "plateformes de covoiturage domicile-travail animées avec les employeurs ;"),
    ("li", "aide au passage du permis de conduire pour les personnes en parcours d'insertion."),
    ("h1", "Porteurs éligibles"),
    ("p", "Peuvent candidater les associations, les sociétés coopératives (SCOP et SCIC), les groupements d'employeurs "
          "et les collectivités territoriales et leurs groupements. Les services de l'État et les particuliers ne peuvent "
          "pas candidater."),
    ("h1", "Conditions financières"),
    ("p", "L'enveloppe régionale est de 1 200 000 €. L'aide de la Région est plafonnée à 100 000 € par projet et ne "
          "peut excéder 50 % des dépenses éligibles. Les projets durent de 12 à 36 mois et doivent débuter au plus "
          "tard le 1er mars 2027."),
    ("p", "Une avance de 30 % est versée à la notification de l'aide ; le reste est payé sur présentation des dépenses "
          "réalisées, au plus tard six mois après la fin du projet."),
    ("h1", "Sélection en deux temps"),
    ("p", "Étape 1 : les candidats adressent une note d'intention de cinq pages au maximum, accompagnée d'un budget "
          "sommaire, par courriel à mobilites-emploi@region-centre.example, avant le 30 septembre 2026 à 23h59."),
    ("p", "Étape 2 : les porteurs présélectionnés sont invités à déposer un dossier complet et sont auditionnés "
          "par un jury régional le 19 novembre 2026. Les décisions sont votées en commission permanente le "
          "15 janvier 2027."),
    ("h1", "Critères d'appréciation"),
    ("li", "réponse aux besoins de mobilité des publics et des employeurs du territoire ;"),
    ("li", "implication des employeurs et des acteurs de l'emploi ;"),
    ("li", "modèle économique et pérennité du service après l'aide régionale."),
    ("p", "Document fictif rédigé pour les tests de l'assistant ; il n'émane pas de la Région Centre-Val de Loire."),
]


def third_call_text() -> str:
    """The document's text, one paragraph a line (what a loader should extract, in order)."""
    return "\n".join(text for _, text in THIRD_CALL) + "\n"


def write_docx(path: Path | str, blocks: list[tuple[str, object]], title: str = "") -> Path:
    """Write (style, content) blocks as a .docx: "title", "h1", "h2", "li", "p", or "table" (a list of rows)."""
    import docx

    path = Path(path)
    doc = docx.Document()
    doc.core_properties.title = title
    doc.core_properties.author = "Document fictif (tests)"
    for style, content in blocks:
        if style == "title":
            doc.add_heading(content, level=0)
        elif style in ("h1", "h2"):
            doc.add_heading(content, level=int(style[1]))
        elif style == "li":
            doc.add_paragraph(content, style="List Bullet")
        elif style == "table":
            table = doc.add_table(rows=len(content), cols=len(content[0]))
            for r, row in enumerate(content):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
        else:
            doc.add_paragraph(content)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def write_third_call_docx(path: Path | str) -> Path:
    """Write the third (fictional) call as a .docx at path and return the path."""
    return write_docx(path, THIRD_CALL, TITLE)


def draft_call(tmp: Path, call_id: str, blocks: list[tuple[str, object]], as_of):
    """An `Assistant` on the unedited `ami new-call` draft of the call written as `blocks` (see `write_docx`), with the
    report `new_call` printed: how the tests see a call nobody curated."""
    from assistant import Assistant
    from assistant.calls.write import new_call
    from assistant.config import Settings

    corpus = tmp / "corpus"
    report = new_call(write_docx(tmp / f"{call_id}.docx", blocks, str(blocks[0][1])), call_id, corpus)
    return Assistant(call=call_id, settings=Settings(corpus_dir=corpus, home=tmp / "home", as_of=as_of)), report
