"""POST /api/v1/auth/token/: a username and password in, an API token out.

The token is shown once, in this answer. The database keeps only its digest (django-rest-knox),
so neither a copy of the database nor a backup holds a token that works. Wrong passwords count
towards django-axes' lock-out: past the limit the answer is 429, the right password included,
until the cool-off has passed.
"""

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.views import LoginView
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.permissions import AllowAny

ERROR_LOCKED_OUT = "Too many failed logins for this username: try again later."

TOKEN_RESPONSE = inline_serializer(
    "Token",
    {
        "token": serializers.CharField(help_text='Send it as "Authorization: Token <token>".'),
        "expiry": serializers.DateTimeField(
            allow_null=True, help_text="When the token stops working; null: until deleted."
        ),
    },
)


class ObtainTokenView(LoginView):
    """knox's LoginView, with the username and password in the body (knox's documented way,
    with DRF's AuthTokenSerializer) instead of an already authenticated request."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    serializer_class = AuthTokenSerializer

    @extend_schema(request=AuthTokenSerializer, responses={200: TOKEN_RESPONSE})
    def post(self, request, format=None):
        # The request goes to authenticate(), which django-axes needs to count the failure.
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        valid = serializer.is_valid()
        if getattr(request, "axes_locked_out", False):
            raise Throttled(
                wait=settings.AXES_COOLOFF_TIME.total_seconds(), detail=ERROR_LOCKED_OUT
            )
        if not valid:
            raise ValidationError(serializer.errors)
        # The token is for this user; no session is opened (knox's docs call login() here).
        request.user = serializer.validated_data["user"]
        return super().post(request, format)
