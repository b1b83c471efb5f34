from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from timeline.geojson_import import GeoJSONImportError, ImportResult, geojson_import


class Command(BaseCommand):
    help = (
        "Create or update places and events from our GeoJSON exports, by feature id. "
        "Give places.geojson before events.geojson. All files go in one transaction: "
        "one bad feature and nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")

    def handle(self, *args, files, **options):
        result = ImportResult()
        with transaction.atomic():
            for path in files:
                try:
                    data = path.read_bytes()
                except OSError as error:
                    raise CommandError(f"{path}: {error.strerror}.") from error
                try:
                    geojson_import(data=data, result=result)
                except GeoJSONImportError as error:
                    raise CommandError(
                        f"{path}: nothing was imported.\n" + "\n".join(error.errors)
                    ) from error
        self.stdout.write(self.style.SUCCESS(str(result)))
