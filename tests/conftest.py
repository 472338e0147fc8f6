"""Shared fixtures: one pipeline per test session (the spaCy model loads once)."""
from __future__ import annotations

import pytest

from dotterel.model import Mention


@pytest.fixture(scope="session")
def pipeline():
    from dotterel.api import get_pipeline

    return get_pipeline()


@pytest.fixture(scope="session")
def code(pipeline):
    """Code a text; returns its mentions."""
    from dotterel.model import Article

    def run(text: str, published: str = "2021-03-10", title: str | None = None) -> list[Mention]:
        coded = pipeline(Article(doc_id="t", text=text, published=published, title=title))
        assert coded.error is None, coded.error
        return coded.mentions

    return run


def only(mentions: list[Mention], type_: str) -> list[Mention]:
    return [m for m in mentions if m.type == type_]
