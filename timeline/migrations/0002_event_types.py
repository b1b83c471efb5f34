from django.db import migrations

EVENT_TYPES = [
    ("abuse", "abuse", "Beating, mock execution or other ill-treatment"),
    ("battle", "battle", "Armed clash or battle"),
    ("deployment", "deployment", "Troops sent to an area"),
    ("detention", "detention", "Someone held against their will"),
    ("disappearance", "disappearance", "Someone missing, fate unknown"),
    ("legal_action", "legal action", "Complaint, lawsuit, prosecution"),
    ("mobilisation", "mobilisation", "Call-up of reservists or conscripts"),
    ("offensive", "military offensive", "Start or course of a military offensive"),
    ("other", "other", ""),
    ("refusal", "refusal to fight", "Soldiers refusing to fight or to obey"),
    ("report", "report", "A count or finding published by someone"),
    ("statement", "statement", "Something said in public"),
    ("transfer", "transfer", "Someone moved from one place or custody to another"),
]


def add_types(apps, schema_editor):
    EventType = apps.get_model("timeline", "EventType")
    for slug, label, description in EVENT_TYPES:
        EventType.objects.update_or_create(
            slug=slug, defaults={"label": label, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("timeline", "0001_initial")]

    operations = [migrations.RunPython(add_types, migrations.RunPython.noop)]
