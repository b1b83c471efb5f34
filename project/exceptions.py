"""The API's exception handler: a database refusal is the client's 400, not a 500.

Serializers and full_clean() should catch bad input first; this is the safety net for the rule
they missed (a CHECK or UNIQUE constraint, a value the column cannot hold). The answer names
the rule; the transaction was rolled back, so nothing was changed.
"""

import re

from django.db import DataError, IntegrityError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

ERROR_CONSTRAINT = "The change breaks a rule of the data ({rule}); nothing was changed."
ERROR_DATA = "A value does not fit its field ({reason}); nothing was changed."

_CONSTRAINT_NAME = re.compile(r'constraint "?([\w.]+)"?|constraint failed: ([\w., ]+)', re.I)


def exception_handler(exc, context):
    if isinstance(exc, IntegrityError):
        match = _CONSTRAINT_NAME.search(str(exc))
        rule = next(group for group in match.groups() if group) if match else "a constraint"
        return Response(
            {"detail": ERROR_CONSTRAINT.format(rule=rule.strip())},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, DataError):
        reason = str(exc).splitlines()[0][:200]
        return Response(
            {"detail": ERROR_DATA.format(reason=reason)}, status=status.HTTP_400_BAD_REQUEST
        )
    return drf_exception_handler(exc, context)
