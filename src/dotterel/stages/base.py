"""The shape every stage has, and the registry that names them.

A stage is built cheaply from its settings, loads what it needs in `initialize()` (once per
worker), and maps a Document to the same Document with its own annotations added. Stages that
gain from batching (the spaCy one) also implement `pipe`.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar, Protocol, runtime_checkable

from dotterel.model import Document


@runtime_checkable
class Stage(Protocol):
    name: ClassVar[str]
    version: ClassVar[str]
    requires: ClassVar[tuple[str, ...]]
    assigns: ClassVar[tuple[str, ...]]

    def initialize(self) -> None: ...

    def __call__(self, doc: Document) -> Document: ...


class BaseStage:
    """Default `initialize` and `pipe` for stages that work one document at a time."""

    name: ClassVar[str] = ""
    version: ClassVar[str] = "v1"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def __init__(self, **settings: Any) -> None:
        self.settings = settings

    def initialize(self) -> None:
        return None

    def __call__(self, doc: Document) -> Document:  # pragma: no cover - abstract
        raise NotImplementedError

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)

    @property
    def qualified_name(self) -> str:
        return f"dotterel.{self.name}.{self.version}"


class LexiconStage(BaseStage):
    """A stage that reads the event lexicon (loaded once per process, in `initialize`)."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self._lex: Any = None

    def initialize(self) -> None:
        from dotterel.lexicon import load_lexicon

        if self._lex is None:
            self._lex = load_lexicon()

    @property
    def lex(self) -> Any:
        self.initialize()
        return self._lex


STAGES: dict[str, Callable[..., BaseStage]] = {}


def register(cls: type[BaseStage]) -> type[BaseStage]:
    """Class decorator: make a stage constructible by its registered name."""
    STAGES[f"dotterel.{cls.name}.{cls.version}"] = cls
    return cls
