"""manage.py backup [FILE]: the whole database as Django JSON (gzip), history tables included.

Why dumpdata and not sqlite3 .backup / pg_dump: one format and one code path for both
databases (a backup from SQLite restores into PostgreSQL and back), no client tools to
install, and every row keeps its primary key, so history, permissions and tokens still point
at the right rows. The price is speed on very large databases; see README.
"""

from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, call_command


def default_path() -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"chronotope-{stamp}.json.gz"


class Command(BaseCommand):
    help = "Write every table (auth, content types, history...) to a JSON file (.gz compresses)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Default: var/backups/chronotope-<UTC>.json.gz")

    def handle(self, *args, file=None, **options):
        path = Path(file) if file else default_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        # Every model, primary keys kept; contenttypes and permissions too, so that ids in
        # other tables still match after a restore into an emptied database.
        call_command("dumpdata", output=str(path), indent=None, verbosity=0)
        self.stdout.write(str(path))
