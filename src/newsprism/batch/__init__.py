"""Runners over the same per-article function: local (nlp.pipe with n_process)."""

from .local import RunSummary, analyze

__all__ = ["RunSummary", "analyze"]
