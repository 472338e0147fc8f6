"""dotterel.browse on hand-built records: windows, highlight spans, sorting, buckets, networks."""
from __future__ import annotations

from datetime import date

import pytest

from dotterel import browse
from dotterel.errors import InputError
from dotterel.store.filters import EventFilters
from dotterel.store.memory import MemoryStore
from dotterel.testing import actor, make_article, make_mention, partial_date, place

TEXT = ("First paragraph about other things entirely.\n\n"
        "KIDAL - Rebels of the Front attacked a base in Kidal on Sunday, officials said. "
        "They took weapons.\n\nA last paragraph.")


def kidal_mention(**more):
    start = TEXT.index("Rebels")
    evidence = "Rebels of the Front attacked a base in Kidal on Sunday"
    sentence = "KIDAL - Rebels of the Front attacked a base in Kidal on Sunday, officials said. "
    sent_start = TEXT.index("KIDAL")
    m = make_mention("d1", "ASSAULT", text=evidence, start=start,
                     actor=actor("The Front", text="Front", start=TEXT.index("Front"), end=TEXT.index("Front") + 5),
                     place=place("Kidal", country="MLI", lat=18.4, lon=1.4, text="Kidal"),
                     date=partial_date("2024-03-03"), **more)
    from dataclasses import replace

    from dotterel.model import Evidence

    return replace(m, sentence=Evidence(sent_start, sent_start + len(sentence), sentence), trigger="attacked",
                   date=replace(m.date, text="Sunday"))


def test_spans_use_offsets_or_search_inside_the_sentence():
    spans = {s["role"]: s for s in browse.highlight_spans(kidal_mention(), TEXT)}
    assert spans["actor"]["text"] == "Front" and spans["actor"]["located"] == "offsets"
    assert spans["place"]["text"] == "Kidal" and spans["place"]["located"] == "search"
    assert spans["place"]["start"] == TEXT.index("Kidal on")  # the word, not "KIDAL -" (a whole-word, exact match first)
    assert spans["trigger"]["text"] == "attacked" and spans["date"]["text"] == "Sunday"
    for s in spans.values():
        assert TEXT[s["start"]:s["end"]] == s["text"]


def test_spans_never_leave_the_text():
    m = kidal_mention()
    assert browse.highlight_spans(m, TEXT[:20]) == []  # an article shorter than the offsets: nothing placed
    assert browse.highlight_spans(m, "") == []


def test_window_is_the_paragraph_around_the_sentence():
    spans = browse.highlight_spans(kidal_mention(), TEXT)
    window = browse.text_window(TEXT, spans)
    assert window["text"] == ("KIDAL - Rebels of the Front attacked a base in Kidal on Sunday, officials said. "
                              "They took weapons.")
    assert window["clipped_start"] and window["clipped_end"]
    long_text = "word " * 400 + TEXT[TEXT.index("KIDAL"):] + " more" * 400
    m = make_mention("d1", "ASSAULT", text="Rebels of the Front", start=long_text.index("Rebels"))
    window = browse.text_window(long_text, browse.highlight_spans(m, long_text), context=50)
    assert len(window["text"]) < 200 and "Rebels of the Front" in window["text"]
    assert not window["text"].startswith(" ") and long_text[window["start"]:window["end"]] == window["text"]


def _store(*mentions):
    from dotterel.api import dedup_store

    store = MemoryStore()
    by_doc: dict[str, list] = {}
    for m in mentions:
        by_doc.setdefault(m.doc_id, []).append(m)
    for doc_id, ms in by_doc.items():
        store.put_article(make_article(doc_id, TEXT, published="2024-03-04"), ms, coding_key="k")
    dedup_store(store)
    return store


def test_sorting_and_paging():
    store = _store(
        make_mention("a", "PROTEST", date="2024-03-01", confidence=0.9, text="x"),
        make_mention("b", "ASSAULT", date="2024-02-01", confidence=0.2, text="y"),
        make_mention("c", "AID", confidence=0.5, text="z"),
    )
    order = lambda sort: [e["type"] for e in browse.page_events(store, sort=sort)["items"]]  # noqa: E731
    assert order("date") == ["ASSAULT", "PROTEST", "AID"]
    assert order("-date") == ["PROTEST", "ASSAULT", "AID"]
    assert order("-confidence") == ["PROTEST", "AID", "ASSAULT"]
    page = browse.page_events(store, offset=1, limit=1)
    assert page["total"] == 3 and [e["type"] for e in page["items"]] == ["PROTEST"]
    with pytest.raises(InputError):
        browse.page_events(store, sort="size")
    with pytest.raises(InputError):
        browse.page_events(store, offset=-1)


def test_timeline_buckets_are_complete_and_coarsen_when_too_many():
    store = _store(
        make_mention("a", "PROTEST", date="2020-01-05", text="x"),
        make_mention("b", "ASSAULT", date="2024-12-30", text="y"),
        make_mention("c", "COERCE", date="2024-12", text="w"),
        make_mention("d", "AID", text="z"),
    )
    t = browse.timeline(store)
    assert t["bucket"] == "month" and t["undated"] == 1 and len(t["buckets"]) == 60
    assert t["buckets"][-1] == {"start": "2024-12-01", "end": "2024-12-31", "counts": {"ASSAULT": 1, "COERCE": 1},
                                "total": 2}
    assert t["coarse"] == 0
    days = browse.timeline(store, bucket="day")  # 1822 days: coarsened to stay under MAX_BUCKETS
    assert days["bucket"] == "week" and len(days["buckets"]) <= browse.MAX_BUCKETS
    assert date.fromisoformat(days["buckets"][0]["start"]).weekday() == 0
    assert days["coarse"] == 1  # the event of 2024-12, counted in the week of 2024-12-01
    years = browse.timeline(store, bucket="year", by="quad")
    assert [b["start"] for b in years["buckets"]] == [f"{y}-01-01" for y in range(2020, 2025)]
    assert years["labels"]["4"] == "material conflict"
    with pytest.raises(InputError):
        browse.timeline(store, bucket="hour")


def test_network_counts_directed_edges_by_type():
    a, b = actor("Army", entity_id="army"), actor("Rebels", entity_id="rebels")
    store = _store(
        make_mention("d1", "ASSAULT", actor=a, recipient=b, date="2024-01-01", text="one"),
        make_mention("d2", "ASSAULT", actor=b, recipient=a, date="2024-01-09", text="two"),
        make_mention("d3", "ACCUSE", actor=b, recipient=a, date="2024-02-20", text="three"),
        make_mention("d4", "PROTEST", actor=actor("students"), date="2024-01-01", text="four"),
    )
    net = browse.network(store)
    assert {n["id"] for n in net["nodes"]} == {"id:army", "id:rebels"}
    edges = {(e["source"], e["target"], e["type"]): e["count"] for e in net["edges"]}
    assert edges == {("id:army", "id:rebels", "ASSAULT"): 1, ("id:rebels", "id:army", "ASSAULT"): 1,
                     ("id:rebels", "id:army", "ACCUSE"): 1}
    rebels = next(n for n in net["nodes"] if n["id"] == "id:rebels")
    assert rebels["as_actor"] == 2 and rebels["as_recipient"] == 1 and rebels["n_events"] == 3
    only = browse.network(store, EventFilters.make(event_type="ACCUSE"))
    assert [(e["source"], e["type"]) for e in only["edges"]] == [("id:rebels", "ACCUSE")]
    actors = browse.actor_counts(store)
    assert [x["name"] for x in actors["items"]] == ["Army", "Rebels", "students"]


def test_places_and_meta():
    store = _store(make_mention("a", "PROTEST", place=place("Dakar", country="SEN", lat=14.7, lon=-17.4),
                                date="2024-03-01", text="x"),
                   make_mention("b", "AID", text="z", place=place("Somewhere", country="SEN")))
    fc = browse.places_geojson(store)
    assert [f["geometry"]["coordinates"] for f in fc["features"]] == [[-17.4, 14.7]] and fc["unlocated"] == 1
    meta = browse.meta(store)
    assert meta["countries"] == [{"code": "SEN", "name": "Senegal", "count": 2}]
    assert meta["date_range"] == {"start": "2024-03-01", "end": "2024-03-01"}
