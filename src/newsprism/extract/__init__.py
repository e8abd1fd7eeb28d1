"""Pure extraction functions: a parsed spaCy Doc in, newsprism records out. No state, no I/O."""

from .dates import dates
from .entities import entities
from .events import events
from .figures import figures
from .labels import labels
from .quotes import quotes, scan_quote_marks

__all__ = ["dates", "entities", "events", "figures", "labels", "quotes", "scan_quote_marks"]
