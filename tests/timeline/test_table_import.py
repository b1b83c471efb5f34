"""Importing our own tables back (timeline/table_import.py, manage.py import_events): by id,
all or nothing, with a dry run, and the round trip export -> import -> export."""

import csv
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from places.exports import PLACE_FIELDS
from places.models import Place
from tests.dataset import ACTOR, EVENT, MISSING_ID, PLACE, SOURCE
from tests.factories import ActorFactory, SourceFactory
from timeline import geojson_import
from timeline.exports import table
from timeline.models import Actor, Citation, Event, Source
from timeline.table_import import TableImportError, import_files

ARRESTED = EVENT["Yuri refuses to keep fighting"]
ANDREI = EVENT["Lieutenant 'Andrei' detained"]  # Andrei, Oxana and the armed forces; R1 and R3
STAS = EVENT["Officer 'Stas' refuses to fight"]
BRIGADES = EVENT["Two brigades record hundreds"]
R1, R3 = SOURCE["R1"], SOURCE["R3"]

# The time of the write: every other column comes back as it was exported.
NOT_ROUND_TRIPPED = {"updated_at", "timestamp"}
ROUND_TRIP = [name for name in table.ALL_COLUMNS if name not in NOT_ROUND_TRIPPED]


def export(client, url, **params) -> bytes:
    response = client.get(url, params)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def rows_of(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def empty_the_database():
    Event.objects.all().delete()
    while Place.objects.exists():  # leaves first: a parent is protected by its children
        Place.objects.filter(children__isnull=True).delete()


def test_round_trip_csv_into_an_empty_database(dataset, superuser_client, tmp_path):
    """Export, empty the events and places, import, export: the same file byte for byte, but
    for the time of the write. The actors and sources stay, to be found again by name and id."""
    client = superuser_client  # restricted events and drafts, and the columns that say so
    Event.objects.filter(pk=STAS).update(visibility="restricted")
    Event.objects.filter(pk=BRIGADES).update(status="draft")
    Event.objects.filter(pk=EVENT["Yuri held in Perevalsk prison"]).update(
        date_as_reported="in the last days of March", summary="-3"
    )
    places = write(tmp_path, "places.csv", export(client, "/api/v1/places.csv"))
    events = write(tmp_path, "events.csv", export(client, "/api/v1/events.csv"))
    before = export(client, "/api/v1/events.csv", columns=",".join(ROUND_TRIP))
    empty_the_database()

    import_files([places, events])

    assert export(client, "/api/v1/events.csv", columns=",".join(ROUND_TRIP)) == before
    assert Event.objects.get(pk=BRIGADES).status == "draft"
    # Places' notes are not read back by the import (nor by the GeoJSON import it uses).
    place_columns = [name for name in PLACE_FIELDS if name not in ("notes", "updated_at")]
    assert export(client, "/api/v1/places.csv", columns=",".join(place_columns)) == (
        columns_of(places, place_columns)
    )


def columns_of(path, names) -> bytes:
    """The file's CSV with only the named columns, as the export would write them."""
    rows = list(csv.reader(io.StringIO(path.read_text(), newline="")))
    keep = [rows[0].index(name) for name in names]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([[row[index] for index in keep] for row in rows])
    return buffer.getvalue().encode()


def test_round_trip_xlsx_changes_nothing(dataset, api_client, tmp_path):
    path = write(tmp_path, "events.xlsx", export(api_client, "/api/v1/events.xlsx"))
    [report] = import_files([path], dry_run=True)
    assert {outcome for _, _, outcome in report.rows} == {"unchanged"}
    assert len(report.rows) == Event.objects.count()


def test_the_dry_run_says_row_by_row_and_writes_nothing(dataset, api_client, tmp_path):
    rows = rows_of(export(api_client, "/api/v1/events.csv", columns="id,title,type,date"))
    rows[1]["title"] = "Changed title"
    rows.append({"id": "", "title": "A new event", "type": "detention", "date": "2023-05"})
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["id", "title", "type", "date"])
    writer.writeheader()
    writer.writerows(rows)
    path = write(tmp_path, "events.csv", buffer.getvalue().encode())
    count, title = Event.objects.count(), Event.objects.get(pk=rows[1]["id"]).title

    [report] = import_files([path], dry_run=True)

    outcomes = [(line, outcome) for line, _, outcome in report.rows]
    assert outcomes[1] == (3, "updated")
    assert outcomes[-1] == (len(rows) + 1, "created")
    assert {outcome for _, outcome in outcomes[2:-1]} | {outcomes[0][1]} == {"unchanged"}
    assert Event.objects.count() == count
    assert Event.objects.get(pk=rows[1]["id"]).title == title

    import_files([path])
    assert Event.objects.count() == count + 1
    assert Event.objects.get(pk=rows[1]["id"]).title == "Changed title"


def test_every_bad_row_is_named_by_line_and_field_and_nothing_is_written(dataset, tmp_path):
    path = write(
        tmp_path,
        "events.csv",
        b"id,title,type,date,latitude,longitude\r\n"
        b",Good,detention,2023-05,,\r\n"
        b",Bad type,no-such-type,2023-05,,\r\n"
        b"abc,Bad id,detention,2023-05,,\r\n"
        b',"Bad date, on\r\ntwo lines",detention,June,,\r\n'
        b",Bad latitude,detention,2023,north,30\r\n",
    )
    count = Event.objects.count()
    with pytest.raises(TableImportError) as raised:
        import_files([path])
    assert raised.value.errors == [
        "events.csv: line 4: id: must be a whole number, or empty.",
        "events.csv: line 7: latitude: must be a number, or empty.",
    ]
    assert Event.objects.count() == count

    path.write_bytes(path.read_bytes().replace(b"abc", b"").replace(b"north", b"50"))
    with pytest.raises(TableImportError) as raised:
        import_files([path])
    errors = raised.value.errors
    assert errors[0].startswith(
        "events.csv: line 3 (id None): type: unknown event type 'no-such-type'"
    )
    assert errors[1].startswith("events.csv: line 5 (id None): date: 'June' is not a valid EDTF")
    assert errors[2] == (
        "events.csv: line 7 (id None): place_name: needed to create a place for this location."
    )
    assert len(errors) == 3
    assert Event.objects.count() == count


def test_neutralised_text_comes_back_as_written(dataset, api_client, tmp_path):
    event = Event.objects.create(
        pk=9101,  # below the import's largest id, whatever an earlier test did to the sequence
        title="=1+1",
        summary="-2",
        type_id="detention",
        date="2023",
        confidence="unsourced",
    )
    data = export(api_client, "/api/v1/events.csv", columns="id,title,summary,type,date")
    assert b"'=1+1" in data
    path = write(tmp_path, "events.csv", data)
    [report] = import_files([path], dry_run=True)
    assert {record_id: outcome for _, record_id, outcome in report.rows}[event.pk] == "unchanged"


def test_the_write_gate_applies(dataset, editor, tmp_path):
    path = write(
        tmp_path,
        "events.csv",
        b"id,title,type,date,visibility\r\n,Secret,detention,2023,restricted\r\n",
    )
    with pytest.raises(TableImportError) as raised:
        import_files([path], user=editor)
    assert raised.value.errors[0].startswith("events.csv: line 2 (id None): visibility:")
    assert not Event.objects.filter(title="Secret").exists()


def test_the_command_dry_run(dataset, api_client, tmp_path, capsys):
    path = write(tmp_path, "events.csv", export(api_client, "/api/v1/events.csv"))
    call_command("import_events", str(path), "--dry-run")
    output = capsys.readouterr().out
    assert f"{path}: line 2 (id " in output and "would be unchanged" in output
    assert "Dry run: nothing was written." in output


# --- actors and sources named in the file ----------------------------------------------------


def import_csv(tmp_path, text: str, **options):
    return import_files([write(tmp_path, "events.csv", text.encode())], **options)


def test_actors_and_sources_are_matched_by_name_or_id_or_created(dataset, tmp_path):
    actors, sources = Actor.objects.count(), Source.objects.count()
    bbc = Source.objects.get(pk=R1)
    [report] = import_csv(
        tmp_path,
        "title,type,date,actors,sources\r\n"
        # spacing and case aside, the names of Yuri and the Wagner group; R3 by id, R1 by title
        f'New,detention,2023-05,"yuri  (PSEUDONYM); wagner group",{R3}; {bbc.title.upper()}\r\n'
        'Newer,detention,2023-06,"Wagner Group; A new unit","Our outlet: A new report"\r\n',
    )

    first, second = Event.objects.order_by("-pk")[1], Event.objects.order_by("-pk")[0]
    assert [link.actor_id for link in first.event_actors.order_by("pk")] == ACTOR.ids(
        "Yuri", "Wagner group"
    )
    assert [c.source_id for c in first.citations.order_by("pk")] == [R3, R1]
    new_actor = Actor.objects.get(name="A new unit")
    assert (new_actor.kind, new_actor.is_pseudonym) == ("unclassified", False)
    assert second.event_actors.get(actor=new_actor).role == "unspecified"
    assert second.citations.get().source.title == "A new report"
    assert (Actor.objects.count(), Source.objects.count()) == (actors + 1, sources + 1)
    assert report.notes == {
        3: ("actor 'A new unit' created", "source 'Our outlet: A new report' created")
    }
    assert report.result.named_summary() == [
        "actors named: 3 matched, 1 created: A new unit",
        "sources named: 2 matched, 1 created: Our outlet: A new report",
    ]
    # An event citing a source keeps the confidence it was given; one citing none is unsourced.
    assert first.confidence == "single_source"


def test_the_dry_run_creates_no_actor_or_source(dataset, tmp_path, capsys):
    actors, sources = Actor.objects.count(), Source.objects.count()
    path = write(
        tmp_path,
        "events.csv",
        b"title,type,date,actors,sources\r\nNew,detention,2023,Someone new,Outlet: Title\r\n",
    )
    call_command("import_events", str(path), "--dry-run")
    output = capsys.readouterr().out
    assert (
        "line 2 (new): would be created; actor 'Someone new' created; "
        "source 'Outlet: Title' created"
    ) in output
    assert "actors named: 0 matched, 1 created: Someone new" in output
    assert (Actor.objects.count(), Source.objects.count()) == (actors, sources)


def test_a_named_list_replaces_the_links_and_keeps_the_roles_of_those_kept(dataset, tmp_path):
    event = Event.objects.get(pk=ANDREI)
    kept = event.event_actors.get(actor_id=ACTOR["Russian armed forces"])
    [report] = import_csv(
        tmp_path,
        f"id,title,type,date,actors,sources\r\n"
        f'{ANDREI},"{event.title}",{event.type_id},{event.date},Russian armed forces,{R3}\r\n',
    )
    assert report.rows == [(2, ANDREI, "updated")]
    assert report.notes == {2: ("changed: actors, sources",)}
    assert list(event.event_actors.all()) == [kept]
    assert event.event_actors.get().role == "detaining force"
    assert list(event.citations.values_list("source_id", flat=True)) == [R3]


def test_an_empty_cell_unlinks_and_a_missing_column_keeps(dataset, tmp_path):
    event = Event.objects.get(pk=ANDREI)
    actors = list(event.event_actors.values_list("pk", flat=True))
    import_csv(
        tmp_path,
        f'id,title,type,date,sources\r\n{ANDREI},"{event.title}",{event.type_id},{event.date},\r\n',
    )
    event.refresh_from_db()
    assert list(event.event_actors.values_list("pk", flat=True)) == actors
    assert not event.citations.exists()
    assert event.confidence == "unsourced"  # the services' rule: it cites nothing now


def test_bad_names_are_row_errors_and_nothing_is_written(dataset, tmp_path):
    ActorFactory(name="Sergei", is_pseudonym=True)  # a second pseudonym Sergei: ambiguous
    SourceFactory(outlet="X", title=Source.objects.get(pk=R1).title)
    actors, sources, events = Actor.objects.count(), Source.objects.count(), Event.objects.count()
    with pytest.raises(TableImportError) as raised:
        import_csv(
            tmp_path,
            "title,type,date,actors,sources\r\n"
            "A,detention,2023,Created first,\r\n"
            "B,detention,2023,Sergei (pseudonym),\r\n"
            "C,detention,2023,Sergei,\r\n"  # the one Sergei who is not a pseudonym? none
            f"D,detention,2023,,{MISSING_ID}\r\n"
            "E,detention,2023,,A title nobody has\r\n"
            f'F,detention,2023,,"{Source.objects.get(pk=R1).title}"\r\n',
        )
    errors = raised.value.errors
    assert errors[0].startswith("events.csv: line 3 (id None): actors: 'Sergei (pseudonym)' could")
    assert f"any of 2 actors (ids {ACTOR['Sergei']}, " in errors[0]
    assert errors[1].startswith("events.csv: line 4 (id None): actors: 'Sergei' could be any of 2")
    assert errors[2] == f"events.csv: line 5 (id None): sources: no source {MISSING_ID}."
    assert errors[3] == (
        "events.csv: line 6 (id None): sources: no source is named 'A title nobody has'; "
        "write it as 'outlet: title' to create one."
    )
    assert errors[4].startswith("events.csv: line 7 (id None): sources: 'Russian families")
    assert len(errors) == 5
    assert (Actor.objects.count(), Source.objects.count(), Event.objects.count()) == (
        actors,
        sources,
        events,
    )


# --- the review status -----------------------------------------------------------------------


def test_an_editor_may_import_drafts_but_not_publish(dataset, editor, tmp_path):
    event = Event.objects.get(pk=ARRESTED)
    with pytest.raises(TableImportError) as raised:
        import_csv(
            tmp_path,
            "id,title,type,date,status\r\n"
            ",Published by an editor,detention,2023,published\r\n"
            f'{ARRESTED},"{event.title}",{event.type_id},{event.date},draft\r\n',
            user=editor,
        )
    assert [error.split(": status: ")[0] for error in raised.value.errors] == [
        "events.csv: line 2 (id None)",
        f"events.csv: line 3 (id {ARRESTED})",
    ]
    assert "timeline.publish_event" in raised.value.errors[0]
    assert Event.objects.get(pk=ARRESTED).status == "published"

    import_csv(tmp_path, "title,type,date,status\r\nA draft,detention,2023,draft\r\n", user=editor)
    assert Event.objects.get(title="A draft").status == "draft"


def test_a_draft_stays_a_draft_and_the_operator_may_publish_it(dataset, tmp_path):
    draft = Event.objects.create(
        pk=9100,  # below the import's largest id, whatever an earlier test did to the sequence
        title="Unreviewed",
        type_id="other",
        date="2022",
        status="draft",
        confidence="unsourced",
        place_id=PLACE["Ukraine"],
    )
    row = f"{draft.pk},Unreviewed,other,2022"
    [report] = import_csv(tmp_path, f"id,title,type,date\r\n{row}\r\n")
    assert report.rows == [(2, draft.pk, "unchanged")]
    [report] = import_csv(tmp_path, f"id,title,type,date,status\r\n{row},draft\r\n")
    assert report.rows == [(2, draft.pk, "unchanged")]

    with pytest.raises(TableImportError) as raised:  # a draft needs a place to be published
        import_csv(tmp_path, f"id,title,type,date,place_id,status\r\n{row},,published\r\n")
    assert raised.value.errors[0].startswith(f"events.csv: line 2 (id {draft.pk}): place: ")

    [report] = import_csv(tmp_path, f"id,title,type,date,status\r\n{row},published\r\n")
    assert report.notes == {2: ("changed: status",)}
    draft.refresh_from_db()
    assert draft.status == "published" and draft.reviewed_at is not None


def test_two_rows_may_not_create_the_same_id(db, tmp_path):
    with pytest.raises(TableImportError) as raised:
        import_csv(
            tmp_path,
            "id,title,type,date\r\n9001,First,other,2022\r\n9001,Second,other,2023\r\n",
        )
    assert raised.value.errors == [
        "events.csv: line 3 (id 9001): id: another row of this file already creates an event "
        "with this id."
    ]
    assert not Event.objects.filter(pk=9001).exists()


# --- updates, in bulk ------------------------------------------------------------------------


def retitled(events, suffix: str, *, sources: str | None = None) -> str:
    """A CSV that retitles the events (and, given `sources`, makes each cite those)."""
    lines = ["id,title,type,date" + (",sources" if sources is not None else "")]
    lines += [
        f'{e.pk},"{e.title}{suffix}",{e.type_id},{e.date}'
        + (f",{sources}" if sources is not None else "")
        for e in events
    ]
    return "\r\n".join(lines) + "\r\n"


def test_updates_take_the_same_queries_for_few_rows_as_for_many(
    dataset, tmp_path, django_assert_max_num_queries
):
    """Changed events are written in bulk with their history, as new ones are: a file of all
    the events costs no more queries than a file of two. (A link removed still costs a query
    for its history record: django-simple-history records deletions one by one.)"""
    events = list(Event.objects.order_by("pk"))
    with CaptureQueriesContext(connection) as few:
        import_csv(tmp_path, retitled(events[:2], " (1)"))
    with django_assert_max_num_queries(len(few)):
        [report] = import_csv(tmp_path, retitled(events, " (2)"))
    assert {outcome for _, _, outcome in report.rows} == {"updated"}
    assert Event.objects.get(pk=events[-1].pk).title == f"{events[-1].title} (2)"


def test_a_bulk_update_keeps_the_history_and_the_change_feed(dataset, tmp_path, editor):
    event = Event.objects.get(pk=ANDREI)
    before = event.updated_at
    import_csv(tmp_path, retitled([event], " (corrected)", sources=str(R3)), user=editor)
    event.refresh_from_db()
    assert event.title.endswith(" (corrected)") and event.updated_at > before
    latest = event.history.first()
    assert (latest.history_type, latest.title, latest.history_user) == ("~", event.title, editor)
    removed = Citation.history.filter(event_id=ANDREI, history_type="-")
    assert list(removed.values_list("source_id", flat=True)) == [R1]


@pytest.mark.parametrize("batch", [2000, 1], ids=["one block", "a block a row"])
def test_two_rows_for_one_event_apply_in_file_order(dataset, tmp_path, monkeypatch, batch):
    """In one block or in two (each block is written before the next is read)."""
    monkeypatch.setattr(geojson_import, "BATCH", batch)
    event = Event.objects.get(pk=ANDREI)
    [report] = import_csv(
        tmp_path,
        f"id,title,type,date,sources\r\n"
        f"{ANDREI},First,{event.type_id},{event.date},{R1}\r\n"
        f"{ANDREI},Second,{event.type_id},{event.date},{R3}\r\n",
    )
    assert [outcome for _, _, outcome in report.rows] == ["updated", "updated"]
    event.refresh_from_db()
    assert event.title == "Second"
    assert list(event.citations.values_list("source_id", flat=True)) == [R3]
