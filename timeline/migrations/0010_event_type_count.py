# Counting the events of a type, which every page filtered by type does for its `count`: an
# index of the three columns the count reads alone, which PostgreSQL's deduplication keeps to a
# few pages, instead of the wide event_type_chronology (bench/RESULTS.md).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("timeline", "0009_event_timeline_order"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["type", "visibility", "status"], name="event_type_count"),
        ),
    ]
