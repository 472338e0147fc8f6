"""Actor resolution, rule by rule, on sentences written for these tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from dotterel.api import lookup_actor
from tests.conftest import only

pytestmark = pytest.mark.model
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def actor_of(mentions, type_):
    return only(mentions, type_)[0].actor


def test_state_name_and_demonym(code):
    m = only(code("Israeli police arrested two men in Jerusalem."), "COERCE")[0]
    assert m.actor.country == "ISR" and m.actor.sector == "POL"


def test_seat_of_power_metonym(code):
    a = actor_of(code("The Kremlin accused Washington of meddling in the election."), "ACCUSE")
    assert a.country == "RUS" and a.how.startswith("metonym")


def test_alias_and_transliteration_variant():
    for text in ("Welayat Sinai", "Wilayat Sinai", "Islamic State Sinai Province"):
        assert lookup_actor(text)["resolved"]["name"] == "Wilayat Sinai"
    assert lookup_actor("Daesh")["resolved"]["name"] == "Islamic State"


def test_short_acronym_is_case_sensitive():
    assert lookup_actor("IS")["resolved"]["name"] == "Islamic State"
    assert lookup_actor("is")["resolved"]["resolved"] is False


def test_fuzzy_spelling_variant():
    res = lookup_actor("Tehreek-e-Taliban Pakistann")["resolved"]
    assert res["country"] == "PAK" and res["how"].startswith("fuzzy")


def test_person_resolves_to_the_organisation_on_the_date():
    res = lookup_actor("al-Baghdadi", date="2016-05-03")["resolved"]
    assert res["name"] == "Abu Bakr al-Baghdadi" and res["affiliation"] == "Islamic State" and res["sector"] == "REB"


def test_office_holder_by_country_and_date(code):
    a = actor_of(code("The Egyptian president condemned the bombing in Cairo.", published="2016-06-01"), "ACCUSE")
    assert a.country == "EGY" and a.sector == "GOV" and "Sisi" in a.name


def test_state_agent_takes_its_modifier_country(code):
    a = actor_of(code("Nigerian troops killed ten gunmen in Borno state."), "ASSAULT")
    assert a.country == "NGA" and a.sector == "MIL"


def test_collective_takes_a_place_modifier(code):
    a = actor_of(code("Gaza Salafists pledged allegiance to the Islamic State."), "SUPPORT")
    assert a.country == "PSE"


def test_member_words_name_their_group(code):
    a = actor_of(code("Hamas militants fired rockets at Ashkelon."), "ASSAULT")
    assert a.name == "Hamas"


def test_compound_actors_give_one_event_each(code):
    mentions = only(code("Hamas and Islamic Jihad rejected the Egyptian proposal."), "REJECT")
    assert {m.actor.name for m in mentions} >= {"Hamas", "Palestinian Islamic Jihad"}


def test_pronoun_and_definite_description(code):
    text = "Boko Haram attacked a school in Kano. The group later abducted forty pupils."
    m = only(code(text), "ASSAULT")[-1]
    assert m.actor.name == "Boko Haram" and m.actor.how.startswith("coref")


def test_apposition_keeps_the_head_name(code):
    a = actor_of(code("Welayat Sinai, the Egyptian affiliate of the Islamic State, attacked a checkpoint."), "ASSAULT")
    assert a.name == "Wilayat Sinai" and a.affiliation == "Islamic State"


def test_possessive_owner_of_an_event_noun(code):
    m = only(code("Israel's raid on the camp was condemned by the United Nations."), "ACCUSE")[0]
    assert m.actor.name == "United Nations"


def test_same_name_two_groups_decided_by_country(code):
    gaza = actor_of(code("In Gaza, the Army of Islam attacked an Israeli patrol near Rafah."), "ASSAULT")
    syria = actor_of(code("In Douma, near Damascus, the Army of Islam attacked Syrian army positions."), "ASSAULT")
    assert gaza.country == "PSE" and syria.country == "SYR"


def test_unresolved_actor_keeps_text_and_says_it_guessed(code):
    a = actor_of(code("The Zorbian Liberation Committee condemned the arrests."), "ACCUSE")
    assert a.name == "Zorbian Liberation Committee" and not a.resolved and a.how.startswith("guessed")


def test_user_actor_file_adds_entities(pipeline):
    from dotterel.api import code_text
    from dotterel.pipeline import PipelineConfig

    config = PipelineConfig(actor_files=(str(EXAMPLES / "my_actors.yaml"),))
    mentions = code_text("The River Front ambushed a convoy near Kisangani.", published="2024-02-01", config=config)
    a = only(mentions, "ASSAULT")[0].actor
    assert a.name == "River Liberation Front" and a.country == "COD"


def test_lookup_explains_candidates():
    res = lookup_actor("Army of Islam")
    assert {c["country"] for c in res["candidates"]} >= {"PSE", "SYR"}


def test_plural_demonym_is_the_countrys_people(code):
    a = actor_of(code("Thousands of Tunisians protested in the capital on Friday."), "PROTEST")
    assert a.country == "TUN" and a.sector == "CVL"


def test_collective_takes_the_articles_country(code):
    text = ("Malian soldiers patrolled the north of Mali on Monday. In Bamako, protesters marched against "
            "the junta on Tuesday.")
    a = actor_of(code(text), "PROTEST")
    assert a.country == "MLI" and a.how.endswith("context")


def test_description_with_an_adjective_refers_back(code):
    text = "Boko Haram claimed the raid on Tuesday. The jihadist group also abducted twenty farmers."
    a = only(code(text), "ASSAULT")[-1].actor
    assert a.name == "Boko Haram" and a.how.startswith("coref")


def test_named_description_is_that_organisations_affiliate(code):
    text = ("Al-Shabaab fighters stormed a hotel in Mogadishu on Monday, officials said. Residents fled the "
            "district. Shops stayed shut all week. The al Qaeda group later attacked a police post in Baidoa.")
    a = only(code(text), "ASSAULT")[-1].actor
    assert a.name == "al-Shabaab"


def test_member_of_an_organisation_named_by_its_acronym(code):
    text = "The group claimed an attack on fighters from the Popular Front for the Liberation of Palestine (PFLP)."
    r = only(code(text), "ASSAULT")[0].recipient
    assert r is not None and r.name == "Popular Front for the Liberation of Palestine"


def test_members_owned_by_a_pronoun_act_for_its_referent(code):
    text = "The African Union met in Addis Ababa on Monday. Its leaders signed a peace agreement on Tuesday."
    a = code(text)[-1].actor
    assert a.name == "African Union" and a.how == "coref:its"


def test_a_persons_followers_are_not_the_person(code):
    m = only(code("The opposition leader urged her supporters to march on the capital."), "REQUEST")[0]
    assert m.recipient is not None and m.recipient.name != m.actor.name


def test_relative_pronoun_is_the_noun_it_hangs_on(code):
    m = only(code("The rebels released the convoy, which the army had attacked on Monday."), "ASSAULT")[0]
    assert m.recipient is not None and m.recipient.name != "which"


def test_an_opposition_activist_is_opposition(code):
    m = only(code("A court in Minsk sentenced an opposition activist to four years in prison."), "SANCTION")[0]
    assert m.recipient.sector == "OPP"


def test_we_in_a_quote_is_the_state_whose_media_said_it(code):
    text = ("North Korea criticised the drills on Monday. \u201cWe sternly warn the U.S. to halt the drills,\u201d "
            "the North\u2019s state news agency said.")
    m = only(code(text), "THREATEN")[-1]
    assert m.actor.name == "North Korea"


def test_they_does_not_refer_to_things(code):
    text = "The drills began on Monday near the border. They condemned the exercises on Tuesday."
    m = only(code(text), "ACCUSE")[0]
    assert m.actor.how == "anaphor:unresolved"


def test_a_news_agency_is_a_source_not_an_antecedent(code):
    text = ("Officials told Reuters the talks had failed. "
            "They said the army would withdraw from the border on Friday.")
    assert lookup_actor("Reuters")["resolved"]["sector"] == "MED"
    for m in code(text):
        assert m.actor is None or m.actor.name != "Reuters"


def test_a_collective_is_named_in_one_spelling(code):
    actor = actor_of(code("Chilean protestors clashed with riot police in Santiago on Friday."), "PROTEST")
    assert actor.name == "Chilean protesters" and actor.text == "Chilean protestors" and actor.country == "CHL"
