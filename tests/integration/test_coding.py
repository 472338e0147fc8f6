"""The coder end to end on sentences written for these tests: one per PLOVER type, plus voice,
negation, threats, vows, attribution, coordination, and texts with no event."""
from __future__ import annotations

import pytest

from tests.conftest import only

pytestmark = pytest.mark.model

ONE_PER_TYPE = [
    ("AGREE", "The government of Kenya agreed to cooperate with Somalia on border security."),
    ("CONSULT", "The Turkish foreign minister met his Greek counterpart in Athens on Monday."),
    ("SUPPORT", "The Arab League praised Jordan for its handling of the refugee crisis."),
    ("CONCEDE", "The president of Tunisia pardoned 200 prisoners on Independence Day."),
    ("COOPERATE", "Colombia extradited a drug trafficker to the United States on Friday."),
    ("AID", "Japan provided emergency food aid to Bangladesh after the floods."),
    ("RETREAT", "Rebels released twelve hostages in northern Niger on Sunday."),
    ("REQUEST", "The European Union urged Serbia to resume talks with Kosovo."),
    ("ACCUSE", "Pakistan accused India of supporting separatists in Balochistan."),
    ("REJECT", "Iran rejected a proposal from the International Atomic Energy Agency."),
    ("THREATEN", "North Korea threatened to strike American bases in Guam."),
    ("PROTEST", "Thousands of students protested against the new education law in Santiago."),
    ("SANCTION", "Canada imposed sanctions on Belarus over the forced landing of a passenger jet."),
    ("MOBILIZE", "Russia deployed additional troops near the Ukrainian border."),
    ("COERCE", "Police arrested 40 opposition activists in Minsk on Saturday."),
    ("ASSAULT", "Gunmen attacked a police station in Kano, killing three officers."),
]


@pytest.mark.parametrize("type_,sentence", ONE_PER_TYPE, ids=[t for t, _ in ONE_PER_TYPE])
def test_every_plover_type_is_coded(code, type_, sentence):
    mentions = code(sentence)
    assert type_ in {m.type for m in mentions}, [(m.type, m.evidence.text) for m in mentions]


def test_evidence_offsets_slice_the_article(code):
    text = "Police arrested 40 opposition activists in Minsk on Saturday."
    for m in code(text):
        assert text[m.evidence.start:m.evidence.end] == m.evidence.text
        assert m.evidence.text


def test_active_voice_actor_and_recipient(code):
    m = only(code("Pakistan accused India of supporting separatists in Balochistan."), "ACCUSE")[0]
    assert m.actor.name == "Pakistan" and m.actor.country == "PAK"
    assert m.recipient.name == "India" and m.recipient.country == "IND"


def test_passive_voice_puts_the_agent_first(code):
    m = only(code("Two journalists were detained by the police in Cairo on Tuesday."), "COERCE")[0]
    assert m.mode == "arrest"
    assert "police" in m.actor.name.lower()
    assert "journalists" in m.recipient.name


def test_negation(code):
    m = only(code("The army did not attack the village, the mayor said."), "ASSAULT")[0]
    assert m.status == "negated"


def test_threat_is_intended(code):
    mentions = code("Hezbollah threatened to attack Israeli towns if the strikes continue.")
    m = only(mentions, "THREATEN")[0]
    assert m.status == "intended"
    assert m.mode == "violence"
    assert not only(mentions, "ASSAULT"), "a threatened attack is not an attack"


def test_vow_is_intended_and_coded_as_threat(code):
    m = only(code("The militants vowed to kill the governor of the province."), "THREATEN")[0]
    assert m.status == "intended"


def test_future_cooperation_is_agree(code):
    m = only(code("Egypt will send medical aid to Sudan next week."), "AGREE")[0]
    assert m.status == "intended"


def test_promised_withdrawal_is_concede(code):
    m = only(code("The minister said the government will withdraw its troops from the region."), "CONCEDE")[0]
    assert m.status == "intended"


def test_attribution_by_a_source(code):
    m = only(code("The rebels seized the airport of Goma, a United Nations source told reporters."), "ASSAULT")[0]
    assert m.attributed_to and "source" in m.attributed_to


def test_attribution_according_to(code):
    m = only(code("According to local officials, soldiers shot two farmers near the border."), "ASSAULT")[0]
    assert m.attributed_to and "officials" in m.attributed_to


def test_trailing_said_attribution(code):
    m = only(code("Troops killed four insurgents in Helmand on Monday, a provincial spokesman said."), "ASSAULT")[0]
    assert m.attributed_to and "spokesman" in m.attributed_to


def test_coordinated_actors_give_one_event_each(code):
    mentions = only(code("Hamas and Islamic Jihad condemned the arrest of the two lawmakers."), "ACCUSE")
    names = {m.actor.name for m in mentions}
    assert any("Hamas" in n for n in names) and any("Jihad" in n for n in names)


def test_relative_clause_subject(code):
    mentions = only(code("The commander, who ordered the raid, later arrested three villagers."), "COERCE")
    assert any("commander" in m.actor.name.lower() for m in mentions)


def test_artifact_speaks_for_its_maker(code):
    mentions = code("The group released a video attacking the government as corrupt.")
    m = only(mentions, "ACCUSE")[0]
    assert "group" in m.actor.text.lower() or m.actor.how.startswith("artifact")


def test_sentence_without_an_event(code):
    assert code("The weather in the capital was mild, and the markets were busy.") == []


def test_empty_article(code):
    assert code("") == []
    assert code("   \n\n  ") == []


def test_dateline_and_caption_are_not_story_text(code):
    text = ("Protesters rally outside parliament in Nairobi. (Photo credit: example)\n\n"
            "NAIROBI – Police arrested the organisers of the march on Tuesday. They were released later.")
    mentions = code(text)
    story = [m for m in mentions if m.section == "story"]
    captions = [m for m in mentions if m.section == "caption"]
    assert {m.type for m in story} == {"COERCE", "RETREAT"}
    assert [m.type for m in captions] == ["PROTEST"]  # a caption reports its own event, apart
    assert all("NAIROBI" not in m.evidence.text and "credit" not in m.evidence.text for m in mentions)
    released = only(story, "RETREAT")[0]
    assert "organisers" in released.recipient.text or released.recipient.name == "organisers"  # not the caption


def test_background_history_is_not_a_new_event(code):
    mentions = code("Chad restored diplomatic ties with Sudan ten years after rioters burned its embassy.")
    assert "PROTEST" not in {m.type for m in mentions}
    assert "SUPPORT" in {m.type for m in mentions}


def test_pronoun_takes_the_earlier_actor(code):
    text = "The Taliban seized the district centre on Monday. They later executed two local officials."
    m = only(code(text), "ASSAULT")[-1]
    assert "Taliban" in m.actor.name and m.actor.how.startswith("coref")


def test_publication_date_and_weekday(code):
    m = only(code("Police arrested 40 activists in Minsk on Saturday.", published="2021-03-10"), "COERCE")[0]
    assert m.date.value == "2021-03-06" and m.date.precision == "day"


def test_a_definite_event_noun_retells_the_event_already_coded(code):
    text = ("Gunmen attacked a police station in Kandahar on Saturday, killing four officers. "
            "Saturday's attack drew condemnation from the governor.")
    assaults = only(code(text), "ASSAULT")
    assert [m.evidence.text.split()[0] for m in assaults] == ["Gunmen"]


def test_an_indefinite_event_noun_is_a_new_event(code):
    text = ("Gunmen attacked a police station in Kandahar on Saturday. "
            "On Sunday, militants launched an attack on an army base in Helmand.")
    assert len(only(code(text), "ASSAULT")) == 2


def test_force_used_to_disperse_a_crowd_is_used_on_it(code):
    m = only(code("Riot police fired tear gas on Friday to disperse hundreds of striking miners."), "ASSAULT")[0]
    assert m.recipient is not None and "miners" in m.recipient.name


def test_an_unresolved_possessive_is_no_recipient(code):
    m = only(code("The United States strengthened its military presence in South Korea."), "MOBILIZE")[0]
    assert m.recipient is None or m.recipient.text.lower() != "its"


def test_a_promise_of_harm_is_a_threat(code):
    threat = only(code("The group promised the settlers that Hebron would be their graveyard."), "THREATEN")
    assert threat and threat[0].status == "intended"
    assert only(code("The minister promised to raise salaries next year."), "AGREE")


def test_a_gerund_after_a_time_preposition_is_the_subjects_act(code):
    # "accuse X of collaborating": X acts; "seized rifles before withdrawing": the seizers withdraw
    ms = code("Rebel fighters seized rifles and two trucks before withdrawing into the hills.")
    retreat = only(ms, "RETREAT")[0]
    assert retreat.actor is not None and retreat.actor.text.endswith("fighters")
    accused = only(code("Pakistan accused India of supporting separatists in Balochistan."), "ACCUSE")[0]
    assert accused.recipient.name == "India"


def test_the_head_of_a_body_can_accuse(code):
    accused = only(code("Mission head Kofi Mensah on Monday accused the rebels of looting the town."), "ACCUSE")[0]
    assert accused.actor is not None and accused.actor.text.lower().startswith("mission head")
    assert only(code("The head of the mission condemned the raid on Monday."), "ACCUSE")


def test_denying_an_act_rejects_it_and_does_not_assert_it(code):
    for text in ("The militia denied shelling the market on Sunday.",
                 "The army denied that it had shelled the village."):
        ms = code(text)
        assert only(ms, "REJECT"), text
        assert not [m for m in ms if m.type == "ASSAULT"], text


def test_a_wars_toll_so_far_is_not_an_event(code):
    assert code("The war has killed tens of thousands of people since 2015.") == []
    assert only(code("Fighting killed twelve soldiers near the border on Monday."), "ASSAULT")


def test_judging_an_allegation_rejects_it(code):
    assert only(code("The foreign minister said the allegations were unacceptable."), "REJECT")
    assert only(code("The foreign minister said the move was a provocation."), "ACCUSE")


def test_export_controls_on_a_country_are_a_sanction(code):
    sanction = only(code("Washington imposed new export controls on Russia on Tuesday."), "SANCTION")[0]
    assert sanction.recipient.name == "Russia"
    assert only(code("The army imposed restrictions on protests in the capital."), "COERCE")


def test_a_call_for_people_to_act_requests_it_and_does_not_report_it(code):
    ms = code("The opposition leader called for supporters to rally again on Wednesday.")
    assert only(ms, "REQUEST")
    assert not [m for m in ms if m.type == "PROTEST" and m.status == "asserted"]


def test_anyone_is_no_recipient(code):
    threat = only(code("Russia is not threatening anyone, the monitors said."), "THREATEN")[0]
    assert threat.status == "negated" and threat.recipient is None
    # said by its own minister, the same words deny the charge: a rejection of no one in particular
    denial = only(code("Russia is not threatening anyone, the minister said."), "REJECT")[0]
    assert denial.recipient is None


def test_this_is_no_speaker(code):
    assert code("This would demand a firm response from the allies.") == []
    assert only(code("The allies demanded a firm response."), "REQUEST")


def test_judging_an_outcome_bad_disapproves_of_it(code):
    m = only(code('The opposition leader said the verdict was a "bad signal" for the country.'), "ACCUSE")[0]
    assert m.mode == "disapprove" and m.recipient is None


def test_an_act_of_aggression_is_a_judgement(code):
    assert only(code("The ministry said the shelling was an act of aggression and a war crime."), "ACCUSE")


def test_an_announced_sanction_is_the_sanction(code):
    m = only(code("Beijing announced that it would sanction the senator and his family."), "SANCTION")[0]
    assert m.status == "asserted"
    # "said it will expel": still a threat
    assert only(code("Moscow said it will expel ten Polish diplomats."), "THREATEN")


def test_calling_a_counterpart_is_a_phone_call_and_a_day_is_no_call_on(code):
    m = only(code("The German chancellor called her Polish counterpart on Tuesday."), "CONSULT")[0]
    assert m.mode == "phone" and m.recipient.country == "POL"
    assert not only(code("The German chancellor called her Polish counterpart on Tuesday."), "REQUEST")
    assert only(code("Hamas called on Egypt to open the crossing."), "REQUEST")


def test_claims_of_an_act_allege_it_and_claims_of_responsibility_do_not(code):
    assert only(code("Officials repeated claims of a foreign-backed plot against the president."), "ACCUSE")
    assert not only(code("Officials doubted claims of responsibility by the group."), "ACCUSE")


def test_people_displaced_by_fighting_are_not_expelled(code):
    assert not only(code("Some 20,000 villagers were displaced by the fighting near Goma."), "SANCTION")
    assert only(code("Soldiers displaced 300 families from the village on Monday."), "SANCTION")


def test_a_coordinated_participle_of_backing_is_a_standing_relation(code):
    text = "The coalition, led by Saudi Arabia and backed by Western powers, struck the port of Hodeidah."
    assert not only(code(text), "SUPPORT")


def test_condemning_a_troop_build_up_codes_both_and_names_the_troops(code):
    mentions = code("Damascus condemned the gathering of Turkish troops on the border.")
    assert only(mentions, "ACCUSE")[0].recipient.country == "TUR"
    assert only(mentions, "MOBILIZE")[0].actor.country == "TUR"


def test_fresh_sanctions_against_someone_are_news_without_a_support_verb(code):
    m = only(code("The crackdown triggered fresh Western sanctions against the Belarusian leader."), "SANCTION")[0]
    assert m.actor.sector == "GOV" and m.recipient is not None
    assert not only(code("The sanctions against Iran hurt its economy."), "SANCTION")


def test_thanks_to_god_is_no_actor(code):
    m = only(code("Thanks to God, mujahideen in the Gao region attacked the army base."), "ASSAULT")[0]
    assert m.actor is not None and m.actor.name.lower() != "thanks"


def test_the_wounded_evacuated_are_people_not_an_attack(code):
    assert not only(code("The UN asked for a truce to evacuate wounded and civilians from the suburbs."), "ASSAULT")


def test_descriptions_and_standing_holds_are_not_events(code):
    assert not only(code("The coalition fighting the rebels has bases in the south."), "ASSAULT")
    assert not only(code("The rebels, who control most of the north, met the envoy."), "ASSAULT")
    assert not only(code("The two rivals have fought three wars since independence."), "ASSAULT")
    assert only(code("There are more than 200 Algerians fighting for the Islamic State, the official said."), "ASSAULT")


def test_measures_targeting_industries_are_sanctions(code):
    mentions = code("The Treasury is targeting Iran's oil and banking industries with the new measures.")
    assert only(mentions, "SANCTION") and not only(mentions, "ASSAULT")
    m = only(code("The new sanctions target 22 individuals close to the government."), "SANCTION")
    assert all(x.actor is None or "sanction" not in x.actor.name for x in m)


def test_fighting_that_raged_is_an_event(code):
    assert only(code("Fighting raged near Tripoli on Sunday."), "ASSAULT")


def test_an_event_noun_is_no_one_s_subject(code):
    text = ("Forces loyal to the general announced their first airstrike on a suburb of Tripoli, where troops "
            "loyal to the government had announced a counter offensive.")
    for m in only(code(text), "ASSAULT"):
        assert m.actor is None or "airstrike" not in m.actor.name


def test_a_vow_to_resign_is_a_promise_and_a_vow_of_revenge_a_threat(code):
    m = only(code('"I vowed that if my plan failed, I would resign," the prime minister said.'), "CONCEDE")
    assert m and m[0].status == "intended"
    assert only(code("The group vowed revenge against the ruling party."), "THREATEN")


def test_disbanding_ones_government_is_a_concession(code):
    m = only(code("The prime minister responded by disbanding his government."), "CONCEDE")[0]
    assert m.recipient is None


def test_habits_are_not_events(code):
    assert not only(code("In the past, both sides have often accused the other of firing first."), "ACCUSE")


def test_each_of_two_departments_does_only_what_its_own_clause_says(code):
    text = ("The sanctions were imposed with the Commerce Department, which is imposing export controls on Iran, "
            "and the Treasury, which is targeting Iran's banks.")
    actors = {m.actor.name for m in only(code(text), "SANCTION") if m.actor is not None and "controls" in m.evidence.text}
    assert actors and all("Treasury" not in a for a in actors)


def test_a_truce_does_nothing_itself(code):
    for m in code('The UN called for an "urgent" two-hour truce in the suburbs to evacuate civilians.'):
        assert m.actor is None or "truce" not in m.actor.name


def test_a_state_said_not_to_threaten_by_its_own_spokesman_rejects_the_charge(code):
    text = "The spokesman declined to comment, while insisting that Iran was not making moves to threaten Iraq."
    m = only(code(text), "REJECT")
    assert m and m[0].recipient is not None and m[0].recipient.country == "IRQ"
    assert not only(code(text), "THREATEN")


def test_someone_elses_denial_stays_a_negated_act(code):
    m = only(code("The army did not attack the village, the monitors said."), "ASSAULT")
    assert m and m[0].status == "negated"
