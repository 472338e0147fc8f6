"""A small store for the web tests: articles written for these tests, with hand-built mentions
whose offsets point into their text, stored in a DuckDB file and de-duplicated for real."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from dotterel.model import Article, Mention
from dotterel.testing import actor, make_mention, place

XSS_TITLE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">Lagos raid'
XSS_NAME = "<img src=x onerror=window.__xss=4>"


@dataclass
class Doc:
    article: Article
    mentions: list[Mention]


def _mention(article: Article, type_: str, evidence: str, *, actor_name: str | None = None,
             recipient_name: str | None = None, place_name: str | None = None, date: str | None = None,
             date_text: str = "", **more) -> Mention:
    """A mention whose evidence, actor, recipient and place are found in the article's text."""
    text = article.text
    start = text.index(evidence)
    refs = {}
    for role, name, extra in (("actor", actor_name, more.pop("actor_kw", {})),
                              ("recipient", recipient_name, more.pop("recipient_kw", {}))):
        if name is None:
            continue
        shown = extra.pop("text", name)
        at = text.find(shown, start)
        refs[role] = actor(extra.pop("name", name), text=shown, start=at if at >= 0 else None,
                           end=at + len(shown) if at >= 0 else None, **extra)
    loc = None
    if place_name is not None:
        kw = more.pop("place_kw", {})
        at = text.find(place_name, start)
        loc = place(kw.pop("name", place_name), text=place_name, start=at if at >= 0 else None,
                    end=at + len(place_name) if at >= 0 else None, **kw)
    from dotterel.testing import partial_date

    d = None
    if date is not None:
        d = partial_date(date)
        if date_text:
            from dataclasses import replace

            d = replace(d, text=date_text, how="weekday")
    return make_mention(article.doc_id, type_, actor=refs.get("actor"), recipient=refs.get("recipient"), place=loc,
                        date=d, text=evidence, start=start, **more)


def corpus() -> list[Doc]:
    """Five articles: one event reported twice (Kidal), a protest, an arrest with hostile markup
    in its title and names, an undated and unlocated threat, and a statement in the same week."""
    kidal_1 = Article(
        doc_id="sahel-wire-1", published="2024-03-04", outlet="Sahel Wire", url="https://sahel.example/kidal-attack",
        title="Rebels attack army base in Kidal",
        text=("Rebels attack army base in Kidal\n\nKIDAL - Fighters of the Azawad Liberation Front attacked an army "
              "base in Kidal on Sunday, killing four soldiers, officials said.\n\nThe front said it would keep up "
              "the pressure until the army left the region."))
    kidal_2 = Article(
        doc_id="desert-post-7", published="2024-03-05", outlet="Desert Post", url="https://desert.example/7",
        title="Base stormed in northern Mali",
        text=("Base stormed in northern Mali\n\nThe Azawad Liberation Front stormed a military base in Kidal on "
              "Sunday, witnesses told the Desert Post. Four soldiers were killed."))
    dakar = Article(
        doc_id="coast-news-3", published="2024-04-11", outlet="Coast News", url="https://coast.example/dakar",
        title="Students march in Dakar",
        text=("Students march in Dakar\n\nThousands of students marched in Dakar on Wednesday to protest against "
              "the postponement of the presidential election."))
    lagos = Article(
        doc_id="lagos-daily-9", published="2024-04-16", outlet="Lagos <Daily>", url="javascript:alert(1)",
        title=XSS_TITLE,
        text=("Police arrested three journalists in Lagos <img src=x onerror=window.__xss=3> on Monday, "
              "their union said. <script>window.__xss=5</script>"))
    threat = Article(
        doc_id="wire-12", published="2024-04-18", outlet="Sahel Wire", url="https://sahel.example/threat",
        title="Bloc warns of sanctions",
        text=("Bloc warns of sanctions\n\nThe regional bloc threatened to impose sanctions if the transition "
              "stalled, a spokesman said."))
    front = dict(entity_id="azawad-front", country="MLI", sector="REB")
    army = dict(entity_id="mli-army", country="MLI", sector="MIL")
    kidal = dict(country="MLI", lat=18.44, lon=1.41, precision=1)
    return [
        Doc(kidal_1, [_mention(kidal_1, "ASSAULT", "Fighters of the Azawad Liberation Front attacked an army base in "
                               "Kidal on Sunday", actor_name="Azawad Liberation Front", recipient_name="army",
                               place_name="Kidal", date="2024-03-03", date_text="Sunday", confidence=0.82,
                               actor_kw={**front, "text": "Azawad Liberation Front"},
                               recipient_kw={**army, "name": "Malian Armed Forces"},
                               place_kw=dict(kidal), attributed_to="officials"),
                      _mention(kidal_1, "THREATEN", "The front said it would keep up the pressure",
                               actor_name="Azawad Liberation Front", status="intended", confidence=0.44,
                               actor_kw={**front, "text": "front"}, recipient_name="Malian Armed Forces",
                               recipient_kw={**army, "text": "army"}, date="2024-03-04")]),
        Doc(kidal_2, [_mention(kidal_2, "ASSAULT", "The Azawad Liberation Front stormed a military base in Kidal on "
                               "Sunday", actor_name="Azawad Liberation Front", recipient_name="Malian Armed Forces",
                               place_name="Kidal", date="2024-03-03", date_text="Sunday", confidence=0.78,
                               actor_kw={**front}, recipient_kw={**army, "text": "military"},
                               place_kw=dict(kidal), attributed_to="witnesses")]),
        Doc(dakar, [_mention(dakar, "PROTEST", "Thousands of students marched in Dakar on Wednesday",
                             actor_name="students", place_name="Dakar", date="2024-04-10", date_text="Wednesday",
                             mode="demo", confidence=0.7, actor_kw=dict(sector="CVL", country="SEN"),
                             place_kw=dict(country="SEN", lat=14.69, lon=-17.44))]),
        Doc(lagos, [_mention(lagos, "COERCE", "Police arrested three journalists in Lagos", actor_name=XSS_NAME,
                             recipient_name="journalists", place_name="Lagos", date="2024-04-15", mode="arrest",
                             confidence=0.66, actor_kw=dict(country="NGA", sector="GOV", text="Police"),
                             recipient_kw=dict(sector="MED", country="NGA"),
                             place_kw=dict(country="NGA", lat=6.45, lon=3.39))]),
        Doc(threat, [_mention(threat, "THREATEN", "The regional bloc threatened to impose sanctions",
                              actor_name="regional bloc", status="intended", confidence=0.5,
                              actor_kw=dict(sector="IGO"))]),
    ]


def fill(store, docs: list[Doc]) -> None:
    from dotterel.api import dedup_store
    from dotterel.dedup.syndication import fingerprint

    for doc in docs:
        store.put_article(doc.article, doc.mentions, coding_key="web-tests", fingerprint=fingerprint(doc.article.text))
    dedup_store(store)


@pytest.fixture(scope="session")
def store_path(tmp_path_factory):
    """A DuckDB store file holding `corpus()`, de-duplicated."""
    from dotterel.store import open_store

    path = tmp_path_factory.mktemp("web") / "web.duckdb"
    with open_store(path) as store:
        fill(store, corpus())
    return path


@pytest.fixture(scope="session")
def ro_store(store_path):
    from dotterel.store import open_store

    store = open_store(store_path, read_only=True)
    yield store
    store.close()


@pytest.fixture(scope="session")
def client(ro_store):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from dotterel.web import create_app

    with TestClient(create_app(ro_store)) as c:
        yield c
