import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from tests.dataset import EVENT, PLACE
from timeline.models import Event

MODELS = [
    model
    for label in ("places", "timeline")
    for model in apps.get_app_config(label).get_models()
    if admin.site.is_registered(model)
]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_changelist_and_change_page_render(dataset, admin_client_logged_in, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client_logged_in.get(changelist).status_code == 200
    assert admin_client_logged_in.get(changelist, {"q": "Izium"}).status_code == 200
    add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    assert admin_client_logged_in.get(add).status_code == 200
    obj = model._default_manager.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert admin_client_logged_in.get(change).status_code == 200


def test_event_changelist_has_a_date_hierarchy(dataset, admin_client_logged_in):
    response = admin_client_logged_in.get(
        reverse("admin:timeline_event_changelist"), {"earliest__year": "2022"}
    )
    assert response.status_code == 200
    assert response.context["cl"].date_hierarchy == "earliest"


def test_a_date_it_cannot_read_gets_a_clear_message(dataset, admin_client_logged_in):
    response = admin_client_logged_in.post(
        reverse("admin:timeline_event_change", args=[EVENT["Yuri refuses to keep fighting"]]),
        {
            "title": "x",
            "type": "refusal",
            "date": "end of June",
            "confidence": "single_source",
            "visibility": "public",
        },
    )
    assert response.status_code == 200
    assert "gives no year: give the year or the reference date" in response.content.decode()


def test_place_page_shows_coordinates_and_provenance(dataset, admin_client_logged_in):
    content = admin_client_logged_in.get(
        reverse("admin:places_place_change", args=[PLACE["Perevalsk"]])
    ).content.decode()
    assert "48.43921" in content
    assert "Geocoding provenance" in content


def admin_event_post(client, url, **fields) -> dict:
    """The add/change form's data, with every inline formset empty."""
    page = client.get(url)
    data = {
        "title": "Added in the admin",
        "type": "other",
        "date": "2022-06",
        "confidence": "corroborated",
        "visibility": "public",
        **fields,
    }
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "500",
        }
    return data


def test_an_event_saved_in_the_admin_without_citations_is_unsourced(db, admin_client_logged_in):
    url = reverse("admin:timeline_event_add")
    response = admin_client_logged_in.post(url, admin_event_post(admin_client_logged_in, url))
    assert response.status_code == 302
    assert Event.objects.get(title="Added in the admin").confidence == "unsourced"


def test_staff_who_may_not_see_restricted_events_may_not_make_one(db, client):
    staff = User.objects.create_user("staff", password="pw-for-tests-only", is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["add_event", "view_event"]))
    client.force_login(staff)
    url = reverse("admin:timeline_event_add")
    page = client.get(url)
    assert "visibility" not in page.context["adminform"].form.fields
    response = client.post(url, admin_event_post(client, url, visibility="restricted"))
    assert response.status_code == 302
    assert Event.objects.get(title="Added in the admin").visibility == "public"


def test_the_admin_says_it_is_chronotopes(client, db):
    page = client.get("/admin/login/").content.decode()
    assert "Chronotope administration" in page and "Django administration" not in page
