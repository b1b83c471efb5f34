"""Raw SQL for the read paths where the ORM's own cost outweighs the query's."""

from django.core.exceptions import EmptyResultSet
from django.db import connection

IDS = "IN ({ids})"


def in_ids(sql: str, ids) -> list[tuple]:
    """Run `sql`, whose one 'IN ({ids})' takes `ids`, integer primary keys; return its rows.

    For the related rows of a page or an export chunk, keyed by event id. Through the ORM, such
    a query took five times as long as the database needed for it: building the IN lookup value
    by value and compiling the SQL. Rows come as the driver gives them, without Django's
    converters (SQLite gives booleans as 0 and 1, and dates as text).

    PostgreSQL gets the ids as one array literal: psycopg merges parameters into the query
    text on the client, one regex match per placeholder, and 2,000 placeholders per chunk and
    query were a third of an export's time."""
    if IDS not in sql:
        raise ValueError(f"in_ids() needs SQL with {IDS!r}")
    ids = list(map(int, ids))  # keys, never text: the same ValueError on both databases
    if not ids:  # nothing to look up, and "IN ()" is not SQL everywhere
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            array = "{" + ",".join(map(str, ids)) + "}"
            cursor.execute(sql.replace(IDS, "= ANY(%s::bigint[])"), [array])
        else:
            cursor.execute(sql.replace(IDS, f"IN ({', '.join(['%s'] * len(ids))})"), ids)
        return cursor.fetchall()


def row_chunks(rows, width: int, size: int):
    """Chunks of a `values_list()` QuerySet's tuples of `width` columns, for exports: memory
    stays one chunk.

    The query is compiled here, before the caller starts a response: an error then is an error
    response, not a 200 cut short. A query that can match nothing (`pk__in=[]`, which Django
    refuses to compile) yields no chunks. chunked_cursor() is a server-side cursor on
    PostgreSQL and a fetchmany() cursor on SQLite. The rows skip Django's per-value converters,
    as in_ids() does: values come as the driver gives them."""
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:
        return iter(())
    return _fetch_chunks(sql, params, width, size)


def _fetch_chunks(sql: str, params, width: int, size: int):
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        # DISTINCT (some filters set it) appends the ordering columns to the SELECT.
        extra_columns = len(cursor.description) > width
        while chunk := cursor.fetchmany(size):
            yield [row[:width] for row in chunk] if extra_columns else chunk
