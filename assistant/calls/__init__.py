"""A call as data: its model (typed constraints, each with its quotes), loading with quote verification
(`spec`), and drafting a call folder from its document alone (`ami new-call`: `read`, `drafting`, `write`)."""

from __future__ import annotations
