import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from places.mentions import distance_km, find_places
from places.names import abjad_key

KADIIVKA, KHRUSTALNYI, LUHANSK, BRIANKA = 692975, 704202, 702658, 711369
PEREVALSK, POPASNA, KYIV, LVIV, ODESA = 697650, 696566, 703448, 702550, 698740


def found(text, index):
    return [(m.mention, m.candidates[0].geonames_id) for m in find_places(text, index)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shelling hit Stakhanov overnight.", [("Stakhanov", KADIIVKA)]),
        ("Residents of Kadiivka were detained.", [("Kadiivka", KADIIVKA)]),
        ("In Stajánov the school was closed.", [("Stajánov", KADIIVKA)]),
        ("Popasna and Perevalsk were shelled.", [("Popasna", POPASNA), ("Perevalsk", PEREVALSK)]),
        ("Searches in Brianka, Lugansk region.", [("Brianka", BRIANKA), ("Lugansk", LUHANSK)]),
        ("Kyiv's mayor spoke.", [("Kyiv", KYIV)]),
        ("The road from Krasnyi Luch to Lviv.", [("Krasnyi Luch", KHRUSTALNYI), ("Lviv", LVIV)]),
        ("В Стаханове задержали двоих.", [("Стаханове", KADIIVKA)]),
        ("Обстріли у Попасній та Брянці.", [("Попасній", POPASNA), ("Брянці", BRIANKA)]),
        ("Жителі Луганська розповіли.", [("Луганська", LUHANSK)]),
        ("اعتقل سكان في ستاخانوف ولوغانسك", [("ستاخانوف", KADIIVKA), ("لوغانسك", LUHANSK)]),
        ("وقال سكان لوغانسك", [("لوغانسك", LUHANSK)]),
        ("وفي كييف قال مسؤولون", [("كييف", KYIV)]),
        ("Des habitants de Lougansk et d'Odessa.", [("Lougansk", LUHANSK), ("Odessa", ODESA)]),
    ],
)
def test_finds_the_towns_reports_name(gazetteer_index, text, expected):
    assert found(text, gazetteer_index) == expected


@pytest.mark.parametrize(
    "text",
    [
        "In March the shelling stopped; May was quiet.",
        "Sergei said nothing. Sergei Popov was arrested.",
        "General Lapin and Colonel Ivanov gave orders.",
        "Human Rights Watch and Amnesty International interviewed them.",
        "Victoria and Mark met Olga on Monday.",
        "The police said. Well, after that the army left. During the winter the market closed.",
        "in the town of popasna people waited",  # lower case is not a name in a cased script
        "2022-03-05 12:00 1234 5678",
        "",
    ],
)
def test_ordinary_words_and_people_are_not_towns(gazetteer_index, text):
    assert found(text, gazetteer_index) == []


@pytest.mark.parametrize("word", ["Reading", "Split", "Island", "Silver", "Southern", "Never"])
def test_a_word_capitalised_only_for_starting_a_sentence_is_no_town(gazetteer_index, word):
    # Each is a town's name, or sounds like one, somewhere in the world.
    assert found(f"{word} the people said nothing.", gazetteer_index) == []


def test_a_town_may_start_a_sentence(gazetteer_index):
    assert found("Lougansk a été bombardée. Popasna aussi.", gazetteer_index) == [
        ("Lougansk", LUHANSK),
        ("Popasna", POPASNA),
    ]


def test_prose_without_places_yields_nothing(gazetteer_index):
    prose = (
        "The rights group spoke to witnesses over several months. Most of them asked not to be "
        "named. They described searches at night, phones taken and relatives questioned. Some "
        "were released after a few days; others have not been heard from since. Officials did "
        "not answer written questions. According to the group, Olena, a nurse, was held for "
        "two weeks. Her brother Taras says the men wore no insignia. After the summer, "
        "Saturday markets opened again, but Friday prayers were banned."
    )
    assert found(prose, gazetteer_index) == []


def test_offsets_point_into_the_text_as_given(gazetteer_index):
    text = "  «Stakhanov’s» school,\nand   Попасной. "
    mentions = find_places(text, gazetteer_index)
    assert [(m.mention, text[m.start : m.end]) for m in mentions] == [
        ("Stakhanov", "Stakhanov"),
        ("Попасной", "Попасной"),
    ]


def test_arabic_prefix_is_left_out_of_the_mention(gazetteer_index):
    text = "وستاخانوف ولوغانسك"
    first, second = find_places(text, gazetteer_index)
    assert (first.mention, first.start, first.end) == ("ستاخانوف", 1, 9)
    assert first.candidates[0].geonames_id == KADIIVKA
    assert first.by_consonants


def test_a_town_guessed_from_consonants_alone_needs_another_place_near_it(gazetteer_index):
    # Many an Arabic word has some town's consonants; a guess nothing near confirms is dropped.
    assert find_places("اعتقل سكان في ستاخانوف", gazetteer_index) == []
    assert [m.mention for m in find_places("في ستاخانوف وفي كييف", gazetteer_index)] == ["كييف"]


def test_a_shortened_name_alone_is_ambiguous(gazetteer_index):
    [mention] = find_places("They were taken to Krasnyi.", gazetteer_index)
    assert mention.ambiguous
    assert len(mention.candidates) > 1


def test_the_other_towns_of_the_text_settle_an_ambiguous_one(gazetteer_index):
    mentions = find_places("In Stakhanov and Krasnyi people were detained.", gazetteer_index)
    krasnyi = mentions[1]
    assert (krasnyi.mention, krasnyi.candidates[0].geonames_id) == ("Krasnyi", KHRUSTALNYI)
    assert not krasnyi.ambiguous


def test_candidates_are_capped_ranked_and_scored(gazetteer_index):
    [mention] = find_places("Near Krasnyi.", gazetteer_index, limit=3)
    assert len(mention.candidates) == 3
    for candidate in mention.candidates:
        assert 0 < candidate.score <= 1
        assert candidate.geonames_id and candidate.name


def test_an_unambiguous_town_is_not_flagged(gazetteer_index):
    [mention] = find_places("Shelling in Popasna.", gazetteer_index)
    assert not mention.ambiguous


def test_consonant_keys_meet_across_scripts():
    assert abjad_key("ستاخانوف", abjad=True) == abjad_key("Stakhanov")
    assert abjad_key("بوباسنا", abjad=True) == abjad_key("Popasna")


def test_distance():
    assert distance_km(48.0, 38.0, 48.0, 38.0) == 0
    assert 110 < distance_km(48.0, 38.0, 49.0, 38.0) < 112


@settings(max_examples=60)
@given(st.text(max_size=300))
def test_any_text_gives_valid_offsets(gazetteer_index, text):
    for mention in find_places(text, gazetteer_index):
        assert text[mention.start : mention.end] == mention.mention
        assert mention.candidates
