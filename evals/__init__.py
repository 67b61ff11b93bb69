"""The eval suite: cases (cases.jsonl), deterministic metrics, the naive baseline, reports; `ami eval` runs it."""
