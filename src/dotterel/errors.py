"""dotterel's exceptions, one tree:

    DotterelError
    ├── InputError        a document or record that cannot be read (names the document)
    │   └── LimitError    a document over a size or time limit (dotterel.limits), refused
    ├── ModelMissingError the spaCy English pipeline is not installed
    ├── ExtraMissingError an optional extra (e.g. `ingest`) that an input needs is not installed
    ├── ConfigError       bad settings or data files
    └── StoreError        the embedded database refused a write or a read
"""
from __future__ import annotations


class DotterelError(Exception):
    """Base of every error dotterel raises on purpose."""


class InputError(DotterelError):
    """A document or record cannot be read; the message names it and says why."""


class ModelMissingError(DotterelError):
    """The configured spaCy pipeline is not installed."""


class ExtraMissingError(DotterelError):
    """An input needs an optional extra that is not installed; the message names it."""


class ConfigError(DotterelError):
    """A setting or a data file is invalid."""


class StoreError(DotterelError):
    """The store cannot be opened, read or written."""


class LimitError(InputError):
    """A document over one of the limits of `dotterel.limits` (size, tokens, time); the message
    names it, the measure, the limit and the option that raises it."""
