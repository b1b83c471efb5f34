"""Pseudonymous actors are labelled as such wherever an actor's name appears."""

import pytest
from django.core.management import call_command

from tests.dataset import EVENT, SOURCE
from timeline.models import Actor, Figure

STAS = EVENT["Officer 'Stas' refuses to fight"]


def unlabelled_pseudonyms(data, names, path="$"):
    """Paths of JSON objects that show a pseudonym's name without saying it is one."""
    found = []
    if isinstance(data, dict):
        shows_name = any(isinstance(v, str) and v in names for v in data.values())
        labelled = data.get("is_pseudonym") is True or any(
            key.endswith("is_pseudonym") and value is True for key, value in data.items()
        )
        if shows_name and not labelled:
            found.append(path)
        for key, value in data.items():
            found += unlabelled_pseudonyms(value, names, f"{path}.{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += unlabelled_pseudonyms(value, names, f"{path}[{index}]")
    return found


@pytest.fixture
def pseudonyms(dataset):
    return set(Actor.objects.filter(is_pseudonym=True).values_list("name", flat=True))


@pytest.mark.parametrize(
    "url",
    ["/api/v1/events/?page_size=1000", f"/api/v1/events/{STAS}/", "/api/v1/actors/?page_size=1000"],
)
def test_api_labels_pseudonyms(pseudonyms, api_client, url):
    assert unlabelled_pseudonyms(api_client.get(url).json(), pseudonyms) == []


def test_a_figure_claimed_by_a_pseudonym_says_so(pseudonyms, api_client):
    Figure.objects.create(
        event_id=STAS,
        counted="soldiers",
        value_min=3,
        claimed_by=Actor.objects.get(name="Stas"),
        source_id=SOURCE["R1"],
    )
    body = api_client.get(f"/api/v1/events/{STAS}/").json()
    assert unlabelled_pseudonyms(body, pseudonyms) == []


def test_history_labels_pseudonyms(pseudonyms, admin_client_logged_in):
    call_command("populate_history", "--auto", verbosity=0)
    body = admin_client_logged_in.get(f"/api/v1/events/{STAS}/history/").json()
    labels = [
        change["new"]["label"]
        for entry in body["results"]
        for change in entry["changes"]
        if change["field"] == "actor"
    ]
    assert "Stas (pseudonym)" in labels
    assert not any(label in pseudonyms for label in labels)


def test_str_labels_pseudonyms(pseudonyms):
    assert str(Actor.objects.get(name="Stas")) == "Stas (pseudonym)"
