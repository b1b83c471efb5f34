import datetime as dt

import pytest

from bench.extraction import Score, _ref, score_passage
from bench.passages import PASSAGES
from timeline.extraction import TITLE_LENGTH, extract, sentences, title_of


@pytest.fixture(scope="module")
def index(gazetteer_index):
    """The world gazetteer, as the endpoint reads it."""
    return gazetteer_index


def test_the_passages_are_enough_and_varied():
    assert len(PASSAGES) >= 25
    texts = " ".join(passage.text for passage in PASSAGES)
    for spelling in ("Stakhanov", "Kadiivka", "Popasna", "Perevalsk", "Brianka", "Stajánov"):
        assert spelling in texts
    assert any("\u0600" <= char <= "\u06ff" for char in texts)  # Arabic script
    assert "Début juillet" in texts


@pytest.mark.parametrize("passage", PASSAGES, ids=lambda passage: passage.text[:40])
def test_each_passage_yields_its_places_and_dates(index, passage):
    found = extract(passage.text, index, _ref(passage))
    assert score_passage(passage, found, Score()) == []


@pytest.mark.parametrize("passage", PASSAGES, ids=lambda passage: passage.text[:40])
def test_each_passage_is_one_proposed_event_citing_its_sentence(index, passage):
    found = extract(passage.text, index, _ref(passage))
    [event] = found.events
    assert event.place is not None
    assert event.date is not None
    assert (event.passage_start, event.passage_end) == (0, len(passage.text))


def test_one_event_per_sentence_holding_a_place_and_a_date(index):
    text = (
        "On 5 March 2022 Popasna was shelled. Nobody came.\n\n"
        "Stakhanov was quiet. In early July searches began in Brianka, and in Perevalsk."
    )
    found = extract(text, index, dt.date(2022, 8, 3))
    assert [(e.title, e.date, e.date_as_reported, e.place.name) for e in found.events] == [
        ("On 5 March 2022 Popasna was shelled.", "2022-03-05", "5 March 2022", "Popasna"),
        (
            "In early July searches began in Brianka, and in Perevalsk.",
            "2022-07-01/2022-07-10",
            "early July",
            "Bryanka",
        ),
    ]


def test_an_unanchored_date_is_proposed_without_edtf(index):
    [event] = extract("Last week Popasna was shelled.", index).events
    assert (event.date, event.date_as_reported) == (None, "Last week")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ("Gen. Lapin came. St. Petersburg too.", ["Gen. Lapin came.", "St. Petersburg too."]),
        ("A line\nwrapped. Next\n\nparagraph", ["A line\nwrapped.", "Next", "paragraph"]),
        ("  padded.  ", ["padded."]),
        ("", []),
        ("On 24.02.2022 it began.", ["On 24.02.2022 it began."]),
        ("قال شهود؟ نعم.", ["قال شهود؟", "نعم."]),
    ],
)
def test_sentences(text, expected):
    assert [text[start:end] for start, end in sentences(text)] == expected


def test_a_title_is_one_line_cut_at_a_word():
    assert title_of("  Shelling\nin Popasna.  ") == "Shelling in Popasna."
    long = title_of("word " * 100)
    assert len(long) <= TITLE_LENGTH
    assert long.endswith("word…")
