"""Answering a question: understanding it (asks, intents, facts), routing it (answer bank, example dossiers,
verdicts over the call's constraints, rules, passages), composing the reply with its citations, grounding check."""

from __future__ import annotations
