"""The admin's event form: the date field takes a date as the report writes it, or EDTF.

A phrase is stored as the EDTF it stands for, and the phrase itself as the event's
date_as_reported, so the report's wording is kept beside the date it was read as. A small
script (timeline/admin/date_preview.js) asks /api/v1/dates/parse/ as the editor types and shows
the EDTF, span and label that saving will store.
"""

from django import forms
from django.urls import reverse_lazy

from timeline import dates, phrases
from timeline.models import Event

DATE_HELP = (
    "As the report says it — 'end of March 2022', 'early July', 'from March 7 to April 1', "
    "'24.02.2022', 'début juillet', 'Anfang März' — or EDTF (2022-06, 2022-03-07/2022-04-01, "
    "2022-03~, [..2022-08-03]). A phrase is saved as EDTF, and kept as the date as reported."
)
REFERENCE_HELP = (
    "The report's date (YYYY-MM-DD), for phrases that count from it ('yesterday', "
    "'last week') or give no year ('early July'). Not stored."
)


class EventAdminForm(forms.ModelForm):
    date_reference = forms.DateField(
        label="Report's date",
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text=REFERENCE_HELP,
        widget=forms.DateInput(attrs={"placeholder": "YYYY-MM-DD", "size": 12}),
    )

    class Meta:
        model = Event
        fields = ["date", "date_as_reported"]  # the admin adds the others from its fieldsets
        help_texts = {"date": DATE_HELP}

    class Media:
        js = ["timeline/admin/date_preview.js"]
        css = {"all": ["timeline/admin/date_preview.css"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "date" in self.fields:
            self.fields["date"].widget.attrs.update(
                {
                    "data-date-preview": reverse_lazy("dates-parse"),
                    "data-date-reference": "date_reference",
                    "autocomplete": "off",
                }
            )
        self.date_phrase = ""

    def clean_date(self):
        value = self.cleaned_data.get("date", "")
        try:
            return dates.parse(value).edtf
        except dates.DateError:
            pass
        try:  # the reference field reports its own errors; it is cleaned after this one
            reference = self.fields["date_reference"].clean(
                self.data.get(self.add_prefix("date_reference"))
            )
        except forms.ValidationError:
            reference = None
        try:
            parsed = phrases.parse_phrase(value, reference)
        except phrases.PhraseError as error:
            raise forms.ValidationError(str(error)) from error
        self.date_phrase = parsed.phrase
        return parsed.edtf

    def clean(self):
        cleaned = super().clean()
        # The editor's own wording of the date, if they gave one, wins over the phrase.
        if self.date_phrase and "date_as_reported" not in self.changed_data:
            cleaned["date_as_reported"] = self.date_phrase
        return cleaned
