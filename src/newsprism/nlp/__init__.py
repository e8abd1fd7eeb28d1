"""spaCy integration: Doc extensions, the newsprism_* factories, and building the pipeline."""

from .extensions import get_records, register_extensions, set_records
from .pipeline import COMPONENTS, build_nlp

__all__ = ["COMPONENTS", "build_nlp", "get_records", "register_extensions", "set_records"]
