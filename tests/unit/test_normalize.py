from __future__ import annotations

from dotterel.model import Article, Document
from dotterel.stages.normalize import Normalize


def run(text: str) -> Document:
    return Normalize()(Document(article=Article(doc_id="n", text=text)))


def test_dateline_is_blanked_and_remembered():
    doc = run("TEL AVIV – Police arrested two men on Monday.")
    assert doc.text[doc.dateline[0]:doc.dateline[1]] == "TEL AVIV"
    assert doc.parsed_text.startswith(" " * len("TEL AVIV –"))
    assert doc.parsed_text.endswith("Police arrested two men on Monday.")


def test_dateline_with_country_and_agency():
    doc = run("KABUL, Afghanistan (AP) — Gunmen attacked a checkpoint.")
    assert doc.text[doc.dateline[0]:doc.dateline[1]] == "KABUL"
    assert "Gunmen attacked" in doc.parsed_text and "(AP)" not in doc.parsed_text


def test_no_dateline_in_ordinary_sentence():
    doc = run("US troops left the base - officials said so.")
    assert doc.dateline is None
    assert doc.parsed_text == doc.text


def test_photo_caption_is_not_story_text():
    text = "Soldiers patrol a street in Gao. (photo credit: AFP)\n\nThe army said it killed ten militants."
    doc = run(text)
    assert doc.captions == [(0, text.index(" (photo"))]  # kept apart, coded on its own
    assert "photo credit" not in doc.parsed_text
    assert doc.story == [(text.index("The army"), len(text))]


def test_offsets_survive_normalisation():
    text = "GAZA/JERUSALEM — Israel and Hamas agreed a truce.\n\nIS claimed the attack."
    doc = run(text)
    assert len(doc.parsed_text) == len(text)
    assert doc.parsed_text.index("agreed") == text.index("agreed")


def test_acronym_that_reads_as_a_verb_gets_a_stand_in():
    doc = run("So far, IS has not claimed the attack.")
    assert "IZ has not" in doc.parsed_text
    assert doc.text == "So far, IS has not claimed the attack."


def test_all_caps_line_keeps_is():
    doc = run("THIS IS A HEADLINE IN CAPITALS")
    assert "IZ" not in doc.parsed_text


def test_dateline_after_a_headline_left_in_the_text():
    text = ("Rebels Seize Border Town In Dawn Raid\n\nTroops patrol the square in Gao. (photo credit: AFP)\n\n"
            "BAMAKO – Rebels seized the town of Anefis on Monday.")
    doc = run(text)
    assert doc.text[doc.dateline[0]:doc.dateline[1]] == "BAMAKO"
    assert "BAMAKO" not in doc.parsed_text


def test_a_sentence_paragraph_is_no_headline_before_a_dateline():
    doc = run("Police arrested two men on Monday.\n\nPARIS – The minister resigned.")
    assert doc.dateline is None
