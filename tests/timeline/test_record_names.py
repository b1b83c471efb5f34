"""How a table cell names actors and sources (timeline/record_names.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.record_names import (
    ActorReference,
    SourceReference,
    actor_reference,
    name_key,
    source_reference,
    split_cell,
)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Wagner group", "wagner  GROUP"),
        (" Wagner group ", "Wagner\tgroup"),
        ("Ｗagner group", "Wagner group"),  # a full-width letter is the letter
        ("Straße", "STRASSE"),  # case folding, not lowering
    ],
)
def test_names_that_share_a_key(one, other):
    assert name_key(one) == name_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("Wagner group", "Wagner-group"), ("Sergei", "Sergey"), ("Elena Popova", "Popova Elena")],
)
def test_near_misses_do_not(one, other):
    assert name_key(one) != name_key(other)


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("", []),
        ("Yuri (pseudonym); Russian armed forces", ["Yuri (pseudonym)", "Russian armed forces"]),
        ("a;b ; ;  c  d ", ["a", "b", "c d"]),
        ("Verstka; VERSTKA", ["Verstka"]),
    ],
)
def test_split_cell(cell, names):
    assert split_cell(cell) == names


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("Yuri (pseudonym)", ActorReference("Yuri", True)),
        ("Yuri  (Pseudonym)", ActorReference("Yuri", True)),
        ("Yuri", ActorReference("Yuri", False)),
        ("(pseudonym)", ActorReference("(pseudonym)", False)),
    ],
)
def test_actor_reference(text, reference):
    assert actor_reference(text) == reference


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("12", SourceReference("12", source_id=12)),
        (
            "BBC News: A title",
            SourceReference("BBC News: A title", outlet="BBC News", title="A title"),
        ),
        ("A title", SourceReference("A title")),
        ("٣", SourceReference("٣")),  # an Arabic-Indic digit is not an id
        ("Note:", SourceReference("Note:")),
    ],
)
def test_source_reference(text, reference):
    assert source_reference(text) == reference


@given(st.lists(st.text(alphabet=st.characters(exclude_characters=";")), max_size=5))
def test_split_cell_gives_each_name_once_and_trimmed(names):
    found = split_cell("; ".join(names))
    assert len({name_key(name) for name in found}) == len(found)
    assert all(name == " ".join(name.split()) and name for name in found)
