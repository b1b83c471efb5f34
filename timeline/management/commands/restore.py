"""manage.py restore FILE: replace the whole database with a backup, in one transaction.

The database must be migrated to the same state as the one backed up. Everything is emptied
and loaded inside one transaction: if any row fails to load, nothing changes.
"""

from django.core.management import BaseCommand, CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction


class Command(BaseCommand):
    help = "Empty the database and load a backup written by `manage.py backup`, atomically."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file, database, **options):
        try:
            with transaction.atomic(using=database):
                # Inside an enclosing transaction (tests, scripts) PostgreSQL refuses to
                # TRUNCATE tables with foreign-key checks still pending: run them first.
                connections[database].check_constraints()
                # No post_migrate: content types and permissions come from the backup, ids kept.
                call_command(
                    "flush",
                    database=database,
                    interactive=False,
                    inhibit_post_migrate=True,
                    verbosity=0,
                )
                call_command("loaddata", file, database=database, verbosity=0)
        except Exception as error:
            raise CommandError(f"Nothing was restored: {error}") from error
        self.stdout.write(f"Restored {file}")
