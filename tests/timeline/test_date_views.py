import pytest
from rest_framework.test import APIClient

from tests.test_hostile_input import QUERY_VALUES
from timeline.phrases import ERROR_NEEDS_REF, ERROR_UNANCHORED

URL = "/api/v1/dates/parse/"


@pytest.fixture
def anonymous():
    return APIClient()


def test_a_phrase_is_answered_with_its_edtf_span_and_label(anonymous):
    response = anonymous.get(URL, {"q": "end of March 2022"})
    assert response.status_code == 200
    assert response.json() == {
        "edtf": "2022-03-21/2022-03-31",
        "earliest": "2022-03-21",
        "latest": "2022-03-31",
        "precision": "month",
        "label": "21–31 March 2022",
        "phrase": "end of March 2022",
    }


def test_the_reference_date_anchors_relative_phrases(anonymous):
    response = anonymous.get(URL, {"q": "la semaine dernière", "ref": "2022-08-03"})
    assert response.status_code == 200
    assert response.json()["edtf"] == "2022-07-25/2022-08-02"


def test_edtf_is_read_as_it_is(anonymous):
    response = anonymous.get(URL, {"q": "[..2022-08-03]"})
    assert response.json()["label"] == "before 3 August 2022"


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({}, "q", "This field is required."),
        ({"q": ""}, "q", "This field may not be blank."),
        ({"q": "x" * 201}, "q", "Ensure this field has no more than 200 characters."),
        ({"q": "banana"}, "q", "'banana' is not a date phrase"),
        ({"q": "03/02/2022"}, "q", "could be 3 February 2022 or 2 March 2022"),
        ({"q": "2022-13"}, "q", "'2022-13' is not a valid EDTF date"),
        (
            {"q": "two months later", "ref": "2022-08-03"},
            "q",
            ERROR_UNANCHORED.format(phrase="two months later"),
        ),
        ({"q": "yesterday"}, "ref", ERROR_NEEDS_REF.format(phrase="yesterday")),
        ({"q": "yesterday", "ref": "3 August 2022"}, "ref", "Date has wrong format."),
        ({"q": "yesterday", "ref": "2022-02-30"}, "ref", "Date has wrong format."),
        ({"q": "\x00"}, "q", "must not contain NUL"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(anonymous, params, field, message):
    response = anonymous.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    assert message in body[field][0]


def test_it_reads_no_data_and_needs_no_login(db, anonymous, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert anonymous.get(URL, {"q": "Anfang März", "ref": "2022-08-03"}).status_code == 200


@pytest.mark.parametrize("param", ["q", "ref"])
@pytest.mark.parametrize("name", sorted(QUERY_VALUES))
def test_hostile_values_are_a_200_or_a_400_naming_the_parameter(anonymous, param, name):
    params = {"q": "early July", "ref": "2022-08-03"} | {param: QUERY_VALUES[name]}
    response = anonymous.get(URL, params)
    assert response.status_code in (200, 400), (param, name)
    if response.status_code == 400:
        assert param in response.json()
