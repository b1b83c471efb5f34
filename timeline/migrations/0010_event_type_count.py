# Counting the events of a type, which every page filtered by type does for its `count`: an
# index of the three columns the count reads alone, which PostgreSQL's deduplication keeps to a
# few pages, instead of the wide event_type_chronology (bench/RESULTS.md).
#
# Then ANALYZE: SQLite, when it has statistics for the table's other indexes but none for this
# one, took it for the page's rows as well and sorted every match of the type, where
# event_type_chronology reads them in order.

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
        migrations.RunSQL("ANALYZE timeline_event", reverse_sql=migrations.RunSQL.noop),
    ]
