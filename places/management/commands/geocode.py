from django.core.management.base import BaseCommand, CommandError

from places.geocoding import GeocodingError, geocode


class Command(BaseCommand):
    help = 'Print the geocoder\'s candidates for a name, e.g. manage.py geocode "Izioum".'

    def add_arguments(self, parser):
        parser.add_argument("query")
        parser.add_argument("--limit", type=int, default=5)

    def handle(self, *args, query, limit, **options):
        try:
            results = geocode(query, limit=limit)
        except (GeocodingError, ValueError) as error:
            raise CommandError(str(error)) from error
        if not results:
            self.stdout.write(f"No match for {query!r}.")
            return
        for rank, result in enumerate(results, start=1):
            region = ", ".join(part for part in (result["admin1"], result["country_code"]) if part)
            self.stdout.write(
                f"{rank}. {result['name']} ({region}) "
                f"{result['latitude']:.5f}, {result['longitude']:.5f} "
                f"score {result['score']} via {result['provider']}, "
                f"matched {result['matched_name']!r}, geonames {result['geonames_id']}, "
                f"population {result['population']}"
            )
