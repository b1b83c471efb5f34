from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from timeline.table_import import TableImportError, import_files


class Command(BaseCommand):
    help = (
        "Create or update events (and places) from our exports: events.csv, events.xlsx, "
        "places.csv, events.geojson, places.geojson. By id it updates, without one it creates. "
        "Give places before events. Actors and sources the file names are matched by name (or "
        "id) or created. All files go in one transaction: one bad row and nothing changes. "
        "--dry-run says row by row what would happen and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )

    def handle(self, *args, files, dry_run, **options):
        for path in files:
            if not path.is_file():
                raise CommandError(f"{path}: no such file.")
        try:
            reports = import_files(files, dry_run=dry_run)
        except TableImportError as error:
            raise CommandError("Nothing was imported.\n" + "\n".join(error.errors)) from error
        verb = "would be" if dry_run else "was"
        for report in reports:
            counts = {}
            for line, record_id, outcome in report.rows:
                counts[outcome] = counts.get(outcome, 0) + 1
                if dry_run or options["verbosity"] > 1:
                    label = f"id {record_id}" if record_id is not None else "new"
                    notes = "".join(f"; {note}" for note in report.notes.get(line, ()))
                    self.stdout.write(
                        f"{report.path}: line {line} ({label}): {verb} {outcome}{notes}"
                    )
            summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(counts.items()))
            self.stdout.write(self.style.SUCCESS(f"{report.path}: {summary or 'no rows'}"))
            for line in report.result.named_summary():
                self.stdout.write(f"{report.path}: {line}")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
