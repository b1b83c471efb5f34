"""The date parser as an endpoint: what a phrase or an EDTF string will be stored as, before it
is stored. It reads no records, so anyone may ask; the admin's date field asks it as the editor
types."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from project.parameters import KnownParametersMixin
from timeline import phrases


class DateParseQuerySerializer(serializers.Serializer):
    """The parser's query parameters; bad ones become a 400 naming the parameter."""

    q = serializers.CharField(
        max_length=phrases.MAX_PHRASE_LENGTH,
        help_text="A date as a report writes it ('end of March 2022', 'early July', "
        "'24.02.2022', 'début juillet', 'Anfang März', 'hace dos semanas') or EDTF "
        "('2022-03-07/2022-04-01').",
    )
    ref = serializers.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text="The reference date (YYYY-MM-DD), usually the report's publication date: it "
        "anchors relative phrases ('yesterday', 'last week') and gives the year to phrases "
        "without one ('early July').",
    )


class DateParseSerializer(serializers.Serializer):
    edtf = serializers.CharField(help_text="The date in EDTF, as an event would store it")
    earliest = serializers.DateField(help_text="The first day the date allows")
    latest = serializers.DateField(help_text="The last day the date allows")
    precision = serializers.CharField(
        help_text="day, week, month, season, year, decade, century or open"
    )
    label = serializers.CharField(help_text="The date in words, as the API labels it")
    phrase = serializers.CharField(help_text="The phrase as given, spaces tidied")


class DateParseView(KnownParametersMixin, APIView):
    """Turn a date phrase or EDTF string into the EDTF an event would store."""

    permission_classes = [AllowAny]
    options_class = DateParseQuerySerializer

    @extend_schema(
        operation_id="dates_parse",
        summary="Read a date phrase as EDTF",
        description=(
            "The EDTF, span and label a date phrase stands for, never more precise than the "
            "phrase: 'end of March 2022' is 21–31 March, not a day. English, and the common "
            "French, German and Spanish phrases; EDTF is read as it is. A phrase counting from "
            "another event ('two months later') is a 400 naming `q`; a relative phrase without "
            "`ref` is a 400 naming `ref`. Nothing is stored."
        ),
        parameters=[DateParseQuerySerializer],
        responses={200: DateParseSerializer},
        examples=[
            OpenApiExample(
                "end of March 2022",
                response_only=True,
                value={
                    "edtf": "2022-03-21/2022-03-31",
                    "earliest": "2022-03-21",
                    "latest": "2022-03-31",
                    "precision": "month",
                    "label": "21–31 March 2022",
                    "phrase": "end of March 2022",
                },
            )
        ],
        tags=["dates"],
    )
    def get(self, request):
        params = self.options_class(data=request.query_params)
        params.is_valid(raise_exception=True)
        phrase, ref = params.validated_data["q"], params.validated_data.get("ref")
        try:
            parsed = phrases.parse_phrase(phrase, ref)
        except phrases.PhraseError as error:
            field = "ref" if error.code == "needs_ref" and ref is None else "q"
            raise serializers.ValidationError({field: [str(error)]}) from error
        return Response(DateParseSerializer(parsed).data)
