"""User-facing errors: every failure names a place (file and line) and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from site_builder.model import SourceLocation


class Severity(Enum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Diagnostic:
    """One line for the user: `path:line: problem; fix`."""

    location: SourceLocation
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class SiteError(Exception):
    """A failure the user can act on. str() is `path:line: problem; fix`."""

    def __init__(self, location: SourceLocation, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message

    def as_diagnostic(self) -> Diagnostic:
        return Diagnostic(self.location, self.message, Severity.ERROR)


class ConfigError(SiteError):
    """site.yml is unreadable, has an unknown key or a value of the wrong type."""


class ContentError(SiteError):
    """A seed or content file cannot be turned into an article."""


class TemplateError(SiteError):
    """A Jinja template failed to load or render."""


class BuildError(Exception):
    """The build produced errors; carries every diagnostic so cli can list them."""

    def __init__(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        super().__init__(f"{len(diagnostics)} error(s)")
        self.diagnostics = diagnostics
