# The timeline order alone, for readers whose gate leaves visibility or status open (editors
# who see drafts, readers of restricted events, both): event_chronology starts with both
# columns, so their first page sorted every event instead of reading 50 in index order.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("timeline", "0008_actor_kind_unclassified"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                fields=["earliest", "precision_rank", "latest", "id"], name="event_timeline_order"
            ),
        ),
    ]
