"""The EventStore contract, run on both backends (DuckDB file and the in-memory fake), plus
the filter vocabulary and the DuckDB-only analyst API."""

from __future__ import annotations

import json

import pytest

from dotterel.api import dedup_store, event_detail
from dotterel.dedup import DedupConfig
from dotterel.errors import InputError, StoreError
from dotterel.store import EventFilters, open_store
from dotterel.store.memory import MemoryStore
from dotterel.testing import actor, make_article, make_mention, place

ABUJA = place("Abuja", country="NGA", lat=9.06, lon=7.49, admin1="FCT", feature="PPLC")
NAIROBI = place("Nairobi", country="KEN", lat=-1.28, lon=36.82, admin1="Nairobi", feature="PPLC")
POLICE_KEN = actor(
    "Kenya Police Service", country="KEN", sector="POL", entity_id="KEN-POLICE", wikidata_id="Q1"
)


@pytest.fixture(params=["duckdb", "memory"])
def store(request, tmp_path):
    s = open_store(tmp_path / "t.duckdb") if request.param == "duckdb" else MemoryStore()
    yield s
    s.close()


def fill(store):
    """Three articles: two reports of a Nairobi protest, one Abuja arrest; and one with no events."""
    arts = [
        make_article(
            "k1",
            "Crowds marched in Nairobi on Tuesday against new taxes.",
            published="2024-06-18",
            outlet="East Wire",
            url="https://eastwire.example/k1",
        ),
        make_article(
            "k2",
            "Nairobi protesters marched against the tax bill on Tuesday.",
            published="2024-06-19",
            outlet="Lake Post",
        ),
        make_article("n1", "Police in Abuja detained two activists on Monday.", published="2024-06-18"),
        make_article("e1", "The weather was fine.", published="2024-06-18"),
    ]
    ms = {
        "k1": [
            make_mention(
                "k1",
                "PROTEST",
                mode="demo",
                actor=actor("crowds"),
                place=NAIROBI,
                date="2024-06-18",
                text="Crowds marched in Nairobi on Tuesday against new taxes",
            ),
            make_mention(
                "k1",
                "COERCE",
                mode="arrest",
                actor=POLICE_KEN,
                recipient=actor("marchers"),
                place=NAIROBI,
                date="2024-06-18",
                text="Police arrested marchers",
                start=60,
                confidence=0.4,
            ),
        ],
        "k2": [
            make_mention(
                "k2",
                "PROTEST",
                mode="demo",
                actor=actor("protesters"),
                place=NAIROBI,
                date="2024-06-18",
                text="Nairobi protesters marched against the tax bill on Tuesday",
            )
        ],
        "n1": [
            make_mention(
                "n1",
                "COERCE",
                mode="arrest",
                actor=actor("Police", country="NGA", sector="POL"),
                recipient=actor("two activists"),
                place=ABUJA,
                date="2024-06-17",
                text="Police in Abuja detained two activists on Monday",
            )
        ],
        "e1": [],
    }
    for a in arts:
        store.put_article(a, ms[a.doc_id], coding_key="key-1", fingerprint=(1, 2, 3))
    return arts, ms


def test_articles_and_mentions_read_back_exactly(store):
    arts, ms = fill(store)
    assert [s.article for s in store.iter_articles()] == sorted(arts, key=lambda a: a.doc_id)
    assert list(store.iter_mentions()) == [m for d in sorted(ms) for m in ms[d]]
    assert store.coded_as("k1") == (arts[0].text_hash, "key-1")
    assert store.coded_as("e1") is not None  # an article without events is recorded too
    assert store.coded_as("nope") is None


def test_recoding_replaces_an_article_and_its_mentions(store):
    _arts, _ms = fill(store)
    changed = make_article("k1", "A different text.", published="2024-06-18")
    store.put_article(changed, [], coding_key="key-2")
    assert store.coded_as("k1") == (changed.text_hash, "key-2")
    assert not [m for m in store.iter_mentions() if m.doc_id == "k1"]


def test_dedup_marks_events_fresh_and_is_idempotent(store):
    fill(store)
    cfg = DedupConfig()
    assert store.events_stale(cfg.hash())
    first = dedup_store(store, config=cfg)
    assert not store.events_stale(cfg.hash()) and store.events_stale(DedupConfig(threshold=0.7).hash())
    events = store.event_records()
    dedup_store(store, config=cfg)
    assert store.event_records() == events and first.events == len(events)
    protest = next(e for e in events if e.type == "PROTEST")
    assert set(protest.doc_ids) == {"k1", "k2"} and protest.n_outlets == 2
    store.put_article(make_article("z", "More news.", published="2024-06-20"), [], coding_key="key-1")
    assert store.events_stale(cfg.hash())


def test_bundles_filters_and_aliases(store):
    fill(store)
    dedup_store(store)
    kenya = list(store.bundles(EventFilters.make(country="KEN")))
    assert {b.event.type for b in kenya} == {"PROTEST", "COERCE"}
    assert [b.event.type for b in store.bundles(EventFilters.make(actor="ken-police"))] == ["COERCE"]
    assert [b.event.type for b in store.bundles(EventFilters.make(actor="Q1"))] == ["COERCE"]
    assert [b.event.type for b in store.bundles(EventFilters.make(actor="activists"))] == ["COERCE"]
    assert len(list(store.bundles(EventFilters.make(start_date="2024-06-18", end_date="2024-06-18")))) == 2
    assert not list(store.bundles(EventFilters.make(min_confidence=0.99)))
    protest = next(b for b in store.bundles(EventFilters.make(event_type="protest")))
    assert protest.canonical.doc_id == "k1" and set(protest.articles) == {"k1", "k2"}
    assert [link.rank for link in protest.links] == [0, 1]
    detail = event_detail(protest)
    assert [m["doc_id"] for m in detail["mentions"]] == ["k1", "k2"] and detail["mentions"][1]["reason"]
    # an earlier report of the protest arrives: the id moves, the old one still finds the event
    old_id = protest.event.event_id
    early = make_article(
        "k0", "Marchers filled Nairobi streets on Tuesday over taxes.", published="2024-06-18"
    )
    store.put_article(
        early,
        [
            make_mention(
                "k0",
                "PROTEST",
                mode="demo",
                actor=actor("marchers"),
                place=NAIROBI,
                date="2024-06-18",
                text="Marchers filled Nairobi streets on Tuesday",
            )
        ],
        coding_key="key-1",
    )
    report = dedup_store(store)
    moved = store.bundle(old_id)
    assert report.aliases == 1 and moved is not None and moved.event.event_id != old_id
    assert moved.canonical.doc_id == "k0" and old_id in moved.aliases
    assert store.bundle("ev-nothing") is None


def test_runs_are_recorded_and_killed_ones_marked(store):
    first = store.begin_run(kind="code", manifest={"coding_key": "k"})
    second = store.begin_run(
        kind="code", manifest={"coding_key": "k"}
    )  # the first never ended: it was killed
    store.end_run(second, status="done", counts={"coded": 1}, errors=["d1: failed"])
    if isinstance(store, MemoryStore):
        assert store.runs[first]["status"] == "interrupted" and store.runs[second]["errors"] == ["d1: failed"]
    else:
        runs = store.runs().set_index("run_id")
        assert runs.loc[first, "status"] == "interrupted" and runs.loc[second, "status"] == "done"
        assert json.loads(runs.loc[second, "errors"]) == ["d1: failed"]


def test_filters_validate_and_normalise():
    f = EventFilters.make(
        country="nga, ner", event_type=["assault"], status="ASSERTED", start_date="2024-01-05"
    )
    assert f.country == ("NGA", "NER") and f.event_type == ("ASSAULT",) and f.status == ("asserted",)
    with pytest.raises(InputError, match="not a date"):
        EventFilters.make(start_date="yesterday")
    with pytest.raises(InputError, match="status"):
        EventFilters.make(status="rumoured")
    with pytest.raises(InputError, match="after"):
        EventFilters.make(start_date="2024-02-01", end_date="2024-01-01")
    with pytest.raises(InputError, match="unknown filter"):
        EventFilters.from_mapping({"place": "Abuja"})


def test_filter_dates_mean_the_whole_interval_inside():
    row = {"date_start": "2024-01-01", "date_end": "2024-12-31"}  # a year-level date
    assert not EventFilters.make(start_date="2024-06-01", end_date="2024-06-30").matches(row, "events")
    assert EventFilters.make(start_date="2024-01-01", end_date="2024-12-31").matches(row, "events")
    assert not EventFilters.make(start_date="2024-01-01").matches({"date_start": None}, "events")


def test_duckdb_tables_as_dataframes_arrow_and_parquet(tmp_path):
    with open_store(tmp_path / "s.duckdb") as store:
        fill(store)
        dedup_store(store)
        events = store.events(country="KEN")
        assert set(events["type"]) == {"PROTEST", "COERCE"} and "record" not in events.columns
        mentions = store.mentions(event_type="PROTEST")
        assert list(mentions["doc_id"]) == ["k1", "k2"] and mentions["event_id"].nunique() == 1
        articles = store.articles(country="NGA")
        assert list(articles["doc_id"]) == ["n1"] and "fingerprint" not in articles.columns
        assert list(store.articles(start_date="2024-06-19")["doc_id"]) == ["k2"]
        table = store.arrow("events", min_confidence=0.5)
        assert table.num_rows == len(store.events(min_confidence=0.5))
        path = store.to_parquet(tmp_path / "e.parquet", country="NGA")
        import pyarrow.parquet as pq

        assert pq.read_table(path).num_rows == 1
        assert store.query("SELECT count(*) AS n FROM mentions")["n"][0] == 4
        assert store.counts() == {"articles": 4, "mentions": 4, "events": 3, "runs": 1}
        with pytest.raises(StoreError):
            store.query("SELECT * FROM nowhere")
        with pytest.raises(InputError):
            store.events(place="Abuja")
    with open_store(tmp_path / "s.duckdb", read_only=True) as ro:
        assert len(ro.events()) == 3
        with pytest.raises(StoreError, match="read-only"):
            ro.put_article(make_article("x"), [], coding_key="k")
    with pytest.raises(StoreError, match="no such store"):
        open_store(tmp_path / "missing.duckdb", read_only=True)
    (tmp_path / "junk.duckdb").write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError):
        open_store(tmp_path / "junk.duckdb")


def test_dotterel_open_is_the_store(tmp_path):
    import dotterel

    with dotterel.open(tmp_path / "x.duckdb") as store:
        assert store.counts()["events"] == 0
