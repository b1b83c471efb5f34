"""What hides an event from some readers, the column or field an export then adds for those
who may see it, and the fixture of a client who may: for the export tests of every format."""

import pytest

from timeline.models import Event

hidden_events = pytest.mark.parametrize(
    ("hidden", "column", "who"),
    [
        ({"visibility": Event.Visibility.RESTRICTED}, "visibility", "reader_client"),
        ({"status": Event.Status.DRAFT}, "status", "editor_client"),
    ],
    ids=["restricted", "draft"],
)
