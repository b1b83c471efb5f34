import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

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


def test_invalid_edtf_gets_a_clear_message(dataset, admin_client_logged_in):
    response = admin_client_logged_in.post(
        reverse("admin:timeline_event_change", args=[4]),
        {
            "title": "x",
            "type": "refusal",
            "date": "end of June",
            "confidence": "single_source",
            "visibility": "public",
        },
    )
    assert response.status_code == 200
    assert "is not a valid EDTF date" in response.content.decode()


def test_place_page_shows_coordinates_and_provenance(dataset, admin_client_logged_in):
    content = admin_client_logged_in.get(
        reverse("admin:places_place_change", args=[12])
    ).content.decode()
    assert "48.43921" in content
    assert "Geocoding provenance" in content
