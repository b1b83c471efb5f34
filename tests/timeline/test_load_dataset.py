"""manage.py load_dataset (make setup / make demo): the shipped dataset goes only into an empty
database, so running setup again never reverts an edit; make reset-demo wipes after asking."""

import pytest
from django.core.management import CommandError, call_command

from places.models import Place
from timeline.models import Actor, Event, EventType, Source


def load(*args, **options) -> str:
    from io import StringIO

    out = StringIO()
    call_command("load_dataset", *args, stdout=out, **options)
    return out.getvalue()


def empty_database():
    Event.objects.all().delete()
    Actor.objects.all().delete()
    Source.objects.update(copy_of=None, derived_from=None)
    Source.objects.all().delete()
    Place.objects.update(parent=None)
    Place.objects.all().delete()


def test_setup_again_keeps_an_edit_made_between_the_runs(dataset):
    event = Event.objects.order_by("id").first()
    event.title = "Edited by an editor"
    event.save()
    said = load()
    assert "already holds records" in said and "was not loaded" in said
    event.refresh_from_db()
    assert event.title == "Edited by an editor"


def test_an_empty_database_gets_the_dataset_and_its_history(db):
    empty_database()
    assert "Loaded the shipped dataset" in load()
    assert Event.objects.count() >= 20
    assert Event.history.filter(history_type="+").count() == Event.objects.count()
    assert "was not loaded" in load()  # and the second run leaves it alone


def test_reset_asks_first_and_keeps_everything_unless_told_yes(dataset, monkeypatch):
    before = Event.objects.count()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing was deleted"):
        load("--reset")
    assert Event.objects.count() == before


@pytest.mark.django_db(transaction=True)  # PostgreSQL cannot TRUNCATE inside a test's transaction
def test_reset_wipes_edits_and_reloads(dataset):
    Event.objects.filter(pk=Event.objects.order_by("id").first().pk).update(title="Edited")
    Event.objects.create(title="Added", type_id="other", date="2022")
    assert "Loaded the shipped dataset" in load("--reset", "--noinput")
    assert not Event.objects.filter(title__in=["Edited", "Added"]).exists()
    assert EventType.objects.filter(pk="other").exists()  # the migration's vocabulary is back
