# An import creates actors from a name alone: their kind is 'unclassified' until an editor
# says what they are.

from django.db import migrations, models

KINDS = [
    ("armed_force", "armed force"),
    ("unit", "unit"),
    ("armed_group", "armed group"),
    ("organisation", "organisation"),
    ("state_body", "state body"),
    ("media", "media outlet"),
    ("person", "person"),
    ("unclassified", "unclassified"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("timeline", "0007_event_status_review_date_as_reported"),
    ]

    operations = [
        migrations.AlterField(
            model_name="actor",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=20),
        ),
        migrations.AlterField(
            model_name="historicalactor",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=20),
        ),
    ]
