from __future__ import annotations

from dotterel.lexicon import load_lexicon
from dotterel.model.plover import TYPES, codebook


def test_codebook_has_the_sixteen_types_and_our_decisions():
    book = codebook()
    assert set(book.types) == set(TYPES) and len(TYPES) == 16
    assert book.quad("SANCTION") == 4  # the manual contradicts itself; plover.md decides
    assert book.score("ACCUSE") == -3.0
    assert book.score("PROTEST", "vandalize") == -5.0
    assert len(book.contexts) == 37
    assert book.types["AID"].recipient_required


def test_lexicon_loads_and_covers_every_type():
    lex = load_lexicon()
    coded = {s.type for senses in (*lex.verbs.values(), *lex.nouns.values()) for s in senses if s.type}
    assert coded == set(TYPES)


def test_lexicon_modes_are_valid():
    book = codebook()
    lex = load_lexicon()
    for senses in (*lex.verbs.values(), *lex.nouns.values()):
        for s in senses:
            if s.type:
                assert book.is_mode(s.type, s.mode)


def test_word_yaml_keeps_prepositions_and_refuses_repeated_keys():
    import pytest
    import yaml

    from dotterel._yaml import load_words_yaml

    assert load_words_yaml("r: [on, off, yes, no]\nx: true") == {"r": ["on", "off", "yes", "no"], "x": True}
    with pytest.raises(yaml.YAMLError, match="duplicate key"):
        load_words_yaml("open: 1\nopen: 2\n")
