"""Danish analysis: inflections, compounds, misspellings, everyday words, English."""

from __future__ import annotations

import pytest

from indgang.danish import Analyzer

VOCABULARY = [
    "Vi tilbyder rådgivning om eksport og hjælper virksomheden med at eksportere.",
    "Ejerskifte, overdragelse og skifte til næste generation i en virksomhed.",
    "Finansiering, lån og kapital til iværksætter og iværksættere.",
    "Kontor og pladser i et fællesskab. Rekruttering af medarbejdere.",
]


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer(VOCABULARY)


def test_inflections_share_a_stem(analyzer):
    stem = analyzer.stem("eksport")
    for word in ("eksporten", "eksportere", "eksporterer"):
        assert stem in analyzer.word_terms(word)


def test_nouns_in_ing_meet_their_verb(analyzer):
    assert set(analyzer.word_terms("rekruttering")) & set(analyzer.word_terms("rekruttere"))
    assert set(analyzer.word_terms("rådgivning")) & set(analyzer.word_terms("rådgive"))


@pytest.mark.parametrize(
    ("compound", "parts"),
    [
        ("eksportrådgivning", ("eksport", "rådgivning")),
        ("eksportrådgivningen", ("eksport", "rådgivningen")),
        ("generationsskifte", ("generation", "skifte")),
        ("virksomhedsoverdragelse", ("virksomhed", "overdragelse")),
        ("iværksætterlån", ("iværksætter", "lån")),
        ("kontorpladser", ("kontor", "pladser")),
    ],
)
def test_compounds_split_on_the_catalog_vocabulary(analyzer, compound, parts):
    assert analyzer.decompound(compound) == parts
    terms = analyzer.word_terms(compound)
    assert analyzer.stem(compound) in terms  # the whole word is kept
    for part in parts:
        assert analyzer.stem(part) in terms


@pytest.mark.parametrize("word", ["virksomhed", "forretning", "samarbejde", "kapital", "xyz"])
def test_words_that_are_no_known_compound_stay_whole(analyzer, word):
    assert analyzer.decompound(word) == ()


@pytest.mark.parametrize(
    ("typo", "word"),
    [
        ("finansering", "finansiering"),
        ("iværksæter", "iværksætter"),
        ("eksprot", "eksport"),
        ("raadgivning", "rådgivning"),
        ("overdragelsse", "overdragelse"),
    ],
)
def test_misspellings_are_corrected_to_catalog_words(analyzer, typo, word):
    analysis = analyzer.analyze_query(f"hjælp til {typo}")
    assert analyzer.stem(word) in analysis.terms
    # a typo that stems like the word needs no correction ("iværksæter" ~ "iværksætter")
    assert analysis.corrections in ({typo: word}, {})
    assert analysis.corrections or analyzer.stem(typo) == analyzer.stem(word)


def test_known_and_short_words_are_not_corrected(analyzer):
    assert analyzer.analyze_query("eksporten til Tyskland").corrections == {}
    assert analyzer.correct("ok") is None


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Vi mangler penge", "finansiering"),
        ("kan vi få et lån i banken", "finansiering"),
        ("vi søger en investor", "finansiering"),
        ("vi vil gerne ansætte flere", "kompetencer"),
        ("det er svært at rekruttere medarbejdere", "kompetencer"),
        ("vi vil sælge til Tyskland", "eksport"),
        ("salg i udlandet", "eksport"),
        ("jeg vil starte egen virksomhed", "opstart"),
        ("iværksætter med en idé", "opstart"),
        ("generationsskifte i familiefirmaet", "ejerskifte"),
        ("we want to export", "eksport"),
        ("funding for our startup", "finansiering"),
        ("we need to hire engineers", "kompetencer"),
        ("how do I start a business", "opstart"),
        ("looking for an office", "lokaler"),
    ],
)
def test_everyday_words_signal_themes(analyzer, text, theme):
    analysis = analyzer.analyze_query(text)
    assert theme in analysis.themes
    assert analysis.theme_words[theme]


def test_a_number_before_a_headcount_describes_size_not_a_need(analyzer):
    size = analyzer.analyze_query("Vi er en virksomhed med 6 ansatte og 40 medarbejdere")
    assert "kompetencer" not in size.themes
    assert analyzer.stem("ansatte") not in size.terms
    need = analyzer.analyze_query("Vi skal have flere medarbejdere")
    assert "kompetencer" in need.themes


def test_short_stems_do_not_collide(analyzer):
    # "ledige" (unemployed) and "ledere" (managers) both stem to "led"
    assert "ledelse" not in analyzer.analyze_query("opkvalificere ledige").themes
    assert "ledelse" in analyzer.analyze_query("kurser for nye ledere").themes


def test_english_words_expand_to_danish_catalog_words(analyzer):
    analysis = analyzer.analyze_query("funding")
    assert analyzer.stem("finansiering") in analysis.terms
    assert analysis.terms[analyzer.stem("finansiering")] < 1.0  # an expansion weighs less


def test_hyphenated_words_are_joined_and_split(analyzer):
    terms = analyzer.index_terms("E-handel og SaaS-virksomhed")
    assert "ehandel" in terms
    assert analyzer.stem("virksomhed") in terms
