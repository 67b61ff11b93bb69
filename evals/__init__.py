"""The eval suite: cases per call (corpus/<call-id>/evals/*.jsonl, dev and test splits), deterministic metrics,
the naive baseline, gates, reports; `ami eval` runs it."""
