from django.core.management.base import BaseCommand, CommandError

from timeline import synthetic

ERROR_EXISTING = (
    "The database already holds synthetic data ({count:,} events). "
    "Pass --append to add to it or --reset to replace it."
)
ERROR_BOTH = "Give --append or --reset, not both."


class Command(BaseCommand):
    help = (
        "Insert N reproducible synthetic events (with citations, actors, figures) for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, required=True, help="how many events")
        parser.add_argument("--seed", type=int, default=0, help="same seed, same data")
        parser.add_argument("--batch-size", type=int, default=5_000, help="events per transaction")
        parser.add_argument("--append", action="store_true", help="add to existing synthetic data")
        parser.add_argument(
            "--reset", action="store_true", help="delete existing synthetic data first"
        )

    def handle(self, *args, events, seed, batch_size, append, reset, verbosity, **options):
        if events < 1:
            raise CommandError(synthetic.ERROR_EVENTS)
        if append and reset:
            raise CommandError(ERROR_BOTH)
        say = self.stdout.write if verbosity > 0 else None
        if reset:
            deleted = synthetic.reset()
            if say:
                say("deleted " + ", ".join(f"{n:,} {model}" for model, n in deleted.items()))
        elif not append and synthetic.has_synthetic_data():
            raise CommandError(ERROR_EXISTING.format(count=synthetic.synthetic_event_count()))
        report = synthetic.generate(events=events, seed=seed, batch_size=batch_size, progress=say)
        if say:
            say(
                self.style.SUCCESS(
                    f"{report.events:,} events, {report.citations:,} citations, "
                    f"{report.event_actors:,} actor roles, {report.figures:,} figures; "
                    f"new: {report.places:,} places, {report.sources:,} sources, "
                    f"{report.actors:,} actors; {report.distinct_dates:,} distinct dates; "
                    f"{report.seconds:.1f} s"
                )
            )
