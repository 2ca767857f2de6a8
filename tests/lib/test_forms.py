"""Dates and times as Swedes write them, and a form that shows every problem at once."""

import datetime

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from lib.errors import ConflictError, DomainError, DomainErrors, Problems
from lib.forms import DATE_FORMAT, FILE_AGAIN, TIME_FORMAT, DateField, ServiceForm, TimeField, parse_date, parse_time
from lib.swedish import MONTHS


@pytest.mark.parametrize("text", ["9.00", "09.00", "9:00", "09:00", "0900", "900", "9", "09", "kl. 9.00",
                                  "kl 9", "Kl.9", " 9.00 ", "9,00", "09:00:00"])
def test_nine_o_clock_as_swedes_write_it(text):
    assert parse_time(text) == datetime.time(9, 0)


@pytest.mark.parametrize(("text", "time"), [
    ("kl. 9.30", datetime.time(9, 30)), ("1930", datetime.time(19, 30)), ("930", datetime.time(9, 30)),
    ("23.59", datetime.time(23, 59)), ("0", datetime.time(0, 0)), ("00:05", datetime.time(0, 5)),
])
def test_times(text, time):
    assert parse_time(text) == time


@pytest.mark.parametrize("text", ["", "24.00", "9.60", "9.5", "12345", "nio", "9 30", "9.00 pm", "-9", "kl.",
                                  "09:00:30"])
def test_what_is_not_a_time_is_refused(text):
    assert parse_time(text) is None


@given(st.times())
def test_every_time_written_in_each_swedish_way_reads_back(time):
    time = time.replace(second=0, microsecond=0)
    for text in (f"{time:%H.%M}", f"{time:%H:%M}", f"{time:%H%M}", f"{time.hour}.{time:%M}",
                 f"kl. {time.hour}.{time:%M}", f"{time.hour}{time:%M}"):
        assert parse_time(text) == time, text


@given(st.text(max_size=12))
def test_no_text_breaks_the_time_field(text):
    field = TimeField(required=False)
    try:
        value = field.clean(text)
    except forms.ValidationError as error:
        assert error.messages == [str(TIME_FORMAT)]
    else:
        assert value is None or isinstance(value, datetime.time)


def test_a_refused_time_says_the_format():
    with pytest.raises(forms.ValidationError) as refused:
        TimeField().clean("halv tio")
    assert refused.value.messages == ["Ange tid som 9.00 eller 09:00."]


@pytest.mark.parametrize("text", ["2026-11-30", "20261130", "30 november 2026", "30 nov 2026", "30 nov. 2026",
                                  "30 November 2026", " 30  nov  2026 "])
def test_a_date_as_swedes_write_it(text):
    assert parse_date(text) == datetime.date(2026, 11, 30)


@pytest.mark.parametrize("text", ["10/3/2025", "3/10/2025", "2026-02-30", "2026-13-01", "30 nyx 2026", "30 ma 2026",
                                  "30 11 2026", "30.11.2026", "2026", "", "30 november"])
def test_what_is_not_a_date_is_refused(text):
    assert parse_date(text) is None


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2199, 12, 31)))
def test_every_date_written_in_each_accepted_way_reads_back(day):
    month = MONTHS[day.month - 1]
    for text in (day.isoformat(), f"{day:%Y%m%d}", f"{day.day} {month} {day.year}",
                 f"{day.day} {month[:3]} {day.year}", f"{day.day} {month[:3]}. {day.year}"):
        assert DateField().clean(text) == day, text


@given(st.text(max_size=20))
def test_no_text_breaks_the_date_field(text):
    try:
        value = DateField(required=False).clean(text)
    except forms.ValidationError as error:
        assert error.messages[0] in (str(DATE_FORMAT), "Ange ett datum mellan 1900-01-01 och 2199-12-31.")
    else:
        assert value is None or isinstance(value, datetime.date)


def test_a_refused_date_says_the_format():
    with pytest.raises(forms.ValidationError) as refused:
        DateField().clean("30/11/2026")
    assert refused.value.messages == ["Ange datum som ÅÅÅÅ-MM-DD, t.ex. 2026-11-30."]


def test_a_date_field_shows_a_date_as_iso():
    class Form(forms.Form):
        on = DateField()
        at = TimeField()

    form = Form(initial={"on": datetime.date(2026, 11, 30), "at": datetime.time(9, 5)})
    assert 'value="2026-11-30"' in str(form["on"])
    assert 'value="09.05"' in str(form["at"])


class StepForm(ServiceForm):
    on = DateField(label="Datum")
    due_on = DateField(label="Svar senast")
    text = forms.CharField(label="Text")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    document = forms.FileField(label="Bilaga", required=False)
    service_fields = {"date": "on"}

    def field_checks(self):
        def not_on_a_sunday(day):
            if day.weekday() == 6:
                raise DomainError("Inte på en söndag.", field="date")
        return {"on": not_on_a_sunday}


def test_the_services_own_checks_run_with_the_fields():
    form = StepForm({"on": "2026-11-29", "due_on": "i morgon", "text": ""})
    assert not form.is_valid()
    assert form.errors == {"on": ["Inte på en söndag."], "due_on": [str(DATE_FORMAT)],
                           "text": ["Detta fält måste fyllas i."]}


def test_several_problems_of_a_step_are_each_shown_at_their_field():
    form = StepForm({"on": "2026-11-30", "due_on": "2026-12-01", "text": "x"})
    assert form.is_valid()
    problems = Problems()
    problems.add(DomainError("Datumet ligger före remissen.", field="date"))
    problems.add(DomainError("Svarstiden ligger före.", field="due_on"))
    problems.add(DomainError("Ärendet är låst."))
    with pytest.raises(DomainErrors) as refused:
        problems.raise_any()
    assert refused.value.message == "Datumet ligger före remissen."  # read as one, the first
    form.add_domain_error(refused.value)
    assert form.errors == {"on": ["Datumet ligger före remissen."], "due_on": ["Svarstiden ligger före."],
                           "__all__": ["Ärendet är låst."]}


def test_one_problem_is_raised_as_itself():
    problems = Problems()
    problems.check(lambda: None)
    problems.raise_any()  # nothing found
    problems.check(_refuse)
    with pytest.raises(DomainError) as refused:
        problems.raise_any()
    assert type(refused.value) is DomainError and refused.value.errors == [refused.value]


def _refuse():
    raise DomainError("Nej.", field="on")


def test_a_conflict_gives_the_form_the_cases_version_and_keeps_what_was_typed():
    form = StepForm({"on": "2026-11-30", "due_on": "2026-12-01", "text": "Mitt svar", "version": "3"})
    assert form.is_valid()
    form.add_domain_error(ConflictError("Någon annan hann före.", current_version=5))
    assert form["version"].value() == 5
    assert form["text"].value() == "Mitt svar"
    assert form.non_field_errors() == ["Någon annan hann före. Det du skrev finns kvar i formuläret nedan."]


def test_a_chosen_file_must_be_chosen_again_when_the_form_is_refused():
    upload = SimpleUploadedFile("svar.pdf", b"%PDF-1.4", content_type="application/pdf")
    form = StepForm({"on": "2026-11-30", "due_on": "", "text": "x"}, {"document": upload})
    assert not form.is_valid()
    assert form.errors["document"] == [str(FILE_AGAIN)]
    assert str(FILE_AGAIN) == "Välj filen igen: filer kan inte sparas när formuläret inte godtas."


def test_a_file_is_not_asked_for_again_when_none_was_chosen_or_the_form_is_accepted():
    assert "document" not in StepForm({"on": "2026-11-30", "due_on": "", "text": "x"}).errors
    upload = SimpleUploadedFile("svar.pdf", b"%PDF-1.4", content_type="application/pdf")
    assert StepForm({"on": "2026-11-30", "due_on": "2026-12-01", "text": "x"}, {"document": upload}).is_valid()


@pytest.mark.parametrize("sent", ["9" * 5000, str(2**63), "99999999999999999999", "-1", "0", "1.5", "²", " ", "a\x00"])
def test_a_choice_of_rows_refuses_an_id_no_row_can_have_as_any_choice_not_offered(huddinge, sent):
    from lib.forms import ModelChoiceField, ModelMultipleChoiceField
    from organisation.models import Person

    class ChoiceForm(forms.Form):
        one = ModelChoiceField(queryset=Person.objects.all())
        several = ModelMultipleChoiceField(queryset=Person.objects.all())

    first = Person.objects.first()
    form = ChoiceForm({"one": sent, "several": [str(first.pk), sent]})
    assert not form.is_valid()
    assert form.errors["one"][0].startswith("Välj ett giltigt alternativ.")
    assert form.errors["several"][0].startswith("Välj ett giltigt alternativ.")
    assert ChoiceForm({"one": str(first.pk), "several": [str(first.pk)]}).is_valid()


@pytest.mark.parametrize(("text", "number"), [
    ("1", 1), (" 42 ", 42), (str(2**63 - 1), 2**63 - 1), (str(2**63), None), ("9" * 5000, None), ("0", None),
    ("-1", None), ("²", None), ("٣", None), ("", None), ("1e3", None)])
def test_an_id_is_read_only_when_a_column_can_hold_it(text, number):
    from lib.forms import parse_id

    assert parse_id(text) == number
