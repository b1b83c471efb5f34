import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from places.models import Place
from tests.dataset import ACTOR, EVENT, PLACE, SOURCE
from timeline.models import Actor, Citation, Event, Source

BURYATIA = EVENT["from Buryatia refuse to fight"]  # with citations, actors and figures
SERGEI = ACTOR["Sergei"]

RECORDS = [
    pytest.param(Event, EVENT["Yuri refuses to keep fighting"], "title", id="event"),
    pytest.param(Place, PLACE["Izium"], "notes", id="place"),
    pytest.param(Source, SOURCE["R1"], "notes", id="source"),
    pytest.param(Actor, SERGEI, "description", id="actor"),
]


def change_url(model, pk):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])


def form_data(response) -> dict:
    """What a browser would post back from the change form the response rendered."""
    data = {}

    def add(form):
        for name in form.fields:
            bound = form[name]
            value = bound.value()
            if value is None or value is False:
                continue
            data[bound.html_name] = "on" if value is True else value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    version = re.search(r'name="_record_version" value="([0-9a-f]+)"', response.content.decode())
    data["_record_version"] = version.group(1)
    return data


def change_elsewhere(model, pk, field, who="colleague"):
    obj = model.objects.get(pk=pk)
    setattr(obj, field, "Changed by a colleague")
    obj._history_user = User.objects.create_user(who)
    obj.save()


@pytest.mark.parametrize(("model", "pk", "field"), RECORDS)
def test_a_fresh_form_saves(dataset, admin_client_logged_in, model, pk, field):
    url = change_url(model, pk)
    data = form_data(admin_client_logged_in.get(url))
    data[field] = "Mine"
    response = admin_client_logged_in.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert getattr(model.objects.get(pk=pk), field) == "Mine"


@pytest.mark.parametrize(("model", "pk", "field"), RECORDS)
def test_a_stale_save_is_refused_and_says_why(dataset, admin_client_logged_in, model, pk, field):
    url = change_url(model, pk)
    data = form_data(admin_client_logged_in.get(url))
    change_elsewhere(model, pk, field)
    data[field] = "Mine"
    response = admin_client_logged_in.post(url, data)
    assert response.status_code == 200
    content = response.content.decode()
    name = model._meta.verbose_name
    assert f"This {name} was changed by colleague at " in content
    assert "since you opened it, so your changes were not saved. Reload the page" in content
    assert 'value="Mine"' in content or "Mine</textarea>" in content  # input is kept
    assert getattr(model.objects.get(pk=pk), field) == "Changed by a colleague"
    # Sending the same form again is refused again: only a reload gives a new version.
    assert admin_client_logged_in.post(url, data).status_code == 200
    assert getattr(model.objects.get(pk=pk), field) == "Changed by a colleague"


def test_a_change_to_an_inline_row_makes_the_event_form_stale(dataset, admin_client_logged_in):
    url = change_url(Event, BURYATIA)
    data = form_data(admin_client_logged_in.get(url))
    citation = Citation.objects.filter(event_id=BURYATIA).first()
    citation.supports = "Edited by a colleague"
    citation.save()
    data["title"] = "Mine"
    assert admin_client_logged_in.post(url, data).status_code == 200
    assert Event.objects.get(pk=BURYATIA).title != "Mine"


def test_a_form_without_the_version_is_not_checked(dataset, admin_client_logged_in):
    url = change_url(Actor, SERGEI)
    data = form_data(admin_client_logged_in.get(url))
    del data["_record_version"]
    change_elsewhere(Actor, SERGEI, "description")
    data["description"] = "Mine"
    assert admin_client_logged_in.post(url, data).status_code == 302


def test_deleted_events_are_listed_and_restored_with_nested_rows(dataset, admin_client_logged_in):
    call_command("populate_history", "--auto", verbosity=0)
    citations = sorted(Citation.objects.filter(event_id=BURYATIA).values_list("id", flat=True))
    Event.objects.get(pk=BURYATIA).delete()
    changelist = admin_client_logged_in.get(reverse("admin:timeline_event_changelist"))
    assert reverse("admin:timeline_event_deleted") in changelist.content.decode()
    listing = admin_client_logged_in.get(reverse("admin:timeline_event_deleted"))
    assert listing.status_code == 200
    assert [row["id"] for row in listing.context["rows"]] == [BURYATIA]
    restore = reverse("admin:timeline_event_restore", args=[BURYATIA])
    assert admin_client_logged_in.get(restore).status_code == 405
    response = admin_client_logged_in.post(restore)
    assert response.status_code == 302 and response["Location"] == change_url(Event, BURYATIA)
    assert (
        sorted(Citation.objects.filter(event_id=BURYATIA).values_list("id", flat=True)) == citations
    )
    again = admin_client_logged_in.post(restore, follow=True)
    assert f"Event {BURYATIA} exists; there is nothing to restore." in again.content.decode()


def test_a_deleted_actor_can_be_restored_in_the_admin(dataset, admin_client_logged_in):
    actor = Actor.objects.create(name="Temporary", kind="person")
    actor_id = actor.pk
    actor.delete()
    response = admin_client_logged_in.post(reverse("admin:timeline_actor_restore", args=[actor_id]))
    assert response.status_code == 302
    assert Actor.objects.get(pk=actor_id).name == "Temporary"


def test_pseudonyms_are_labelled_in_admin_lists(dataset, admin_client_logged_in):
    content = admin_client_logged_in.get(reverse("admin:timeline_eventactor_changelist")).content
    assert "Stas (pseudonym)" in content.decode()
    actors = admin_client_logged_in.get(reverse("admin:timeline_actor_changelist"))
    assert "Pseudonym" in actors.content.decode() or "pseudonym" in actors.content.decode()


def test_the_version_field_adds_to_a_per_model_change_form(dataset, admin_client_logged_in):
    content = admin_client_logged_in.get(change_url(Place, PLACE["Izium"])).content.decode()
    assert 'id="place-map"' in content  # places/templates/admin/places/place/change_form.html
    assert 'name="_record_version"' in content
