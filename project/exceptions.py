"""The API's exception handler: a database refusal is the client's 4xx, never a 500.

Serializers and full_clean() should catch bad input first; this is the safety net for the rule
they missed (a CHECK or UNIQUE constraint, a number the column cannot hold). The API's own
handler (project/errors.py, when present) runs first; what it leaves unanswered is answered
here. The transaction was rolled back, so nothing was changed.
"""

import re

from django.db import DataError, IntegrityError
from rest_framework import status
from rest_framework.response import Response

try:  # the API's handler maps model-layer errors; this one only adds the safety net
    from project.errors import api_exception_handler as next_handler
except ImportError:
    from rest_framework.views import exception_handler as next_handler

ERROR_CONSTRAINT = "The change breaks a rule of the data ({rule}); nothing was changed."
ERROR_DATA = "A value does not fit its field ({reason}); nothing was changed."

_CONSTRAINT_NAME = re.compile(r'constraint "?([\w.]+)"?|constraint failed: ([\w., ]+)', re.I)


def exception_handler(exc, context):
    response = next_handler(exc, context)
    if response is not None:
        return response
    if isinstance(exc, IntegrityError):
        match = _CONSTRAINT_NAME.search(str(exc))
        rule = next(group for group in match.groups() if group) if match else "a constraint"
        detail = ERROR_CONSTRAINT.format(rule=rule.strip())
        return Response({"detail": detail}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DataError | OverflowError):  # SQLite raises OverflowError for big ints
        detail = ERROR_DATA.format(reason=str(exc).splitlines()[0][:200])
        return Response({"detail": detail}, status=status.HTTP_400_BAD_REQUEST)
    return None
