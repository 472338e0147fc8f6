"""De-duplication is independent of input order, idempotent, and keeps ids when unrelated
reports arrive."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import news

from dotterel.dedup import SourceDoc, deduplicate

SETTINGS = settings(max_examples=60, deadline=None)


@SETTINGS
@given(data=news(), seed=st.randoms(use_true_random=False))
def test_order_does_not_matter(data, seed):
    ms, docs = data
    shuffled, shuffled_docs = ms[:], docs[:]
    seed.shuffle(shuffled)
    seed.shuffle(shuffled_docs)
    a, b = deduplicate(ms, docs), deduplicate(shuffled, shuffled_docs)
    assert a.events == b.events and a.links == b.links and a.sources == b.sources


@SETTINGS
@given(data=news())
def test_idempotent(data):
    ms, docs = data
    first = deduplicate(ms, docs)
    # the same input again, repeated mentions, and the events' own mentions: nothing changes
    assert deduplicate(ms, docs).events == first.events
    assert deduplicate([*ms, *ms], docs).events == first.events
    members = {m.mention_id: m for m in ms}
    regrouped = [members[mid] for e in first.events for mid in e.mention_ids]
    assert deduplicate(regrouped, docs).events == first.events
    assert sorted(mid for e in first.events for mid in e.mention_ids) == sorted(members)  # each mention once


@SETTINGS
@given(data=news(), extra=news(), gap=st.integers(30, 400))
def test_ids_stable_when_unrelated_reports_arrive(data, extra, gap):
    """Reports of other events (here: the same kinds of events, weeks later) change no event."""
    ms, docs = data
    later_ms, later_docs = extra
    shift = timedelta(days=gap)

    def move(m):
        if m.date is None:
            return replace(m, doc_id="x" + m.doc_id, mention_id="x" + m.mention_id)
        d = (date.fromisoformat(m.date.value) + shift).isoformat()
        return replace(m, doc_id="x" + m.doc_id, mention_id="x" + m.mention_id, date=replace(m.date, value=d))

    moved_docs = [
        SourceDoc(
            doc_id="x" + d.doc_id,
            published=(date.fromisoformat(d.published) + shift).isoformat(),
            outlet=d.outlet,
            lead=d.lead,
            fingerprint=d.fingerprint,
        )
        for d in later_docs
    ]
    before = {e.event_id: e for e in deduplicate(ms, docs).events}
    after = {e.event_id: e for e in deduplicate([*ms, *map(move, later_ms)], [*docs, *moved_docs]).events}
    for event_id, event in before.items():
        assert event_id in after
        assert after[event_id].mention_ids == event.mention_ids
