"""De-duplication on hand-built mentions: similarity, blocking, clustering, ids, syndication."""

from __future__ import annotations

import random

from dotterel.dedup import DedupConfig, SourceDoc, cluster, deduplicate, similarity, syndication
from dotterel.dedup.blocking import candidate_pairs
from dotterel.testing import actor, make_mention, partial_date, place

NGA_ARMY = actor("Nigerian Army", country="NGA", sector="MIL", entity_id="NGA-ARMY")
ISWAP = actor("Islamic State West Africa Province", country="NGA", sector="REB", entity_id="iswap")
GUSAU = place("Gusau", country="NGA", lat=12.16, lon=6.66, admin1="Zamfara", feature="PPLA")
ZAMFARA = place("Zamfara", country="NGA", lat=12.17, lon=6.25, precision=2, feature="ADM1")
MAIDUGURI = place("Maiduguri", country="NGA", lat=11.85, lon=13.16, admin1="Borno", feature="PPLA")
BAMAKO = place("Bamako", country="MLI", lat=12.65, lon=-8.0, feature="PPLC")


def doc(
    doc_id: str, published: str, *, outlet: str | None = None, lead: str = "", text: str | None = None
) -> SourceDoc:
    return SourceDoc(
        doc_id=doc_id,
        published=published,
        outlet=outlet,
        lead=lead,
        fingerprint=syndication.fingerprint(text) if text else (),
    )


def feats(m, published="2024-03-04", source=None, story=""):
    return similarity.features(m, source=source or m.doc_id, published=published, story_text=story)


# -- similarity ---------------------------------------------------------------------------------


def test_party_similarity_prefers_entities_then_names_then_countries():
    sim = similarity.party_similarity
    assert sim(ISWAP, ISWAP) == 1.0
    assert sim(ISWAP, NGA_ARMY) == 0.5  # different entities of one country
    assert sim(ISWAP, actor("Malian army", country="MLI", entity_id="MLI-ARMY")) == 0.0
    assert sim(actor("armed men"), actor("Armed men")) == 0.9
    assert sim(actor("gunmen"), actor("bandits")) is None  # two generic names say nothing
    assert sim(actor("Nigerian troops", country="NGA"), NGA_ARMY) == 0.6
    assert sim(None, ISWAP) is None


def test_place_similarity_reads_provinces_distance_and_names_in_the_other_sentence():
    a = feats(make_mention("a", place=GUSAU, text="Gunmen raided Gusau."))
    b = feats(make_mention("b", place=ZAMFARA, text="Bandits raided a town in Zamfara."))
    assert similarity.place_similarity(a, b) == 1.0  # Gusau lies in Zamfara
    far = feats(make_mention("c", place=MAIDUGURI, text="Fighters hit Maiduguri."))
    assert similarity.place_similarity(a, far) == 0.0  # ~700 km apart
    abroad = feats(make_mention("d", place=BAMAKO, text="Soldiers went to Bamako."))
    assert similarity.place_similarity(a, abroad) == 0.0
    # a geocoding slip in one report: the place it names appears in the other's sentence
    slip = feats(
        make_mention(
            "e",
            place=place("Gusau", country="USA", lat=40.0, lon=-75.0),
            text="Police said gunmen seized pupils in Gusau.",
        )
    )
    other = feats(
        make_mention(
            "f",
            place=place("Zamfara State", country="NGA", precision=2),
            text="Pupils were taken from a school in Gusau, Zamfara State.",
        )
    )
    assert similarity.place_similarity(slip, other) == 0.8


def test_date_similarity_reads_precision():
    def f(value, how="explicit"):
        return feats(make_mention(date=partial_date(value, how=how)), published="2024-03-06")

    assert similarity.date_similarity(f("2024-03-04"), f("2024-03-04")) == 1.0
    assert similarity.date_similarity(f("2024-03-04"), f("2024-03-05")) == 0.6
    assert similarity.date_similarity(f("2024-03-04"), f("2024-03-06")) == 0.2  # two explicit days apart
    assert similarity.date_similarity(f("2024-03"), f("2024-03-04")) == 0.6  # a month holds the day
    # a date that is only the publication day: the event happened in the days before
    assert similarity.date_similarity(f("2024-03-06", how="published"), f("2024-03-04")) == 0.8


def test_text_similarity_counts_names_and_numbers_double():
    a = similarity.content_tokens("Gunmen kidnapped 31 pupils from a school in Gusau")
    b = similarity.content_tokens("31 schoolchildren were abducted in Gusau on Monday")
    heavy = similarity.name_tokens("Gunmen kidnapped 31 pupils from a school in Gusau")
    plain = similarity.token_similarity(a, b)
    assert plain is not None and similarity.token_similarity(a, b, heavy=heavy) > plain
    assert similarity.stem("killed") == similarity.stem("killing") == "kill"


def test_compare_explains_and_penalises_explicit_disagreement():
    common = {"type": "ASSAULT", "actor": ISWAP, "place": MAIDUGURI}
    a = feats(
        make_mention("a", date="2024-03-04", text="ISWAP fighters attacked a base in Maiduguri.", **common)
    )
    b = feats(
        make_mention("b", date="2024-03-04", text="Jihadists attacked a Maiduguri army base.", **common)
    )
    c = feats(
        make_mention("c", date="2024-03-07", text="ISWAP fighters attacked a base in Maiduguri.", **common)
    )
    same, other = similarity.compare(a, b), similarity.compare(a, c)
    assert same.score >= 0.6 and same.components["actor"] == 1.0 and same.components["place"] == 1.0
    assert other.score < 0.6 and other.notes["conflicts"] == ["date"]


def test_types_of_one_article_never_merge_but_split_actors_of_one_clause_do():
    text = "Hamas and Islamic Jihad fired rockets at Sderot."
    a = make_mention("d", "ASSAULT", actor=actor("Hamas"), text=text)
    b = make_mention("d", "ASSAULT", actor=actor("Islamic Jihad"), text=text)
    c = make_mention("d", "ACCUSE", actor=actor("Hamas"), text=text)
    assert similarity.compare(feats(a), feats(b)).score == 1.0
    assert similarity.compare(feats(a), feats(c)).score == 0.0


# -- blocking and clustering --------------------------------------------------------------------


def test_blocking_needs_family_window_and_a_shared_key():
    base = {"actor": ISWAP, "place": MAIDUGURI}
    ms = [
        make_mention("a", "ASSAULT", date="2024-03-04", **base),
        make_mention("b", "ASSAULT", date="2024-03-06", **base),  # 2 days: candidate
        make_mention("c", "ASSAULT", date="2024-03-20", **base),  # too late
        make_mention("d", "CONSULT", date="2024-03-04", **base),  # another family
        make_mention("e", "ASSAULT", date="2024-03-04", place=BAMAKO, actor=actor("Malians", country="MLI")),
        make_mention("f", "ASSAULT", date="2024-03-05", text="Four people were killed."),
    ]  # nothing to block on
    fs = [feats(m) for m in ms]
    pairs = candidate_pairs(fs, window_days=3)
    assert (0, 1) in pairs and (0, 2) not in pairs and (0, 3) not in pairs and (0, 4) not in pairs
    assert (0, 5) in pairs and (4, 5) in pairs  # the keyless mention meets every one of its family


def test_average_link_does_not_chain():
    scores = {(0, 1): 0.9, (1, 2): 0.9, (0, 2): 0.0}
    groups = cluster.average_link([0, 1, 2], lambda i, j: scores[(min(i, j), max(i, j))], threshold=0.6)
    assert groups == [[0, 1], [2]]
    assert cluster.components(4, [(0, 1), (1, 2)]) == [[0, 1, 2], [3]]


# -- events -------------------------------------------------------------------------------------


def kidnapping_reports():
    """One abduction told by three outlets (one a wire copy), and an unrelated attack."""
    wire = (
        "GUSAU, Nigeria - Gunmen on motorbikes kidnapped 27 villagers from Dansadau in Zamfara State on "
        "Sunday night, police said on Monday, and burned several houses before escaping."
    )
    docs = [
        doc("w1", "2024-03-04", outlet="Wire One", text=wire, lead="Gunmen kidnap 27 villagers in Zamfara"),
        doc(
            "w1c",
            "2024-03-04",
            outlet="Daily Copy",
            text=wire + " (Wire One)",
            lead="27 villagers kidnapped in Zamfara",
        ),
        doc(
            "n2",
            "2024-03-05",
            outlet="North Star",
            text="Families in Dansadau want their people back.",
            lead="Dansadau families wait for 27 kidnapped villagers",
        ),
        doc(
            "x9",
            "2024-03-05",
            outlet="North Star",
            text="ISWAP attacked Maiduguri.",
            lead="ISWAP attack in Maiduguri",
        ),
    ]
    gun = actor("Gunmen")
    dansadau = place("Dansadau", country="NGA", lat=12.3, lon=6.25, admin1="Zamfara", feature="PPL")
    ms = [
        make_mention(
            "w1",
            "ASSAULT",
            mode="abduct",
            actor=gun,
            recipient=actor("27 villagers"),
            place=dansadau,
            date="2024-03-03",
            text="Gunmen on motorbikes kidnapped 27 villagers from Dansadau",
        ),
        make_mention(
            "w1c",
            "ASSAULT",
            mode="abduct",
            actor=gun,
            recipient=actor("27 villagers"),
            place=dansadau,
            date="2024-03-03",
            text="Gunmen on motorbikes kidnapped 27 villagers from Dansadau",
        ),
        make_mention(
            "n2",
            "ASSAULT",
            mode="abduct",
            recipient=actor("27 residents"),
            place=ZAMFARA,
            date="2024-03-03",
            text="27 residents of Dansadau were abducted on Sunday",
            confidence=0.6,
        ),
        make_mention(
            "x9",
            "ASSAULT",
            actor=ISWAP,
            place=MAIDUGURI,
            date="2024-03-04",
            text="ISWAP fighters attacked an army base in Maiduguri",
        ),
    ]
    return ms, docs


def test_reports_of_one_event_merge_and_copies_count_as_one_source():
    ms, docs = kidnapping_reports()
    result = deduplicate(ms, docs)
    by_size = sorted(result.events, key=lambda e: -e.n_mentions)
    event, other = by_size
    assert set(event.doc_ids) == {"w1", "w1c", "n2"} and other.doc_ids == ("x9",)
    assert event.n_mentions == 3 and event.n_articles == 3
    assert event.n_outlets == 3 and event.n_sources == 2  # the wire copy is not an independent source
    assert result.sources["w1c"][0] == "w1"
    assert event.first_seen == "2024-03-04" and event.last_seen == "2024-03-05"
    assert event.canonical_mention_id == ms[0].mention_id  # earliest report, then doc_id
    assert event.event_id == cluster.event_id(ms[0])
    assert event.mode == "abduct" and event.location.name == "Dansadau"  # most precise place
    # confidence: one per independent source, combined
    assert abs(event.confidence - (1 - (1 - 0.7) * (1 - 0.6))) < 1e-9
    links = [link for link in result.links if link.event_id == event.event_id]
    assert [link.rank for link in links] == [0, 1, 2]
    assert all(link.reason for link in links) and all(link.joined_with for link in links[1:])


def test_ids_are_stable_when_unrelated_reports_arrive_and_move_for_an_earlier_one():
    ms, docs = kidnapping_reports()
    before = {e.event_id: set(e.mention_ids) for e in deduplicate(ms, docs).events}
    unrelated = make_mention(
        "z1",
        "CONSULT",
        actor=actor("Japan", country="JPN", entity_id="JPN"),
        date="2024-03-04",
        text="Japan hosted talks in Tokyo.",
    )
    far = make_mention(
        "z2", "ASSAULT", actor=ISWAP, place=MAIDUGURI, date="2024-09-01", text="ISWAP struck again."
    )
    after = {
        e.event_id: set(e.mention_ids)
        for e in deduplicate(
            [*ms, unrelated, far], [*docs, doc("z1", "2024-03-04"), doc("z2", "2024-09-01")]
        ).events
    }
    assert all(after[eid] == members for eid, members in before.items())
    earlier = make_mention(
        "e0",
        "ASSAULT",
        mode="abduct",
        actor=actor("gunmen"),
        recipient=actor("27 villagers"),
        place=place("Dansadau", country="NGA", lat=12.3, lon=6.25, admin1="Zamfara"),
        date="2024-03-03",
        text="Gunmen kidnapped 27 villagers from Dansadau on Sunday",
    )
    moved = deduplicate(
        [*ms, earlier], [*docs, doc("e0", "2024-03-03", lead="Dansadau: 27 villagers kidnapped")]
    )
    big = max(moved.events, key=lambda e: e.n_mentions)
    assert big.canonical_mention_id == earlier.mention_id and big.event_id not in before


def test_order_and_repetition_do_not_matter():
    ms, docs = kidnapping_reports()
    first = deduplicate(ms, docs)
    shuffled = ms[:]
    random.Random(7).shuffle(shuffled)
    again = deduplicate([*shuffled, *shuffled], list(reversed(docs)))
    assert again.events == first.events and again.links == first.links


def test_config_hash_changes_with_settings():
    assert DedupConfig().hash() == DedupConfig().hash() != DedupConfig(threshold=0.7).hash()


def test_fingerprints_find_copies_not_rewrites():
    text = "Thousands marched through the capital on Saturday to demand the release of jailed opposition leaders."
    copy = text + " Reporting by a wire agency."
    rewrite = "On Saturday the capital saw a large march by people demanding that jailed opposition figures go free."
    f = syndication.fingerprint
    assert syndication.similarity(f(text), f(copy)) >= 0.6 > syndication.similarity(f(text), f(rewrite))
    assert f(text) == f(text) and len(f(text)) == syndication.N_HASHES and f("") == ()
    groups = syndication.source_groups(
        [
            syndication.SyndicationDoc("b", "2024-01-02", f(copy)),
            syndication.SyndicationDoc("a", "2024-01-02", f(text)),
            syndication.SyndicationDoc("c", "2024-01-01", f(rewrite)),
        ]
    )
    assert groups["b"][0] == "a" and groups["a"] == ("a", 1.0) and groups["c"][0] == "c"


def test_one_article_telling_two_parties_same_type_acts_keeps_two_events():
    """Mali's government and rights groups both 'accuse' in one story: two events, though the
    rights groups resolve to nothing and share the story's country; the government's two
    sentences about one condemnation stay one."""
    mali = actor("Malian government", country="MLI", sector="GOV", entity_id="MLI-GOV")
    groups = actor("Human rights groups", country="MLI", sector="NGO")
    first = make_mention("doc", "ACCUSE", text="The government condemned the raid.", start=0, actor=mali,
                         place=BAMAKO, mention_id="m1")
    again = make_mention("doc", "ACCUSE", text="It denounced the attackers.", start=40, actor=mali,
                         place=BAMAKO, mention_id="m2")
    other = make_mention("doc", "ACCUSE", text="Rights groups accused the army of abuses.", start=80, actor=groups,
                         place=BAMAKO, mention_id="m3")
    f1, f2, f3 = (feats(m) for m in (first, again, other))
    assert similarity.compare(f1, f2).score >= similarity.SAME_ARTICLE
    assert similarity.compare(f1, f3).score < DedupConfig().threshold
