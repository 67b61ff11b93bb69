"""Generate the fictional example dossiers of the Pas-de-Calais AMI and their metadata file, deterministically.

Run from the repository root (the venv's python):

    python corpus/_tools/make_example_dossiers.py            # writes into the call's dossiers/ folder
    python corpus/_tools/make_example_dossiers.py OUT_DIR    # writes elsewhere (the tests compare the bytes)

Every dossier is written for this call, in French, and says in its own text that it is fictional: the structures,
projects and figures are invented; no real person, no e-mail address. Each dossier is described once, as data
(`DOSSIERS`), and rendered in its format:

- a .pptx whose calendar, indicators and budget are tables (text slides use the body placeholder);
- a .pptx built from free text boxes and grouped shapes (titles only in placeholders, nested groups included);
- a .docx with Heading 1/2 styles, paragraphs, bullets and a budget table;
- a .md with headings, lists and a budget table;
- a DELIBERATELY FLAWED .pptx (placeholders only): deployed in Arras, outside the basin, 18 months, starting in
  January 2025, and without the annexes. dossiers.yaml marks it `flawed: true` so the assistant never offers it
  as a model.

The same data writes `dossiers.yaml` (file, title, fictional, flawed, flaws, theme, communes, format, ...), which
the indexer reads. Output is byte-for-byte reproducible: fixed core properties and fixed zip timestamps.
"""

from __future__ import annotations

import io
import logging
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

log = logging.getLogger(__name__)

CALL_DIR = Path(__file__).resolve().parent.parent / "ami-innovation-sociale-emploi-pas-de-calais-2024"
OUT_DIR = CALL_DIR / "dossiers"
FICTION = "Dossier fictif – exemple rédigé pour l'assistant, ne correspond à aucune structure réelle."
FIXED_TIME = datetime(2024, 3, 15, 9, 0, 0)
ZIP_TIME = (2024, 3, 15, 9, 0, 0)
AUTHOR = "Exemple fictif (assistant AMI)"

Block = tuple[str, Any]  # ("p", str) | ("ul", [str]) | ("table", [[str]]) | ("group", [str | Block]) | ("h2", str)


@dataclass
class Part:
    """One slide of a deck, or one Heading 1 section of a document."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    notes: str = ""


@dataclass
class Dossier:
    """A fictional dossier: its metadata (dossiers.yaml) and its content."""

    file: str
    render: str  # pptx_tables | pptx_boxes | pptx_placeholders | docx | md
    title: str
    structure: str
    structure_type: str
    theme: str  # inclusion | industrie
    communes: list[str]
    start: str  # YYYY-MM-DD
    duration_months: int
    requested_eur: int
    parts: list[Part]
    flawed: bool = False
    flaws: list[str] = field(default_factory=list)

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
            "theme": self.theme,
            "communes": list(self.communes),
            "format": self.format,
            "structure": self.structure,
            "structure_type": self.structure_type,
            "start": self.start,
            "duration_months": self.duration_months,
            "requested_eur": self.requested_eur,
        }


# --------------------------------------------------------------------------- the dossiers (content)

TREMPLIN = Dossier(
    file="exemple-tremplin-seniors-lievin.pptx",
    render="pptx_tables",
    title="Tremplin 50+ – accompagner les seniors vers et dans l'emploi (Liévin, Lens, Avion)",
    structure="Association Les Relais du Carreau",
    structure_type="association",
    theme="inclusion",
    communes=["Liévin", "Lens", "Avion", "Éleu-dit-Leauwette"],
    start="2024-09-02",
    duration_months=12,
    requested_eur=40000,
    parts=[
        Part(
            "Tremplin 50+",
            [
                ("p", "Candidature à l'AMI Innovation sociale liée à l'emploi – Pas-de-Calais 2024/2025"),
                ("p", "Association Les Relais du Carreau – Liévin"),
                ("p", FICTION),
            ],
            notes=FICTION + " Les chiffres, les noms de structure et les partenaires sont inventés.",
        ),
        Part(
            "Présentation de la structure porteuse",
            [
                ("ul", [
                    "Création : association loi 1901 créée en 2009 à Liévin par d'anciens salariés des Houillères et des bénévoles du quartier",
                    "Activités : accompagnement individuel de demandeurs d'emploi de longue durée, ateliers « CV et entretien », chantier d'insertion en espaces verts (12 postes)",
                    "Gouvernance : conseil d'administration de 9 membres élus pour 3 ans, bureau de 4 membres, assemblée générale annuelle",
                    "Membres : 112 adhérents, 25 bénévoles actifs, 14 salariés (10,4 ETP)",
                ]),
            ],
        ),
        Part(
            "Pourquoi nous participons à cet AMI",
            [
                ("ul", [
                    "Un senior sur trois que nous accompagnons est inscrit depuis plus de deux ans, malgré des compétences recherchées",
                    "Les employeurs du bassin disent peiner à recruter, mais écartent encore les candidatures de plus de 50 ans",
                    "L'AMI nous permet de tester une action qui agit à la fois sur les candidats et sur les recruteurs",
                ]),
            ],
            notes="Insister à l'oral sur les retours des entreprises rencontrées lors du forum de l'emploi de l'automne dernier.",
        ),
        Part(
            "Le projet : objectifs",
            [
                ("ul", [
                    "Accompagner 60 demandeurs d'emploi de 50 ans et plus, dont au moins 40 inscrits depuis plus d'un an",
                    "Obtenir 25 retours à l'emploi ou entrées en formation qualifiante dans les 12 mois",
                    "Engager 20 entreprises du bassin dans une démarche de recrutement sans filtre d'âge",
                    "Sécuriser la prise de poste par un mentorat de 6 mois assuré par des retraités de l'industrie",
                ]),
            ],
        ),
        Part(
            "Mise en œuvre",
            [
                ("ul", [
                    "Repérage des participants avec les conseillers emploi et les centres sociaux de Liévin, Lens, Avion et Éleu-dit-Leauwette",
                    "Parcours de 8 semaines : bilan des compétences transférables, mises en situation en entreprise, levée des freins (mobilité, numérique)",
                    "« Job datings inversés » : les candidats présentent leur savoir-faire devant un jury de recruteurs",
                    "Ateliers de sensibilisation des recruteurs aux biais liés à l'âge, animés avec un cabinet RH",
                    "Mentorat après l'embauche : un binôme mentor-salarié pendant 6 mois",
                ]),
            ],
        ),
        Part(
            "Indicateurs de réussite",
            [
                ("table", [
                    ["Indicateur", "Cible", "Source"],
                    ["Seniors accompagnés", "60", "Fichier de suivi"],
                    ["Retours à l'emploi ou formations qualifiantes", "25", "Attestations employeurs"],
                    ["Entreprises engagées", "20", "Chartes signées"],
                    ["Salariés toujours en poste après 6 mois", "80 % des embauchés", "Entretiens de mentorat"],
                ]),
            ],
        ),
        Part(
            "Caractère innovant",
            [
                ("ul", [
                    "Le jury est inversé : ce sont les recruteurs qui viennent découvrir les candidats sur un plateau technique",
                    "Les recruteurs suivent eux-mêmes un parcours, au lieu de faire porter tout l'effort sur les demandeurs d'emploi",
                    "Le mentorat est assuré par des retraités de l'industrie locale, qui connaissent les métiers et les codes de l'entreprise",
                ]),
            ],
            notes="Le job dating inversé a été testé une fois en 2023 avec 6 entreprises ; le projet le rend régulier.",
        ),
        Part(
            "Calendrier du projet",
            [
                ("p", "Démarrage le 2 septembre 2024, durée 12 mois (fin le 31 août 2025)."),
                ("table", [
                    ["Période", "Étape"],
                    ["Septembre – octobre 2024", "Repérage des participants, signature des chartes entreprises"],
                    ["Novembre 2024 – février 2025", "Parcours collectifs n° 1 et 2, premiers job datings inversés"],
                    ["Mars 2025", "Point d'étape à mi-parcours"],
                    ["Mars – juin 2025", "Parcours collectifs n° 3 et 4, ateliers recruteurs"],
                    ["Juillet – août 2025", "Mentorat, bilan de fin d'action"],
                ]),
            ],
        ),
        Part(
            "Budget détaillé du projet",
            [
                ("table", [
                    ["Poste de dépense", "Montant TTC"],
                    ["Coordination et accompagnement (0,6 ETP conseillère emploi, 12 mois)", "24 600 €"],
                    ["Mentorat : formation et défraiement de 15 mentors bénévoles", "3 200 €"],
                    ["Job datings inversés (4 sessions : salle, restauration)", "4 800 €"],
                    ["Ateliers recruteurs (cabinet RH, 6 demi-journées)", "5 400 €"],
                    ["Mobilité des participants (titres de transport, aide au permis)", "3 500 €"],
                    ["Communication et supports", "1 500 €"],
                    ["Frais de structure", "3 000 €"],
                    ["Total", "46 000 €"],
                ]),
                ("p", "Financement : 40 000 € demandés à l'AMI, 6 000 € de fonds propres de l'association."),
            ],
            notes="Montants TTC : l'association n'est pas assujettie à la TVA.",
        ),
        Part(
            "Annexes",
            [
                ("ul", [
                    "Statuts de l'association (version modifiée en 2019)",
                    "Composition du conseil d'administration et du bureau",
                    "Comptes de résultat des exercices 2021, 2022 et 2023",
                ]),
            ],
        ),
    ],
)

USINE = Dossier(
    file="exemple-usine-grandeur-nature-henin-carvin.pptx",
    render="pptx_boxes",
    title="Usine grandeur nature – faire découvrir les métiers industriels aux collégiens, à leurs parents et à leurs professeurs",
    structure="Club Industries Deûle & Gohelle",
    structure_type="reseau_entreprises",
    theme="industrie",
    communes=["Hénin-Beaumont", "Carvin", "Oignies", "Courrières", "Libercourt"],
    start="2024-10-01",
    duration_months=10,
    requested_eur=38000,
    parts=[
        Part(
            "Usine grandeur nature",
            [
                ("p", "Réponse à l'AMI Innovation sociale liée à l'emploi – Pas-de-Calais 2024/2025"),
                ("p", "Porté par le Club Industries Deûle & Gohelle, réseau d'entreprises industrielles d'Hénin-Carvin"),
                ("p", FICTION),
            ],
        ),
        Part(
            "Qui sommes-nous ?",
            [
                ("p", "Le Club Industries Deûle & Gohelle est une association d'entreprises créée en 2016 à Carvin."),
                ("p", "Activités : rencontres entre dirigeants, achats groupés, actions emploi-formation avec les collèges et les lycées professionnels."),
                ("p", "Gouvernance : un bureau de 6 chefs d'entreprise, présidence tournante tous les deux ans, assemblée générale chaque printemps."),
                ("p", "Membres : 34 entreprises adhérentes (métallurgie, plasturgie, agroalimentaire, logistique) qui emploient ensemble environ 2 900 salariés."),
                ("group", [
                    "Créé en 2016",
                    "34 entreprises adhérentes",
                    ("group", ["2 salariées permanentes", "12 chefs d'entreprise bénévoles"]),
                ]),
            ],
        ),
        Part(
            "Nos raisons de participer à l'AMI",
            [
                ("p", "Nos adhérents ont 140 postes industriels non pourvus, surtout en maintenance, conduite de ligne et soudure."),
                ("p", "Les familles connaissent mal ces métiers ; l'image de l'usine reste celle d'un travail pénible et mal payé."),
                ("p", "Très peu de jeunes filles candidatent : nous voulons changer cela avec les collèges du territoire."),
            ],
            notes="Chiffre des postes non pourvus issu de l'enquête interne du club (fictive pour cet exemple).",
        ),
        Part(
            "Le projet : objectifs",
            [
                ("p", "Faire découvrir de façon concrète et positive les métiers industriels à 600 collégiens de 4e et 3e."),
                ("p", "Associer 150 parents et 40 professeurs, qui pèsent dans les choix d'orientation."),
                ("p", "Donner la parole à des femmes techniciennes et ingénieures : au moins la moitié des ambassadeurs seront des femmes."),
            ],
        ),
        Part(
            "Mise en œuvre",
            [
                ("p", "Quatre modules, construits avec 12 entreprises d'accueil et 8 collèges d'Hénin-Beaumont, Carvin, Oignies, Courrières et Libercourt :"),
                ("group", [
                    "Visites de classes en atelier, avec équipements de sécurité prêtés",
                    "Soirées « Mon parent à l'usine » pour les familles",
                    "Journées d'immersion pour les professeurs",
                    "Ambassadrices : des salariées racontent leur parcours en classe",
                ]),
            ],
            notes="Les collèges partenaires ont donné un accord de principe ; les conventions seront signées en octobre.",
        ),
        Part(
            "Indicateurs de réussite",
            [
                ("p", "600 collégiens ayant visité une entreprise ; 150 parents présents aux soirées ; 40 professeurs en immersion."),
                ("p", "Questionnaire avant/après : part des élèves qui envisagent un métier industriel."),
                ("p", "Nombre de demandes de stage de 3e et de candidatures en lycée professionnel industriel."),
                ("p", "Part de filles parmi les élèves qui demandent un stage en entreprise industrielle."),
            ],
        ),
        Part(
            "Ce qui est innovant",
            [
                ("p", "Le projet s'adresse à toute la famille et aux professeurs en même temps, et pas seulement aux élèves."),
                ("p", "Les entreprises ouvrent leurs ateliers en production réelle, le soir, pour les parents."),
                ("p", "Les ambassadrices donnent aux filles des modèles proches d'elles, issus des mêmes communes."),
            ],
        ),
        Part(
            "Calendrier",
            [
                ("p", "Démarrage le 1er octobre 2024, durée 10 mois (fin le 31 juillet 2025)."),
                ("group", [
                    "Phase 1 – Octobre-novembre 2024 : conventions avec les collèges, formation des ambassadrices",
                    "Phase 2 – Visites de classes en atelier (décembre 2024 – mars 2025)",
                    "Phase 3 – Soirées familles (janvier – mai 2025)",
                    "Phase 4 – Immersion des professeurs (avril – juin 2025)",
                    "Phase 5 – Bilan et restitution (juillet 2025)",
                ]),
            ],
        ),
        Part(
            "Budget détaillé",
            [
                ("p", "Coordination du projet (0,5 ETP chargée de mission, 10 mois) : 17 500 €"),
                ("p", "Transport des classes en car (24 visites) : 7 200 €"),
                ("p", "Équipements de sécurité prêtés aux élèves (chaussures, lunettes, gilets) : 2 800 €"),
                ("p", "Soirées familles en entreprise (6 soirées) : 3 600 €"),
                ("p", "Immersion des professeurs (4 sessions, repas et supports) : 2 400 €"),
                ("p", "Kit pédagogique et vidéos de métiers : 4 500 €"),
                ("p", "Total : 38 000 € TTC, entièrement demandés à l'AMI"),
            ],
            notes="Les entreprises d'accueil valorisent en plus le temps de leurs salariés, non compté dans ce budget.",
        ),
        Part(
            "Annexes jointes",
            [
                ("p", "Statuts du Club Industries Deûle & Gohelle"),
                ("p", "Composition du bureau et liste des entreprises adhérentes"),
                ("p", "Comptes de résultat 2021, 2022 et 2023"),
            ],
        ),
    ],
)

HORAIRES = Dossier(
    file="exemple-horaires-decales-femmes-wingles.docx",
    render="docx",
    title="Parcours « Horaires décalés » – lever les freins de garde et de mobilité des femmes éloignées de l'emploi",
    structure="SCIC Veilleuses & Compagnie",
    structure_type="entreprise",
    theme="inclusion",
    communes=["Wingles", "Vendin-le-Vieil", "Hulluch", "Meurchin", "Harnes"],
    start="2024-11-04",
    duration_months=12,
    requested_eur=42000,
    parts=[
        Part(
            "Présentation de la structure",
            [
                ("h2", "Création et activités"),
                ("p", "La SCIC Veilleuses & Compagnie est une société coopérative d'intérêt collectif créée en 2017 à Wingles. "
                      "Elle propose une garde d'enfants à domicile et en micro-crèche aux horaires atypiques (tôt le matin, le soir, le week-end) "
                      "pour les parents qui travaillent en équipes postées."),
                ("h2", "Gouvernance et membres"),
                ("p", "La coopérative compte 86 sociétaires répartis en trois collèges : salariées, familles usagères, partenaires (dont deux communes). "
                      "Un conseil d'administration de 8 membres se réunit tous les deux mois ; l'assemblée générale annuelle suit le principe « une personne, une voix »."),
                ("p", "Elle emploie 19 salariées, dont 11 auxiliaires de puériculture."),
                ("h2", "Raisons de notre participation à l'AMI"),
                ("p", "Les entreprises industrielles et logistiques autour de Wingles recrutent en horaires décalés. "
                      "Des femmes que nous rencontrons renoncent à ces postes faute de solution de garde et de transport à 5 heures du matin. "
                      "L'AMI nous permet de relier notre service de garde à un accompagnement vers l'emploi."),
            ],
        ),
        Part(
            "Présentation du projet",
            [
                ("h2", "Objectifs"),
                ("ul", [
                    "Accompagner 40 femmes éloignées de l'emploi, dont des mères isolées, vers des postes en horaires décalés",
                    "Offrir une solution de garde aux horaires atypiques à 20 familles pendant les trois premiers mois d'emploi",
                    "Obtenir 20 embauches en CDI, CDD de plus de six mois ou intérim long",
                ]),
                ("h2", "Mise en œuvre"),
                ("ul", [
                    "Repérage avec les centres sociaux et les conseillers emploi de Wingles, Vendin-le-Vieil, Hulluch, Meurchin et Harnes",
                    "Un diagnostic des freins pour chaque participante : garde, mobilité, santé, numérique",
                    "Formation « prise de poste » de trois semaines avec visites des sites partenaires",
                    "Garde d'enfants aux horaires atypiques assurée par la coopérative, et covoiturage solidaire vers les sites",
                    "Suivi dans l'emploi pendant six mois, avec un référent désigné dans chaque entreprise",
                ]),
                ("h2", "Indicateurs de réussite"),
                ("ul", [
                    "Nombre de femmes accompagnées (cible : 40)",
                    "Nombre d'embauches durables (cible : 20)",
                    "Maintien en emploi à six mois",
                    "Nombre de familles ayant utilisé la garde en horaires atypiques (cible : 20)",
                ]),
                ("h2", "Caractère innovant"),
                ("p", "Le projet traite ensemble l'accès à l'emploi et la garde d'enfants, que les dispositifs existants traitent séparément. "
                      "Les employeurs participent à la conception des plannings pour les rendre compatibles avec la vie de famille."),
            ],
        ),
        Part(
            "Calendrier",
            [
                ("p", "Démarrage le 4 novembre 2024, pour une durée de 12 mois (fin le 31 octobre 2025)."),
                ("ul", [
                    "Novembre – décembre 2024 : repérage, diagnostics, accords avec 8 employeurs",
                    "Janvier – avril 2025 : deux promotions de formation « prise de poste », premières embauches",
                    "Mai 2025 : point d'étape à mi-parcours",
                    "Mai – octobre 2025 : troisième promotion, suivi dans l'emploi, bilan de fin d'action",
                ]),
            ],
        ),
        Part(
            "Budget détaillé",
            [
                ("table", [
                    ["Poste de dépense", "Détail", "Montant TTC"],
                    ["Chargée d'insertion", "0,5 ETP pendant 12 mois", "19 800 €"],
                    ["Garde en horaires atypiques", "Reste à charge couvert pour 20 familles", "12 000 €"],
                    ["Covoiturage solidaire", "Plateforme et indemnités des conducteurs", "5 200 €"],
                    ["Formation « prise de poste »", "Prestataire, 3 sessions", "4 500 €"],
                    ["Animation du réseau d'employeurs", "Rencontres et petits-déjeuners", "1 800 €"],
                    ["Évaluation", "Évaluation externe de fin de projet", "2 500 €"],
                    ["Frais de gestion", "Comptabilité, assurance", "1 700 €"],
                    ["Total", "", "47 500 €"],
                ]),
                ("p", "Plan de financement : 42 000 € demandés à l'AMI, 5 500 € de fonds propres de la coopérative."),
            ],
        ),
        Part(
            "Annexes",
            [
                ("ul", [
                    "Statuts de la SCIC Veilleuses & Compagnie",
                    "Composition du conseil d'administration et des collèges de sociétaires",
                    "Comptes de résultat des trois derniers exercices (2021, 2022, 2023)",
                ]),
            ],
        ),
    ],
)

MACHINES = Dossier(
    file="exemple-elles-font-tourner-les-machines-lens.md",
    render="md",
    title="Elles font tourner les machines – donner aux collégiennes et lycéennes l'envie des métiers industriels",
    structure="Association Bielles & Boussoles",
    structure_type="association",
    theme="industrie",
    communes=["Lens", "Liévin", "Loos-en-Gohelle", "Bully-les-Mines", "Grenay"],
    start="2024-09-16",
    duration_months=9,
    requested_eur=30000,
    parts=[
        Part(
            "La structure porteuse",
            [
                ("h2", "Création"),
                ("p", "L'association Bielles & Boussoles a été créée en 2020 à Loos-en-Gohelle par des techniciennes et des enseignantes de technologie."),
                ("h2", "Activités"),
                ("ul", [
                    "Ateliers de sciences et techniques pour collégiennes et lycéennes, le mercredi et pendant les vacances",
                    "Un atelier de fabrication mobile (imprimante 3D, petite fraiseuse, kits d'électronique) qui se déplace dans les établissements",
                    "Interventions en classe sur l'orientation vers les filières techniques",
                ]),
                ("h2", "Gouvernance et membres"),
                ("p", "Un conseil d'administration de 7 membres et une présidente élue pour deux ans. "
                      "48 adhérentes et adhérents, dont 15 professionnelles de l'industrie en activité ; une salariée à temps partiel."),
                ("h2", "Pourquoi nous participons à cet AMI"),
                ("p", "Nos ateliers montrent que les filles s'intéressent à la technique quand elles rencontrent des femmes qui en vivent. "
                      "L'AMI nous permet de passer d'ateliers ponctuels à un parcours complet, avec les parents et les entreprises."),
            ],
        ),
        Part(
            "Le projet",
            [
                ("h2", "Objectifs"),
                ("ul", [
                    "Faire découvrir les métiers industriels à 120 collégiennes et lycéennes de Lens, Liévin, Loos-en-Gohelle, Bully-les-Mines et Grenay",
                    "Mettre en relation chaque participante avec une marraine en activité dans l'industrie",
                    "Associer les parents par des visites d'entreprise en duo fille-parent",
                    "Outiller les professeurs avec un kit pédagogique sur les métiers et leurs compétences",
                ]),
                ("h2", "Mise en œuvre"),
                ("ol", [
                    "Ateliers « Fabrique ta machine » : en six séances, un groupe conçoit et fabrique un petit convoyeur",
                    "Marrainage : 30 marraines suivent chacune trois à quatre jeunes filles pendant l'année",
                    "Visites d'entreprise en duo fille-parent dans 6 sites industriels du bassin",
                    "Portraits vidéo « Elles font l'industrie », tournés avec les marraines et diffusés dans les établissements",
                ]),
                ("h2", "Indicateurs de réussite"),
                ("ul", [
                    "120 participantes, 30 marraines, 6 entreprises d'accueil",
                    "80 parents présents aux visites en duo",
                    "Part des participantes qui demandent un stage ou une formation dans l'industrie à la fin de l'année",
                    "Satisfaction des participantes, des parents et des professeurs (questionnaire)",
                ]),
                ("h2", "Caractère innovant"),
                ("p", "Le parcours associe le faire (fabriquer une machine), le modèle (une marraine proche) et la famille (visite en duo). "
                      "Les jeunes filles présentent leur machine à leurs parents sur le site de l'entreprise, ce qui change le regard des familles sur l'usine."),
            ],
        ),
        Part(
            "Calendrier",
            [
                ("p", "Démarrage le 16 septembre 2024, pour 9 mois (fin le 13 juin 2025)."),
                ("table", [
                    ["Période", "Action"],
                    ["Septembre – octobre 2024", "Recrutement des marraines et des participantes"],
                    ["Novembre 2024 – mars 2025", "Ateliers « Fabrique ta machine », marrainage"],
                    ["Janvier – avril 2025", "Visites en duo fille-parent"],
                    ["Mai – juin 2025", "Présentation des machines, vidéos, bilan"],
                ]),
            ],
        ),
        Part(
            "Budget détaillé",
            [
                ("table", [
                    ["Poste", "Montant TTC"],
                    ["Coordination (0,4 ETP, 9 mois)", "12 600 €"],
                    ["Défraiement des marraines (déplacements, repas)", "2 400 €"],
                    ["Ateliers « Fabrique ta machine » (matériel, consommables)", "5 800 €"],
                    ["Visites en duo fille-parent (transport)", "2 200 €"],
                    ["Portraits vidéo « Elles font l'industrie »", "3 500 €"],
                    ["Kit pédagogique pour les professeurs", "1 500 €"],
                    ["Frais de structure", "2 000 €"],
                    ["Total", "30 000 €"],
                ]),
                ("p", "Montant demandé à l'AMI : 30 000 €."),
            ],
        ),
        Part(
            "Annexes",
            [
                ("ul", [
                    "Statuts de l'association Bielles & Boussoles",
                    "Composition du conseil d'administration",
                    "Comptes de résultat 2021, 2022 et 2023",
                ]),
            ],
        ),
    ],
)

ARRAS = Dossier(
    file="exemple-non-conforme-cap-numerique-arras.pptx",
    render="pptx_placeholders",
    title="Cap Numérique Jeunes – exemple volontairement non conforme (Arras, 18 mois, démarrage en janvier 2025)",
    structure="Association Pixels Solidaires Artois",
    structure_type="association",
    theme="inclusion",
    communes=["Arras"],
    start="2025-01-06",
    duration_months=18,
    requested_eur=52000,
    flawed=True,
    flaws=[
        "Le projet est déployé à Arras, hors du bassin d'emploi de Lens/Hénin demandé par l'appel.",
        "Il démarre en janvier 2025, alors que l'appel demande un démarrage au plus tard en novembre 2024.",
        "Il dure 18 mois, au-delà des 12 mois maximum fixés par l'appel.",
        "Les pièces à joindre en annexe (statuts, composition des instances, comptes de résultats des 3 derniers exercices) ne sont pas mentionnées.",
    ],
    parts=[
        Part(
            "Cap Numérique Jeunes",
            [
                ("p", "Association Pixels Solidaires Artois – Arras"),
                ("p", FICTION),
                ("p", "Exemple volontairement non conforme à l'appel : ne pas le prendre pour modèle."),
            ],
            notes=FICTION + " Ce dossier sert à vérifier que l'assistant repère les écarts avec l'appel.",
        ),
        Part(
            "Présentation de la structure",
            [
                ("ul", [
                    "Création : association créée en 2015 à Arras",
                    "Activités : ateliers d'initiation au numérique, reconditionnement d'ordinateurs, aide aux démarches en ligne",
                    "Gouvernance : conseil d'administration de 6 membres, bureau de 3 membres",
                    "Membres : 70 adhérents, 4 salariés, 12 bénévoles",
                ]),
            ],
        ),
        Part(
            "Raisons de notre participation",
            [
                ("ul", [
                    "Beaucoup de jeunes des quartiers prioritaires d'Arras n'ont ni ordinateur ni adresse électronique utilisable pour candidater",
                    "Les entreprises du numérique de l'agglomération d'Arras cherchent des techniciens de support",
                ]),
            ],
        ),
        Part(
            "Objectifs du projet",
            [
                ("ul", [
                    "Former 50 jeunes de 16 à 25 ans des quartiers prioritaires d'Arras aux métiers du support informatique",
                    "Conduire 25 d'entre eux vers un emploi ou une alternance",
                ]),
            ],
        ),
        Part(
            "Mise en œuvre",
            [
                ("ul", [
                    "Atelier de reconditionnement d'ordinateurs comme lieu de formation pratique",
                    "Stages dans des entreprises du numérique de l'Arrageois",
                    "Accompagnement vers l'alternance avec un centre de formation",
                ]),
            ],
        ),
        Part(
            "Indicateurs de réussite",
            [
                ("ul", [
                    "Nombre de jeunes formés (cible : 50)",
                    "Nombre d'entrées en emploi ou en alternance (cible : 25)",
                    "Nombre d'ordinateurs reconditionnés et donnés aux participants",
                ]),
            ],
        ),
        Part(
            "Caractère innovant",
            [
                ("ul", [
                    "Les jeunes apprennent en reconditionnant les ordinateurs qu'ils gardent ensuite",
                    "Les entreprises partenaires encadrent directement les ateliers",
                ]),
            ],
        ),
        Part(
            "Calendrier",
            [
                ("ul", [
                    "Démarrage : 6 janvier 2025",
                    "Durée : 18 mois (fin en juin 2026)",
                    "Janvier – juin 2025 : première promotion",
                    "Juillet – décembre 2025 : deuxième promotion",
                    "Janvier – juin 2026 : troisième promotion et bilan",
                ]),
            ],
            notes="Le calendrier sur 18 mois permet trois promotions complètes.",
        ),
        Part(
            "Budget détaillé",
            [
                ("ul", [
                    "Formateur numérique (0,8 ETP, 18 mois) : 38 000 €",
                    "Pièces détachées et outillage : 6 000 €",
                    "Transport des jeunes vers les stages : 3 000 €",
                    "Frais de structure : 5 000 €",
                    "Total demandé à l'AMI : 52 000 € TTC",
                ]),
            ],
        ),
    ],
)

DOSSIERS: list[Dossier] = [TREMPLIN, USINE, HORAIRES, MACHINES, ARRAS]


# --------------------------------------------------------------------------- renderers

def _texts(blocks: list[Block]) -> list[str]:
    """The paragraphs of text blocks, flattened (lists become one paragraph per item)."""
    out: list[str] = []
    for kind, value in blocks:
        if kind in ("p", "h2"):
            out.append(value)
        elif kind in ("ul", "ol"):
            out.extend(value)
    return out


def _core(props, title: str) -> None:
    """Fixed core properties, so that the output is reproducible."""
    props.title = title
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.revision = 1
    props.keywords = "dossier fictif; exemple"
    props.comments = FICTION


def _stable_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps (python-pptx/docx stamp members with the current time)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def _fill(text_frame, paragraphs: list[str], size: int, bold_first: bool = False) -> None:
    """Write paragraphs into a text frame (first paragraph reused)."""
    from pptx.util import Pt

    text_frame.word_wrap = True
    for i, t in enumerate(paragraphs):
        p = text_frame.paragraphs[0] if i == 0 else text_frame.add_paragraph()
        run = p.add_run()
        run.text = t
        run.font.size = Pt(size)
        if bold_first and i == 0:
            run.font.bold = True


def _add_table(slide, rows: list[list[str]], left, top, width, row_h) -> None:
    """A table shape with a bold header row."""
    from pptx.util import Pt

    shape = slide.shapes.add_table(len(rows), len(rows[0]), left, top, width, row_h * len(rows))
    table = shape.table
    longest = [max(len(row[c]) for row in rows) + 8 for c in range(len(rows[0]))]
    for c, n in enumerate(longest):  # columns as wide as their longest text
        table.columns[c].width = int(width * n / sum(longest))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = value
            for p in cell.text_frame.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(12)
                    run.font.bold = r == 0 or row[0] == "Total"


def _add_group(shapes, items: list, left, top, width, height, depth: int = 0) -> None:
    """A group of rounded rectangles side by side; a nested list becomes a nested group."""
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Emu

    group = shapes.add_group_shape()
    gap = Emu(91440)
    w = int((width - gap * (len(items) - 1)) / len(items))
    for i, item in enumerate(items):
        x = left + i * (w + gap)
        if isinstance(item, tuple):
            _add_group(group.shapes, item[1], x, top, w, height, depth + 1)
            continue
        box = group.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, x, top, w, height)
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor(0x1F, 0x4E, 0x79) if depth == 0 else RGBColor(0x2E, 0x75, 0xB6)
        box.line.fill.background()
        _fill(box.text_frame, [item], 13 if len(item) > 40 else 15)
        for p in box.text_frame.paragraphs:
            for run in p.runs:
                run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)


def render_pptx(d: Dossier) -> bytes:
    """A deck in one of three styles: tables, free text boxes and groups, or body placeholders."""
    from pptx import Presentation
    from pptx.util import Emu, Inches

    prs = Presentation()
    _core(prs.core_properties, d.title)
    if d.render == "pptx_boxes":
        prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    sw = prs.slide_width
    margin = Inches(0.5)
    title_only = prs.slide_layouts[5]
    title_content = prs.slide_layouts[1]
    cover_layout = prs.slide_layouts[0]
    for n, part in enumerate(d.parts):
        has_table = any(k == "table" for k, _ in part.blocks)
        if n == 0 and d.render != "pptx_boxes":
            slide = prs.slides.add_slide(cover_layout)
            slide.shapes.title.text = part.title
            subtitle = slide.placeholders[1]
            subtitle.text_frame.text = ""
            _fill(subtitle.text_frame, _texts(part.blocks), 16)
        elif d.render == "pptx_boxes" or has_table:
            slide = prs.slides.add_slide(title_only)
            title = slide.shapes.title
            title.text = part.title
            title.left, title.top, title.width, title.height = margin, Inches(0.3), sw - 2 * margin, Inches(1.0)
            top = Inches(1.5)
            size = 28 if n == 0 else (18 if d.render == "pptx_boxes" else 16)
            pending: list[str] = []
            for kind, value in part.blocks + [("end", None)]:
                if kind == "p":
                    pending.append(value)
                    continue
                if pending:  # consecutive paragraphs share one text box, in reading order
                    box_h = Emu(Inches(0.45 if size <= 18 else 0.6) * len(pending))
                    box = slide.shapes.add_textbox(margin, top, sw - 2 * margin, box_h)
                    _fill(box.text_frame, pending, size, bold_first=(n == 0))
                    top += box_h + Inches(0.2)
                    pending = []
                if kind == "table":
                    _add_table(slide, value, margin, top, sw - 2 * margin, Inches(0.4))
                    top += Inches(0.4) * len(value) + Inches(0.2)
                elif kind == "group":
                    _add_group(slide.shapes, value, margin, top, sw - 2 * margin, Inches(1.4))
                    top += Inches(1.6)
        else:
            slide = prs.slides.add_slide(title_content)
            slide.shapes.title.text = part.title
            body = slide.placeholders[1]
            body.text_frame.text = ""
            _fill(body.text_frame, _texts(part.blocks), 18)
        if part.notes:
            slide.notes_slide.notes_text_frame.text = part.notes
    buf = io.BytesIO()
    prs.save(buf)
    return _stable_zip(buf.getvalue())


def render_docx(d: Dossier) -> bytes:
    """A Word document: Title, Heading 1/2, paragraphs, bullets and tables."""
    import docx

    doc = docx.Document()
    _core(doc.core_properties, d.title)
    doc.add_paragraph(FICTION)
    doc.add_heading(d.title, level=0)
    doc.add_paragraph(f"Porteur : {d.structure}. Candidature à l'AMI Innovation sociale liée à l'emploi – Pas-de-Calais – 2024/2025.")
    for part in d.parts:
        doc.add_heading(part.title, level=1)
        for kind, value in part.blocks:
            if kind == "h2":
                doc.add_heading(value, level=2)
            elif kind == "p":
                doc.add_paragraph(value)
            elif kind in ("ul", "ol"):
                for item in value:
                    doc.add_paragraph(item, style="List Bullet" if kind == "ul" else "List Number")
            elif kind == "table":
                table = doc.add_table(rows=len(value), cols=len(value[0]))
                table.style = "Table Grid"
                for r, row in enumerate(value):
                    for c, text in enumerate(row):
                        cell = table.cell(r, c)
                        cell.text = text
                        if r == 0 or row[0] == "Total":
                            for run in cell.paragraphs[0].runs:
                                run.bold = True
    buf = io.BytesIO()
    doc.save(buf)
    return _stable_zip(buf.getvalue())


def render_md(d: Dossier) -> bytes:
    """A Markdown document: the fictional notice first, then headings, lists and tables."""
    lines = [f"*{FICTION}*", "", f"# {d.title}", "",
             f"Porteur : {d.structure}. Candidature à l'AMI Innovation sociale liée à l'emploi – Pas-de-Calais – 2024/2025.", ""]
    for part in d.parts:
        lines += [f"## {part.title}", ""]
        for kind, value in part.blocks:
            if kind == "h2":
                lines += [f"### {value}", ""]
            elif kind == "p":
                lines += [value, ""]
            elif kind == "ul":
                lines += [f"- {item}" for item in value] + [""]
            elif kind == "ol":
                lines += [f"{i}. {item}" for i, item in enumerate(value, start=1)] + [""]
            elif kind == "table":
                head, *rows = value
                lines.append("| " + " | ".join(head) + " |")
                lines.append("|" + "|".join(" --- " for _ in head) + "|")
                lines += ["| " + " | ".join(r) + " |" for r in rows]
                lines.append("")
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


RENDERERS = {
    "pptx_tables": render_pptx,
    "pptx_boxes": render_pptx,
    "pptx_placeholders": render_pptx,
    "docx": render_docx,
    "md": render_md,
}


def metadata_yaml(dossiers: list[Dossier]) -> str:
    """The text of dossiers.yaml."""
    head = (
        "# Example dossiers of this call: all FICTIONAL, generated by corpus/_tools/make_example_dossiers.py (do not edit\n"
        "# by hand: change the script and run it again). The indexer marks their chunks `fictional`, and `flawed` for the\n"
        "# dossier written with deliberate mistakes, which the assistant must never offer as a model.\n"
    )
    body = yaml.safe_dump({"dossiers": [d.metadata() for d in dossiers]}, allow_unicode=True, sort_keys=False, width=120)
    return head + body


def build(out_dir: Path = OUT_DIR) -> list[Path]:
    """Write every example dossier and dossiers.yaml into out_dir; return the written paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for d in DOSSIERS:
        path = out_dir / d.file
        path.write_bytes(RENDERERS[d.render](d))
        written.append(path)
        log.info("wrote %s", path)
    meta = out_dir / "dossiers.yaml"
    meta.write_text(metadata_yaml(DOSSIERS), encoding="utf-8")
    written.append(meta)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: optional output folder as the only argument."""
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else OUT_DIR
    for p in build(out):
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
