"""Errors raised by the assistant: one base class, a few subclasses the UI and CLI turn into a sentence."""

from __future__ import annotations


class AssistantError(Exception):
    """Base class of every error the library raises on purpose; its message is meant for the user."""


class InputError(AssistantError):
    """The user's input (question, profile, file) is not usable as given."""


class CorpusError(AssistantError):
    """A call folder or one of its files is missing or inconsistent (e.g. a rule quote not in the call text)."""


class LoaderError(InputError):
    """A document could not be read; the message names the file."""


class StoreUnavailable(AssistantError):
    """The vector store (e.g. a Chroma server at AMI_CHROMA_URL) cannot be reached."""


class AuthError(AssistantError):
    """A staff password is missing or wrong."""


class ConflictError(AssistantError):
    """Someone else changed a record since it was read (answer bank version check)."""
