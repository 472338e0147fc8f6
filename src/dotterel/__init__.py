"""dotterel: news in, trustworthy PLOVER political event data out."""
from dotterel._version import __version__
from dotterel.api import code_articles, code_text
from dotterel.errors import DotterelError, InputError, ModelMissingError
from dotterel.model import ActorRef, Article, Evidence, Mention, PartialDate, PlaceRef
from dotterel.model.event import Event
from dotterel.pipeline import Coded, Pipeline, PipelineConfig
from dotterel.store import open_store as open  # noqa: A001  (dotterel.open(path) -> the store)

__all__ = [
    "ActorRef",
    "Article",
    "Coded",
    "DotterelError",
    "Event",
    "Evidence",
    "InputError",
    "Mention",
    "ModelMissingError",
    "PartialDate",
    "Pipeline",
    "PipelineConfig",
    "PlaceRef",
    "__version__",
    "code_articles",
    "code_text",
    "open",
]
