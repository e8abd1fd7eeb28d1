"""Typed errors. Each message names the bad value and says what to do; the CLI prints it as one line."""

from __future__ import annotations


class NewsprismError(Exception):
    """Base class. ``code`` is stable and short, for logs, the ingest_errors table and the API."""

    code = "E000"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(NewsprismError):
    """An input could not be read as an article; the rest of the batch goes on."""

    code = "E100"
    level = "error"


class InputWarning(InputError):
    """The input was read, but something about it needs a look (a guessed encoding, bad front matter)."""

    code = "E109"
    level = "warning"


class EmptyInput(InputError):
    code = "E101"


class BinaryInput(InputError):
    code = "E102"


class TooLarge(InputError):
    code = "E103"


class UnknownFormat(InputError):
    code = "E104"


class MissingPath(InputError):
    code = "E105"


class MalformedInput(InputError):
    code = "E106"


class FetchError(InputError):
    code = "E107"


class DuplicateInput(InputError):
    """Not a failure: the text is already stored under another id. Reported, never stored twice."""

    code = "E108"


class AnalysisFailed(InputError):
    """The article was read but the analysis failed on it (a bug to report); the run went on without it."""

    code = "E110"


class StoreError(NewsprismError):
    code = "E200"


class SchemaTooNew(StoreError):
    code = "E201"


class NotFound(StoreError):
    code = "E202"


class ConfigError(NewsprismError):
    code = "E300"


class ModelError(NewsprismError):
    code = "E400"
