"""Generate the fictional example dossiers of the Ille-et-Vilaine AAP (second call) and their dossiers.yaml.

Run from the repository root (the venv's python):

    python corpus/_tools/make_aap_dossiers.py            # writes into the call's dossiers/ folder
    python corpus/_tools/make_aap_dossiers.py OUT_DIR    # writes elsewhere (to compare with the committed files)

Every dossier answers the call `aap-inclusion-numerique-ille-et-vilaine-2026`, in French, and says in its own
text that it is fictional: structures, people and figures are invented. Each dossier is described once, as data
(`DOSSIERS`), and rendered in its format:

- a .docx (Heading 1 sections, paragraphs, bullets, a budget table);
- a .pdf made from the same kind of .docx by LibreOffice (`soffice --headless --convert-to pdf`); skipped, with a
  message, when soffice is not installed (the committed .pdf then stays as it is);
- a .md (headings, lists, a budget table);
- a DELIBERATELY FLAWED .docx: a for-profit company without the ESUS agreement, actions in Rennes and Vitré
  (outside Fougères Agglomération), a start in February 2027 (after the window), 30 months (over the 24-month
  maximum), 85 000 € requested (over the 60 000 € cap) for 85 % of the cost (over the 70 % rate), no co-funding
  partner. dossiers.yaml marks it `flawed: true` and lists its flaws, so the assistant never offers it as a model.

The .docx and .md files are byte-for-byte reproducible (fixed core properties and zip timestamps); the .pdf is not
(LibreOffice stamps its own dates), so compare its extracted text instead.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

CALL_ID = "aap-inclusion-numerique-ille-et-vilaine-2026"
OUT_DIR = Path(__file__).resolve().parent.parent / CALL_ID / "dossiers"
CALL_NAME = "appel à projets « Numérique pour tous en Pays de Fougères » 2026 (Département d'Ille-et-Vilaine)"
FICTION = "Dossier fictif – exemple rédigé pour l'assistant, ne correspond à aucune structure réelle."
FIXED_TIME = datetime(2026, 3, 2, 9, 0, 0)
ZIP_TIME = (2026, 3, 2, 9, 0, 0)
AUTHOR = "Exemple fictif (assistant AMI)"

Block = tuple[str, Any]  # ("p", str) | ("ul", [str]) | ("table", [[str]])


@dataclass
class Dossier:
    """A fictional dossier: its metadata (dossiers.yaml) and its sections (title, blocks)."""

    file: str
    title: str
    structure: str
    structure_type: str
    axis: str  # A | B | C
    communes: list[str]
    start: str  # YYYY-MM-DD
    duration_months: int
    requested_eur: int
    total_cost_eur: int
    sections: list[tuple[str, list[Block]]]
    flawed: bool = False
    flaws: list[str] = field(default_factory=list)
    esus: bool | None = None  # for companies: do they hold the ESUS agreement the call requires?

    @property
    def format(self) -> str:
        """The file format, from the extension."""
        return Path(self.file).suffix.lstrip(".")

    def metadata(self) -> dict[str, Any]:
        """The dossiers.yaml entry of this dossier."""
        return {
            "file": self.file,
            "title": self.title,
            "fictional": True,
            "flawed": self.flawed,
            "flaws": list(self.flaws),
            "theme": {"A": "usages", "B": "equipement", "C": "aidants"}[self.axis],
            "axis": self.axis,
            "communes": list(self.communes),
            "format": self.format,
            "structure": self.structure,
            "structure_type": self.structure_type,
            **({} if self.esus is None else {"esus_agreement": self.esus}),
            "start": self.start,
            "duration_months": self.duration_months,
            "requested_eur": self.requested_eur,
            "total_cost_eur": self.total_cost_eur,
        }


# --------------------------------------------------------------------------- the dossiers (content)

PASSEURS = Dossier(
    file="exemple-passeurs-de-clics-louvigne.docx",
    title="Les Passeurs de clics – permanences numériques itinérantes dans les communes rurales du nord de l'agglomération",
    structure="Association Les Passeurs de clics",
    structure_type="association",
    axis="A",
    communes=["Louvigné-du-Désert", "Saint-Georges-de-Reintembault", "Le Ferré", "Mellé", "La Bazouge-du-Désert"],
    start="2026-09-01",
    duration_months=18,
    requested_eur=36000,
    total_cost_eur=52000,
    sections=[
        ("Présentation de la structure", [
            ("p", "Association loi 1901 créée en 2017 à Louvigné-du-Désert, Les Passeurs de clics compte 64 adhérents, "
                  "18 bénévoles actifs et 2 salariées (1,6 ETP). Son conseil d'administration de 7 membres se réunit chaque trimestre."),
            ("p", "Activités actuelles : un atelier hebdomadaire d'initiation à l'ordinateur à Louvigné-du-Désert, une aide aux "
                  "démarches en ligne sur rendez-vous, un club photo numérique pour les retraités."),
        ]),
        ("Axe et publics visés", [
            ("p", "Axe A – Accompagner les usages numériques du quotidien."),
            ("ul", [
                "Personnes âgées vivant seules dans les bourgs et hameaux",
                "Allocataires du RSA orientés par les travailleurs sociaux de l'agence départementale",
                "Habitants des communes rurales sans service public de proximité",
            ]),
        ]),
        ("Objectifs du projet", [
            ("ul", [
                "Tenir une permanence mensuelle dans chacune des cinq communes, dans la salle communale prêtée par la mairie",
                "Accompagner 180 personnes pendant le projet, dont au moins 60 allocataires du RSA",
                "Rendre autonomes 100 personnes sur trois usages : messagerie, espace personnel d'un organisme social, prise de rendez-vous en ligne",
            ]),
        ]),
        ("Mise en œuvre", [
            ("ul", [
                "Une conseillère numérique salariée et deux bénévoles par permanence, avec six ordinateurs portables et deux tablettes",
                "Accueil sans rendez-vous le matin, accompagnement individuel sur rendez-vous l'après-midi",
                "Cycle de quatre ateliers « mon smartphone au quotidien » par commune et par semestre",
                "Orientation vers les travailleurs sociaux quand la démarche révèle un droit non ouvert",
            ]),
        ]),
        ("Partenariats", [
            ("ul", [
                "Mairies des cinq communes : mise à disposition gratuite des salles et relais d'information",
                "Agence départementale du Pays de Fougères : orientation des allocataires du RSA",
                "Médiathèque de Louvigné-du-Désert : prêt de matériel et accueil des ateliers d'hiver",
            ]),
        ]),
        ("Calendrier", [
            ("p", "Démarrage le 1er septembre 2026, durée 18 mois (fin le 29 février 2028)."),
            ("table", [
                ["Période", "Étape"],
                ["Septembre – octobre 2026", "Conventions avec les mairies, communication, première tournée"],
                ["Novembre 2026 – mai 2027", "Permanences mensuelles et premiers cycles d'ateliers"],
                ["Juin 2027", "Rapport intermédiaire à mi-parcours"],
                ["Juin 2027 – février 2028", "Permanences, cycles d'ateliers, relais vers les aidants locaux"],
                ["Mars – mai 2028", "Bilan final et compte rendu financier"],
            ]),
        ]),
        ("Budget prévisionnel (HT)", [
            ("table", [
                ["Dépenses", "Montant", "Recettes", "Montant"],
                ["Personnel (conseillère numérique, 0,8 ETP sur 18 mois)", "38 000 €", "Subvention demandée au Département", "36 000 €"],
                ["Déplacements entre les communes", "5 000 €", "Conférence des financeurs (sollicitée)", "8 000 €"],
                ["Petit équipement informatique", "5 000 €", "Fonds propres de l'association", "6 000 €"],
                ["Communication", "2 000 €", "Bénévolat valorisé", "2 000 €"],
                ["Bénévolat valorisé", "2 000 €", "", ""],
                ["Total", "52 000 €", "Total", "52 000 €"],
            ]),
            ("p", "La subvention demandée représente 69 % du coût total ; le cofinancement (16 000 €) couvre le reste."),
        ]),
        ("Indicateurs et évaluation", [
            ("ul", [
                "Nombre de personnes accompagnées, par commune de résidence et par profil (cible : 180)",
                "Nombre de personnes autonomes sur les trois usages visés (cible : 100)",
                "Nombre de droits ouverts après orientation (suivi avec l'agence départementale)",
                "Satisfaction mesurée par un questionnaire court à la fin de chaque cycle",
            ]),
        ]),
        ("Pièces jointes", [
            ("ul", ["Budget prévisionnel (annexe 2)", "Lettres d'engagement des cinq mairies et de la médiathèque",
                    "Statuts et liste des membres du conseil d'administration", "Rapport d'activité et comptes 2025",
                    "Relevé d'identité bancaire"]),
        ]),
    ],
)

ORDI = Dossier(
    file="exemple-ordi-solidaire-fougeres.pdf",
    title="Ordi solidaire – reconditionner et remettre des ordinateurs aux jeunes et aux familles de Fougères, Lécousse et Javené",
    structure="SCIC Recyclerie numérique du Couesnon (agrément ESUS)",
    structure_type="entreprise",
    esus=True,
    axis="B",
    communes=["Fougères", "Lécousse", "Javené"],
    start="2026-06-15",
    duration_months=12,
    requested_eur=28000,
    total_cost_eur=40000,
    sections=[
        ("Présentation de la structure", [
            ("p", "Société coopérative d'intérêt collectif créée en 2020 à Fougères, titulaire de l'agrément « entreprise solidaire "
                  "d'utilité sociale » (ESUS) depuis 2021. 42 sociétaires répartis en quatre collèges (salariés, usagers, "
                  "collectivités, entreprises donatrices), 5 salariés dont 2 en parcours d'insertion."),
            ("p", "Activités : collecte de matériel informatique auprès des entreprises, effacement certifié des données, "
                  "reconditionnement et vente à prix solidaire."),
        ]),
        ("Axe et publics visés", [
            ("p", "Axe B – Équiper et connecter."),
            ("ul", [
                "Jeunes de 16 à 25 ans sans emploi ni formation, orientés par la mission locale",
                "Ménages à faibles ressources orientés par le CCAS de Fougères",
                "Personnes hébergées au centre d'hébergement de Fougères",
            ]),
        ]),
        ("Objectifs du projet", [
            ("ul", [
                "Remettre 150 ordinateurs reconditionnés à 30 € l'unité, chacun avec une initiation de deux heures",
                "Ouvrir un point d'accès libre accompagné deux après-midi par semaine à Fougères",
                "Proposer 50 abonnements internet à coût réduit pendant six mois aux ménages sans connexion",
            ]),
        ]),
        ("Mise en œuvre", [
            ("ul", [
                "Collecte auprès de 15 entreprises partenaires du pays de Fougères",
                "Atelier de reconditionnement à Lécousse, remise du matériel lors de permanences à Fougères et Javené",
                "Initiation individuelle à la remise : sécurité, messagerie, espace personnel",
            ]),
        ]),
        ("Calendrier", [
            ("p", "Démarrage le 15 juin 2026, durée 12 mois (fin le 14 juin 2027)."),
            ("table", [
                ["Période", "Étape"],
                ["Juin – août 2026", "Collecte, reconditionnement des 60 premiers postes, conventions d'orientation"],
                ["Septembre – décembre 2026", "Remises et initiations, ouverture du point d'accès libre"],
                ["Décembre 2026", "Rapport intermédiaire à mi-parcours"],
                ["Janvier – juin 2027", "Remises, abonnements solidaires, suivi des bénéficiaires"],
                ["Septembre 2027", "Bilan final et compte rendu financier"],
            ]),
        ]),
        ("Budget prévisionnel (HT)", [
            ("table", [
                ["Dépenses", "Montant", "Recettes", "Montant"],
                ["Personnel (technicien et animatrice)", "26 000 €", "Subvention demandée au Département", "28 000 €"],
                ["Pièces détachées et licences", "8 000 €", "Ventes solidaires des ordinateurs", "4 500 €"],
                ["Abonnements internet solidaires", "4 000 €", "Fougères Agglomération (sollicitée)", "5 000 €"],
                ["Communication et déplacements", "2 000 €", "Fonds propres de la SCIC", "2 500 €"],
                ["Total", "40 000 €", "Total", "40 000 €"],
            ]),
            ("p", "La subvention demandée représente 70 % du coût total éligible."),
        ]),
        ("Indicateurs et évaluation", [
            ("ul", [
                "Ordinateurs remis (cible : 150), dont part remise à des jeunes de 16 à 25 ans",
                "Fréquentation du point d'accès libre (cible : 400 passages)",
                "Ménages connectés grâce aux abonnements solidaires (cible : 50)",
            ]),
        ]),
        ("Pièces jointes", [
            ("ul", ["Budget prévisionnel (annexe 2)", "Lettres d'engagement de la mission locale et du CCAS",
                    "Attestation d'agrément ESUS", "Rapport d'activité et comptes 2025", "Relevé d'identité bancaire"]),
        ]),
    ],
)

AIDANTS = Dossier(
    file="exemple-aidants-en-reseau-ccas-fougeres.md",
    title="Aidants en réseau – former les agents d'accueil des mairies et des France services à l'accompagnement numérique",
    structure="CCAS de Fougères",
    structure_type="etablissement_public",
    axis="C",
    communes=["Fougères", "Romagné", "Rives-du-Couesnon", "Saint-Sauveur-des-Landes", "Parigné"],
    start="2026-10-01",
    duration_months=9,
    requested_eur=12000,
    total_cost_eur=18000,
    sections=[
        ("Présentation de la structure", [
            ("p", "Le centre communal d'action sociale de Fougères est un établissement public administratif présidé par le maire. "
                  "Il emploie 24 agents et gère l'aide sociale légale et facultative, un service d'accueil et un point d'accès au droit."),
        ]),
        ("Axe et publics visés", [
            ("p", "Axe C – Former celles et ceux qui aident."),
            ("ul", [
                "Agents d'accueil des mairies de Fougères, Romagné, Rives-du-Couesnon, Saint-Sauveur-des-Landes et Parigné",
                "Agents de la France services de Fougères",
                "Bénévoles des associations caritatives du territoire",
            ]),
        ]),
        ("Objectifs du projet", [
            ("ul", [
                "Former 45 aidants en trois sessions de deux jours",
                "Créer un annuaire partagé des lieux d'accompagnement numérique de l'agglomération",
                "Organiser trois échanges de pratiques entre aidants",
            ]),
        ]),
        ("Mise en œuvre", [
            ("ul", [
                "Formation assurée par un organisme spécialisé retenu après mise en concurrence",
                "Annuaire construit avec les mairies et tenu à jour par le CCAS",
                "Échanges de pratiques animés par la coordinatrice du CCAS, un par trimestre",
            ]),
        ]),
        ("Calendrier", [
            ("p", "Démarrage le 1er octobre 2026, durée 9 mois (fin le 30 juin 2027)."),
            ("table", [
                ["Période", "Étape"],
                ["Octobre – novembre 2026", "Choix de l'organisme de formation, inscriptions"],
                ["Décembre 2026 – février 2027", "Sessions de formation 1 et 2, premier échange de pratiques"],
                ["Février 2027", "Rapport intermédiaire à mi-parcours"],
                ["Mars – juin 2027", "Session 3, annuaire partagé, deux échanges de pratiques"],
                ["Septembre 2027", "Bilan final et compte rendu financier"],
            ]),
        ]),
        ("Budget prévisionnel (TTC, TVA non récupérée)", [
            ("table", [
                ["Dépenses", "Montant", "Recettes", "Montant"],
                ["Prestation de formation (3 sessions)", "10 800 €", "Subvention demandée au Département", "12 000 €"],
                ["Coordination (temps d'agent du CCAS)", "5 400 €", "Fonds propres du CCAS", "6 000 €"],
                ["Annuaire : conception et impression", "1 800 €", "", ""],
                ["Total", "18 000 €", "Total", "18 000 €"],
            ]),
            ("p", "Budget présenté TTC : le CCAS ne récupère pas la TVA (attestation jointe). La subvention représente 67 % du coût total."),
        ]),
        ("Indicateurs et évaluation", [
            ("ul", [
                "Aidants formés (cible : 45), par structure",
                "Personnes orientées grâce à l'annuaire partagé",
                "Satisfaction des aidants à l'issue de chaque session",
            ]),
        ]),
        ("Pièces jointes", [
            ("ul", ["Budget prévisionnel (annexe 2)", "Lettres d'engagement des quatre mairies partenaires",
                    "Attestation de non-récupération de la TVA", "Rapport d'activité et comptes 2025", "Relevé d'identité bancaire"]),
        ]),
    ],
)

APPLI = Dossier(
    file="exemple-non-conforme-appli-facile-rennes.docx",
    title="Appli Facile 35 – exemple volontairement non conforme (entreprise commerciale, Rennes et Vitré, 30 mois, 85 000 €)",
    structure="SARL Appli Facile",
    structure_type="entreprise",
    esus=False,
    axis="A",
    communes=["Rennes", "Vitré"],
    start="2027-02-01",
    duration_months=30,
    requested_eur=85000,
    total_cost_eur=100000,
    flawed=True,
    flaws=[
        "La structure est une SARL à but lucratif sans agrément ESUS : l'appel exclut les entreprises à but lucratif ne disposant pas de cet agrément.",
        "Les actions ont lieu à Rennes et à Vitré, hors des 28 communes de Fougères Agglomération.",
        "Le projet démarre le 1er février 2027, après la fenêtre de démarrage (entre le 1er juin 2026 et le 31 décembre 2026).",
        "Il dure 30 mois, au-delà des 24 mois maximum.",
        "La subvention demandée (85 000 €) dépasse le plafond de 60 000 € par projet.",
        "Elle représente 85 % du coût total, au-delà du taux maximal de 70 %, et aucun cofinancement extérieur n'est présenté.",
        "Le formulaire annonce 14 pages, au-delà des dix pages maximum, et les pièces (budget prévisionnel, relevé d'identité bancaire) ne sont pas listées.",
    ],
    sections=[
        ("Présentation de la structure", [
            ("p", "SARL créée en 2022 à Rennes, au capital de 20 000 €, qui développe et vend des applications mobiles simplifiées "
                  "pour les personnes âgées. Trois associés, quatre salariés."),
        ]),
        ("Axe et publics visés", [
            ("p", "Axe A – Accompagner les usages numériques du quotidien : personnes âgées de Rennes et de Vitré."),
        ]),
        ("Objectifs du projet", [
            ("ul", [
                "Déployer notre application « Appli Facile » auprès de 2 000 personnes âgées",
                "Vendre 500 abonnements annuels à l'application",
            ]),
        ]),
        ("Mise en œuvre", [
            ("ul", [
                "Démonstrations dans des résidences seniors de Rennes et de Vitré",
                "Installation de l'application et abonnement payant",
            ]),
        ]),
        ("Calendrier", [
            ("p", "Démarrage le 1er février 2027, durée 30 mois (fin le 31 juillet 2029)."),
        ]),
        ("Budget prévisionnel (HT)", [
            ("table", [
                ["Dépenses", "Montant", "Recettes", "Montant"],
                ["Développement de l'application", "60 000 €", "Subvention demandée au Département", "85 000 €"],
                ["Démonstrations et commerciaux", "40 000 €", "Fonds propres", "15 000 €"],
                ["Total", "100 000 €", "Total", "100 000 €"],
            ]),
        ]),
        ("Indicateurs", [
            ("ul", ["Nombre de téléchargements", "Nombre d'abonnements vendus"]),
        ]),
        ("Remarque", [
            ("p", "Le formulaire complet fait 14 pages."),
        ]),
    ],
)

DOSSIERS = [PASSEURS, ORDI, AIDANTS, APPLI]


# --------------------------------------------------------------------------- rendering

def _stable_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps (python-docx stamps members with the current time)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def render_docx(d: Dossier) -> bytes:
    """A Word document: the fictional notice, Title, Heading 1 sections, paragraphs, bullets and tables."""
    import docx

    doc = docx.Document()
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = d.title, AUTHOR, AUTHOR
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    props.comments = FICTION
    doc.add_paragraph(FICTION)
    doc.add_heading(d.title, level=0)
    doc.add_paragraph(f"Structure cheffe de file : {d.structure}. Candidature à l'{CALL_NAME}.")
    for title, blocks in d.sections:
        doc.add_heading(title, level=1)
        for kind, value in blocks:
            if kind == "p":
                doc.add_paragraph(value)
            elif kind == "ul":
                for item in value:
                    doc.add_paragraph(item, style="List Bullet")
            elif kind == "table":
                table = doc.add_table(rows=len(value), cols=len(value[0]))
                table.style = "Table Grid"
                for r, row in enumerate(value):
                    for c, text in enumerate(row):
                        table.cell(r, c).text = text
    buf = io.BytesIO()
    doc.save(buf)
    return _stable_zip(buf.getvalue())


def render_md(d: Dossier) -> bytes:
    """A Markdown document: the fictional notice, then headings, lists and tables."""
    lines = [f"*{FICTION}*", "", f"# {d.title}", "",
             f"Structure cheffe de file : {d.structure}. Candidature à l'{CALL_NAME}.", ""]
    for title, blocks in d.sections:
        lines += [f"## {title}", ""]
        for kind, value in blocks:
            if kind == "p":
                lines += [value, ""]
            elif kind == "ul":
                lines += [f"- {item}" for item in value] + [""]
            elif kind == "table":
                head, *rows = value
                lines.append("| " + " | ".join(head) + " |")
                lines.append("|" + "|".join(" --- " for _ in head) + "|")
                lines += ["| " + " | ".join(r) + " |" for r in rows]
                lines.append("")
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


def render_pdf(d: Dossier, out_path: Path) -> bool:
    """Write the dossier as PDF through LibreOffice (from its .docx rendering); False when soffice is missing."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return False
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / (Path(d.file).stem + ".docx")
        src.write_bytes(render_docx(d))
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", "pdf",
                        "--outdir", tmp, str(src)], check=True, capture_output=True, timeout=180)
        shutil.copyfile(Path(tmp) / (Path(d.file).stem + ".pdf"), out_path)
    return True


def metadata_yaml(dossiers: list[Dossier]) -> str:
    """The text of dossiers.yaml."""
    head = (
        "# Example dossiers of this call: all FICTIONAL, generated by corpus/_tools/make_aap_dossiers.py (do not edit\n"
        "# by hand: change the script and run it again). `flawed: true` marks the dossier written with deliberate mistakes,\n"
        "# which the assistant must never offer as a model; its `flaws` say what is wrong.\n"
    )
    body = yaml.safe_dump({"dossiers": [d.metadata() for d in dossiers]}, allow_unicode=True, sort_keys=False, width=120)
    return head + body


def build(out_dir: Path = OUT_DIR, pdf: bool = True) -> list[Path]:
    """Write every example dossier (the .pdf only with pdf=True) and dossiers.yaml into out_dir; return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for d in DOSSIERS:
        path = out_dir / d.file
        if d.format == "pdf":
            if not pdf or not render_pdf(d, path):
                if pdf:
                    print(f"soffice absent : {path.name} non régénéré", file=sys.stderr)
                continue
        else:
            path.write_bytes(render_docx(d) if d.format == "docx" else render_md(d))
        written.append(path)
    meta = out_dir / "dossiers.yaml"
    meta.write_text(metadata_yaml(DOSSIERS), encoding="utf-8")
    written.append(meta)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: optional output folder as the only argument."""
    argv = sys.argv[1:] if argv is None else argv
    for p in build(Path(argv[0]) if argv else OUT_DIR):
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
