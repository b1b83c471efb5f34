"""manage.py load_dataset: the shipped dataset, loaded into an empty database only.

`make setup` and `make demo` run it every time. loaddata saves each fixture row by its id, so
loading into a database that already holds records would silently overwrite every edit made to
the shipped records since, and the audit history would then disagree with the data. So it loads
only when the database holds no place, source, actor or event, and otherwise says why it left
the data alone. `--reset` (behind `make reset-demo`) wipes the database first, after a
confirmation.
"""

import importlib
import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import BaseCommand, CommandError, call_command
from django.db import connection, transaction

from places.models import Place
from timeline.models import Actor, Event, Source

FIXTURES = ("fixtures/places.json", "fixtures/dataset.json")
HISTORY_REASON = "loaded from the shipped dataset"
MODELS = (Place, Source, Actor, Event)

SKIPPED = (
    "The database already holds records ({counts}): the shipped dataset was not loaded, so "
    "nothing in it was changed. `make reset-demo` wipes it and loads the dataset afresh."
)
CONFIRM = (
    "This deletes EVERY record in the database {name!r} (events, places, users, history) and "
    "loads the shipped dataset. Type 'yes' to go on: "
)


def held_records() -> dict[str, int]:
    """How many records of each kind the dataset would load are already stored."""
    counts = {model._meta.verbose_name_plural: model.objects.count() for model in MODELS}
    return {name: count for name, count in counts.items() if count}


def fixture_models() -> list:
    """The models the fixtures hold rows of, in the order they first appear."""
    labels = {}
    for fixture in FIXTURES:
        for row in json.loads((Path(settings.BASE_DIR) / fixture).read_text()):
            labels[row["model"]] = None
    return [apps.get_model(label) for label in labels]


def record_history() -> None:
    """loaddata writes no history: give each loaded row its creation record. The database held
    none of these rows before, so every row of these models is a loaded one."""
    for model in fixture_models():
        if hasattr(model, "history"):
            model.history.bulk_history_create(
                model.objects.all(), default_change_reason=HISTORY_REASON
            )


def seed_event_types() -> None:
    """The event-type vocabulary comes from a data migration, which a flush empties."""
    importlib.import_module("timeline.migrations.0002_event_types").add_types(apps, None)


class Command(BaseCommand):
    help = "Load the shipped dataset into an empty database (never over existing records)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Wipe the whole database first (asks to confirm)."
        )
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive",
            help="With --reset: do not ask for confirmation.",
        )  # fmt: skip

    def handle(self, *args, reset=False, interactive=True, **options):
        if reset:
            name = connection.settings_dict["NAME"]
            if interactive and input(CONFIRM.format(name=str(name))).strip().lower() != "yes":
                raise CommandError("Nothing was deleted.")
            call_command("flush", interactive=False, verbosity=0)
            seed_event_types()
        held = held_records()
        if held:
            counts = ", ".join(f"{count} {name}" for name, count in held.items())
            self.stdout.write(SKIPPED.format(counts=counts))
            return
        with transaction.atomic():
            call_command("loaddata", *FIXTURES, verbosity=0)
            record_history()
        self.stdout.write(f"Loaded the shipped dataset: {Event.objects.count()} events.")
