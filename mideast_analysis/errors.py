"""The package's error hierarchy: every message names the input and the cause."""
from __future__ import annotations


class MideastAnalysisError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(MideastAnalysisError):
    """An article could not be read: missing, empty, binary, badly encoded, too large, not English."""

    def __init__(self, source: str, cause: str) -> None:
        self.source = source
        self.cause = cause
        super().__init__(f"{source}: {cause}")

    def __reduce__(self):
        return InputError, (self.source, self.cause)  # crosses process boundaries (corpus workers)


class ModelError(MideastAnalysisError):
    """The spaCy English model is missing or is not the expected one."""


class SchemaError(MideastAnalysisError):
    """A table does not match its declared schema."""


class ResourceError(MideastAnalysisError):
    """A table shipped in resources/ is malformed (a defect of the package, not of the input)."""

    def __init__(self, name: str, line: int, cause: str) -> None:
        self.name = name
        self.line = line
        self.cause = cause
        super().__init__(f"resources/{name}:{line}: {cause}")


class GeocoderError(MideastAnalysisError):
    """A geocoder could not be built or queried."""


class OfflineAssetError(MideastAnalysisError):
    """A page refers to a web asset (CDN URL) that no installed package provides for offline use."""
