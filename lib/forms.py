"""Form helpers shared by the apps' forms: dates and times as Swedes write
them, choices of rows that refuse any id no row can have, and a form that
shows every refusal of a step next to its field."""

import datetime
import re
import uuid
from collections.abc import Callable

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.errors import ConflictError, DomainError
from lib.swedish import MONTHS
from lib.time_limits import FIRST_YEAR, LAST_YEAR

DATE_FORMAT = _("Ange datum som ÅÅÅÅ-MM-DD, t.ex. 2026-11-30.")
TIME_FORMAT = _("Ange tid som 9.00 eller 09:00.")

# 2026-11-30 (also 2026-1-5), and 20261130 as typed on a phone's number pad.
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})|(\d{4})(\d{2})(\d{2})")
# 30 november 2026, 30 nov 2026, 30 nov. 2026, 30 sept 2026: a month by its first three letters or more.
_WORDED_DATE = re.compile(r"(\d{1,2})\s+([^\W\d_]+)\.?\s+(\d{4})")


def _month(word: str) -> int | None:
    word = word.lower()
    found = [n for n, name in enumerate(MONTHS, start=1) if len(word) >= 3 and name.startswith(word)]
    return found[0] if len(found) == 1 else None


def parse_date(text: str) -> datetime.date | None:
    """A date as Swedes write it: 2026-11-30, 20261130, 30 november 2026 or
    30 nov 2026; None for anything else. 10/3/2025 is refused: read one way
    here and another in the United States, it is not a date to guess at."""
    text = " ".join(text.split())
    if match := _ISO_DATE.fullmatch(text):
        parts = [int(part) for part in match.groups() if part is not None]
    elif (match := _WORDED_DATE.fullmatch(text)) and (month := _month(match[2])):
        parts = [int(match[3]), month, int(match[1])]
    else:
        return None
    try:
        return datetime.date(*parts)
    except ValueError:  # 2026-02-30
        return None


# 9, 9.30, 09:30, 9,30, 0930, 930, with or without "kl." before it.
# With seconds too (13:00:00): how a time stands in a hidden field or is sent by a browser's time input.
_TIME = re.compile(r"(?:kl\.?\s*)?(?:(\d{1,2})(?:[.:,](\d{2})(?::00)?)?|(\d{1,2})(\d{2}))", re.IGNORECASE)


def parse_time(text: str) -> datetime.time | None:
    """A time of day as Swedes write it: 9.00, 09.00, 9:00, 09:00, 0900, 900,
    9 (nine o'clock), "kl. 9.30", and as machines do, 09:00:00; None for anything else."""
    match = _TIME.fullmatch(text.strip())
    if match is None:
        return None
    hour, minute = (match[1], match[2]) if match[1] is not None else (match[3], match[4])
    try:
        return datetime.time(int(hour), int(minute or 0))
    except ValueError:  # 25.00, 9.75
        return None


class DateInput(forms.DateInput):
    """A date typed as Swedish dates are written, ÅÅÅÅ-MM-DD (or as in a
    letter, 30 november 2026), and shown as ÅÅÅÅ-MM-DD.

    A text field rather than the browser's date picker: dates in a case are
    known dates (a meeting, a letter), typed faster than picked, and a text
    field works the same with every keyboard, screen reader and browser.
    """

    def __init__(self, **kwargs):
        attrs = {"inputmode": "numeric", "placeholder": "ÅÅÅÅ-MM-DD", "autocomplete": "off",
                 **kwargs.pop("attrs", {})}
        super().__init__(format="%Y-%m-%d", attrs=attrs, **kwargs)


class DateField(forms.DateField):
    """A date in a case (parse_date), within the years a case can concern. A
    typing error like 9999 would otherwise overflow the arithmetic of time
    limits."""

    FIRST, LAST = datetime.date(FIRST_YEAR, 1, 1), datetime.date(LAST_YEAR, 12, 31)
    default_error_messages = {"invalid": DATE_FORMAT}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DateInput())
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        day = parse_date(str(value))
        if day is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return day

    def validate(self, value):
        super().validate(value)
        if value and not self.FIRST <= value <= self.LAST:
            raise forms.ValidationError(
                _("Ange ett datum mellan %(first)s och %(last)s.")
                % {"first": self.FIRST.isoformat(), "last": self.LAST.isoformat()}, code="out_of_range")


class TimeInput(forms.TimeInput):
    """A time typed as Swedes write it; a phone offers digits with its decimal
    sign (9,30 and 9.30 are both read)."""

    def __init__(self, **kwargs):
        attrs = {"inputmode": "decimal", "placeholder": "TT.MM", "autocomplete": "off", **kwargs.pop("attrs", {})}
        super().__init__(format="%H.%M", attrs=attrs, **kwargs)


class TimeField(forms.TimeField):
    """A time of day (parse_time), shown as the minutes write it: 09.30."""

    default_error_messages = {"invalid": TIME_FORMAT}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", TimeInput())
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.time):
            return value
        time = parse_time(str(value))
        if time is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return time


def parse_id(text: str, *, maximum: int = 2**63 - 1) -> int | None:
    """A whole number from 1 to `maximum` (by default any row's id: a 64-bit column holds no more)
    in ASCII digits, as a form or an address sends an id; None for anything else. 5,000 digits
    are None too, not the ValueError of int(), which reads no more than 4,300."""
    text = text.strip()
    if not (text.isascii() and text.isdecimal()) or len(text) > len(str(maximum)):
        return None
    number = int(text)
    return number if 1 <= number <= maximum else None


class _RowChoice:
    """A choice of rows by their id, where an id no row can have (5,000 digits, beyond 64 bits,
    "-1", "1.5", "²") is refused as any choice not offered, before it reaches the database:
    PostgreSQL refuses an out-of-range integer with an error, SQLite's driver with OverflowError,
    and Python's int() a string of more than 4,300 digits with ValueError."""

    def _check_ids(self, values) -> None:
        key = (self.queryset.model._meta.get_field(self.to_field_name) if self.to_field_name
               else self.queryset.model._meta.pk)
        if not isinstance(key, models.IntegerField):
            return
        for value in values:
            if not isinstance(value, self.queryset.model | int) and parse_id(str(value)) is None:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                            params={"value": str(value)[:20]})


class ModelChoiceField(_RowChoice, forms.ModelChoiceField):
    """A row chosen from a list: Django's, refusing an id that no row can have (_RowChoice) as any
    other choice not offered. The one every form uses."""

    def to_python(self, value):
        if value not in self.empty_values:
            self._check_ids([value])
        return super().to_python(value)


class ModelMultipleChoiceField(_RowChoice, forms.ModelMultipleChoiceField):
    """Rows chosen from a list: Django's, refusing an id that no row can have (_RowChoice) as any
    other choice not offered. The one every form uses."""

    def _check_values(self, value):
        self._check_ids(value)
        return super()._check_values(value)


FILE_AGAIN = _("Välj filen igen: filer kan inte sparas när formuläret inte godtas.")


def ask_for_files_again(form: forms.Form) -> None:
    """Say at each file field whose file was chosen that it must be chosen
    again: a browser does not send a file back with a refused form. A field
    with its own error (not a PDF, too large) says that instead."""
    errors = form._errors or {}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField) and form.files.get(form.add_prefix(name)) and name not in errors:
            form.add_error(name, FILE_AGAIN)


class ServiceForm(forms.Form):
    """A form laid out by crispy, that shows a refused step next to its field.

    Every problem shows at once: the fields' own checks, the form's, the
    service's checks of single inputs that the form can run before the step
    (field_checks), and every problem of a step the service refuses with
    DomainErrors, each at its field.
    """

    submit_label = _("Spara")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        # The form's own errors are shown in the summary above it (templates/_form_errors.html).
        self.helper.template = "_service_form.html"

    # The services' names for inputs, where the form's fields differ.
    service_fields: dict[str, str] = {}

    def field_checks(self) -> dict[str, Callable[[object], object]]:
        """{field: check}: the service's own check of that input (say, a date
        against the case's dates), each raising DomainError. Run with the
        form's own checks, so that they are not found one submission later."""
        return {}

    def clean(self):
        data = super().clean()
        for name, check in self.field_checks().items():
            if data.get(name) in (None, ""):
                continue
            try:
                check(data[name])
            except DomainError as error:
                for one in error.errors:
                    self.add_error(name, one.message)
        return data

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self._errors:
            ask_for_files_again(self)

    def add_domain_error(self, error: DomainError) -> None:
        """Show a refused step on the form: each of its problems at its field."""
        for one in error.errors:
            self.place_domain_error(one)
        ask_for_files_again(self)

    def place_domain_error(self, error: DomainError) -> None:
        if isinstance(error, ConflictError) and "version" in self.fields:
            # Sending the form again is then a deliberate choice on the case as it is now.
            self.data = self.data.copy()
            self.data["version"] = error.current_version
            self.add_error(None, f"{error.message} " + _("Det du skrev finns kvar i formuläret nedan."))
            return
        field = self.service_fields.get(error.field, error.field)
        self.add_error(field if field in self.fields else None, error.message)


class ConfirmedForm(ServiceForm):
    """The form of a destructive step (withdrawing, undoing): the step is taken only with its
    confirmation box ticked. The server checks it, so it works without JavaScript.

    The template shows the box apart from the other fields, with what the step does and its button:
    ``{% include "_confirm_destructive.html" with form=form consequences=... submit=... cancel=... %}``.
    A subclass names what is confirmed in ``confirm_label`` and ``confirm_missing``.
    """

    confirm_label = _("Jag har kontrollerat uppgifterna och vill fortsätta.")
    confirm_missing = _("Kryssa i rutan för att bekräfta steget.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"] = forms.BooleanField(
            label=self.confirm_label, error_messages={"required": self.confirm_missing})
        # {% crispy form %} lays out the step's own fields; the include shows the box.
        self.helper.layout = Layout(*(name for name in self.fields if name != "confirm"))


# A hidden field: the version of the case the form was opened on.
class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        # Motion.version's column (a PositiveIntegerField) holds no more.
        super().__init__(required=False, min_value=1, max_value=2**31 - 1, **kwargs)


class SubmissionField(forms.UUIDField):
    """A hidden one-time key in a form that creates a record (a motion, an appeal), kept with the
    record in a unique column: sent twice, by a double click or a reload, the form makes one record,
    and the second sending is shown the first's (lib.errors.AlreadyDone). Each form shown has a new
    key; a refused one keeps its own, as nothing was made."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, initial=uuid.uuid4, **kwargs)


class ReasonField(forms.CharField):
    """Why a recorded step is corrected or undone: required, kept with the record."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Varför rättas uppgifterna?"))
        kwargs.setdefault("help_text", _("Sparas i ärendets händelser tillsammans med vad som ändrades."))
        super().__init__(widget=forms.Textarea(attrs={"rows": 2}), **kwargs)


class UndoForm(ConfirmedForm):
    """Undoing a step recorded by mistake: why, confirmed like any destructive step."""

    confirm_label = _("Jag förstår att steget tas bort; händelsen att det ångrades sparas med vad det var.")
    confirm_missing = _("Kryssa i rutan för att bekräfta att steget ska ångras.")
    reason = ReasonField(label=_("Varför ångras steget?"))
    version = VersionField()
