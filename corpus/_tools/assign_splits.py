"""Assign the dev/test split of eval cases, once, before anyone tunes on them.

Run from the repository root:

    python corpus/_tools/assign_splits.py corpus/<call-id>/evals/cases.jsonl [--force]

Cases that already carry a "split" keep it (a split is never reshuffled after tuning has started), unless
--force. The others are split per category: ids sorted, shuffled with one random.Random(42) walked over the
categories in sorted order, the first half (rounded up) "dev", the rest "test". The file is rewritten in place,
one JSON object per line, keys in their original order.
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

SEED = 42


def assign(cases: list[dict], force: bool = False) -> list[dict]:
    """Give every case without a split (or every case, with force) a "split" of "dev" or "test"."""
    rng = random.Random(SEED)
    by_cat: dict[str, list[str]] = defaultdict(list)
    for c in cases:
        if force or "split" not in c:
            by_cat[c["category"]].append(c["id"])
    chosen: dict[str, str] = {}
    for cat in sorted(by_cat):
        ids = sorted(by_cat[cat])
        rng.shuffle(ids)
        half = (len(ids) + 1) // 2
        chosen.update({i: "dev" for i in ids[:half]})
        chosen.update({i: "test" for i in ids[half:]})
    for c in cases:
        if c["id"] in chosen:
            c["split"] = chosen[c["id"]]
    return cases


def main(argv: list[str]) -> int:
    """Rewrite the given JSONL file with splits assigned."""
    if not argv:
        print("usage: assign_splits.py CASES.jsonl [--force]", file=sys.stderr)
        return 2
    path = Path(argv[0])
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    cases = assign([json.loads(ln) for ln in lines], force="--force" in argv)
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
    counts: dict[str, int] = defaultdict(int)
    for c in cases:
        counts[c["split"]] += 1
    print(f"{path}: {len(cases)} cas, " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
