"""Extract a call's territory (the communes of one or more EPCI) from the France-wide communes file.

Run from the repository root:

    python corpus/_tools/extract_territory.py OUT.csv SIREN [SIREN ...]

reads `corpus/ami-innovation-sociale-emploi-pas-de-calais-2024/data/communes-france.csv` (Etalab
decoupage-administratif, MIT licence) and writes the communes whose `epci_siren` is one of the given SIREN
numbers, with the columns of the first call's basin file: insee_code, commune, postal_codes, epci_siren,
epci_name, population. Rows are sorted by EPCI then commune name, so the output is reproducible.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "ami-innovation-sociale-emploi-pas-de-calais-2024" / "data" / "communes-france.csv"
COLUMNS = ["insee_code", "commune", "postal_codes", "epci_siren", "epci_name", "population"]


def extract(sirens: list[str], source: Path = SOURCE) -> list[dict[str, str]]:
    """The rows of the source file whose EPCI is one of sirens, restricted to COLUMNS and sorted."""
    with source.open(encoding="utf-8", newline="") as fh:
        rows = [{k: r[k] for k in COLUMNS} for r in csv.DictReader(fh) if r["epci_siren"] in set(sirens)]
    return sorted(rows, key=lambda r: (r["epci_siren"], r["commune"]))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) < 2:
        print("usage: extract_territory.py OUT.csv SIREN [SIREN ...]", file=sys.stderr)
        return 2
    rows = extract(argv[1:])
    if not rows:
        print(f"Aucune commune pour {', '.join(argv[1:])} dans {SOURCE}", file=sys.stderr)
        return 1
    with Path(argv[0]).open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{argv[0]}: {len(rows)} communes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
