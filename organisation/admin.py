import datetime

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lib.admin import ReadOnlyAdmin
from lib.errors import DomainError
from organisation.models import (
    Body,
    LayoutChange,
    Meeting,
    MeetingEvent,
    Membership,
    MinuteLayout,
    Municipality,
    Party,
    Person,
)
from organisation.orgfile import rules
from organisation.services import check_times, forget_reference_data, schedule_meeting, update_meeting

# The organisation's own data is edited here with the rules the organisation file keeps
# (organisation/orgfile/rules.py), so both refuse the same things in the same words.

SIGNED_DOCUMENTS_KEPT = _("Justerade protokoll och utdrag är sparade som de justerades: en ändring här ändrar "
                          "dem aldrig.")


def _object_id(request) -> str | None:
    """The id of the object the admin page edits (None on an add page)."""
    return request.resolver_match.kwargs.get("object_id") if request.resolver_match else None


def _add_rule_error(form: forms.BaseForm, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _related(form: forms.ModelForm, name: str):
    """A foreign key's value: from the form, or (in an inline) set on the instance by its parent."""
    value = form.cleaned_data.get(name)
    return value if value is not None else getattr(form.instance, name, None)


class NumberListField(forms.CharField):
    """A short list of whole numbers typed as "4, 10"."""

    def prepare_value(self, value):
        return ", ".join(str(number) for number in value) if isinstance(value, list) else value

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return [int(part) for part in value.replace(";", ",").split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(_("Skriv heltal åtskilda av kommatecken, till exempel 4, 10.")) from None


class MunicipalityAdminForm(forms.ModelForm):
    report_months = NumberListField(
        label=_("månader för redovisning av ej färdigberedda motioner"), required=False,
        help_text=_("Månadernas nummer, till exempel 4, 10 för april och oktober."))
    one_year_notice_days = NumberListField(
        label=_("påminnelser före ettårsgränsen (dagar)"), required=False,
        help_text=_("Dagar före ettårsgränsen, till exempel 90, 30, 7, 0."))

    class Meta:
        model = Municipality
        fields = ["name", "kind", "case_prefix", "case_number_format", "contact_email", "contact_phone",
                  "administrative_court",
                  "report_months", "one_year_notice_days", "preparing_committee", "minute_layout"]

    def clean(self):
        data = super().clean()
        for name, check in (("case_prefix", rules.check_case_prefix),
                            ("case_number_format", rules.check_case_number_format),
                            ("report_months", rules.check_report_months),
                            ("one_year_notice_days", rules.check_one_year_notice_days),
                            ("preparing_committee", rules.check_preparing_committee)):
            if name in data:
                try:
                    result = check(data[name])
                except DomainError as error:
                    _add_rule_error(self, error)
                else:
                    if result is not None:
                        data[name] = result
        return data


class LayoutChangeInline(admin.TabularInline):
    model = LayoutChange
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "layout":
            # The organisation's own layouts and the general ones.
            kwargs["queryset"] = MinuteLayout.objects.filter(
                Q(municipality=None) | Q(municipality_id=_object_id(request)))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReferenceDataAdmin(admin.ModelAdmin):
    """An organisation, a body, a party or a person changed here: what was cached
    from them is built again (organisation.services.forget_reference_data)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        forget_reference_data()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        forget_reference_data()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        forget_reference_data()


@admin.register(Municipality)
class MunicipalityAdmin(ReferenceDataAdmin):
    form = MunicipalityAdminForm
    list_display = ["name", "kind", "case_prefix", "minute_layout", "preparing_committee"]
    list_filter = ["kind"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "case_prefix", "case_number_format", "contact_email", "contact_phone",
                           "administrative_court"]}),
        (_("Arbetsordning"), {"fields": ["report_months", "one_year_notice_days"]}),
        (_("Beredningsväg"), {
            "fields": ["preparing_committee"],
            "description": _("Motioner bereds av ett utskott under styrelsen innan styrelsen behandlar dem, "
                             "eller (tomt) av styrelsen direkt."),
        }),
        (_("Protokoll"), {"fields": ["minute_layout"],
                          "description": _("Mallen för sammanträden före första bytet nedan.")}),
    ]
    inlines = [LayoutChangeInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        organisation = _object_id(request)
        if db_field.name == "preparing_committee":
            kwargs["queryset"] = Body.objects.filter(
                municipality_id=organisation, kind=Body.Kind.WORKING_COMMITTEE,
                parent__kind=Body.Kind.EXECUTIVE_BOARD) if organisation else Body.objects.none()
        elif db_field.name == "minute_layout":
            kwargs["queryset"] = MinuteLayout.objects.filter(Q(municipality=None) | Q(municipality_id=organisation))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["person", "body", "role", "party", "duty", "substitute_order", "title", "starts_on", "ends_on"]

    def clean(self):
        data = super().clean()
        try:
            rules.check_membership(role=data.get("role") or "", duty=data.get("duty") or "",
                                   substitute_order=data.get("substitute_order"), starts_on=data.get("starts_on"),
                                   ends_on=data.get("ends_on"))
        except DomainError as error:
            _add_rule_error(self, error)
        body, person = _related(self, "body"), _related(self, "person")
        if body is not None and person is not None and body.municipality_id != person.municipality_id:
            self.add_error("person" if "person" in self.fields else "body",
                           _("%(person)s och %(body)s hör till olika organisationer.")
                           % {"person": person, "body": body})
        elif body is not None and person is not None and data.get("starts_on") and not self.errors:
            seat = Membership(body=body, person=person, role=data.get("role") or "", party=data.get("party"),
                              duty=data.get("duty") or "", substitute_order=data.get("substitute_order"),
                              starts_on=data["starts_on"], ends_on=data.get("ends_on"))
            others = body.memberships.select_related("person").exclude(pk=self.instance.pk)
            try:
                rules.check_membership_against(seat, others)
            except DomainError as error:
                _add_rule_error(self, error)
        return data


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipForm
    extra = 0
    fields = ["person", "body", "role", "party", "duty", "substitute_order", "title", "starts_on", "ends_on"]
    ordering = ["-starts_on", "role", "substitute_order", "person__name"]


class BodyMembershipInline(MembershipInline):
    fields = [name for name in MembershipInline.fields if name != "body"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        body = _object_id(request)
        if db_field.name == "person" and body:
            kwargs["queryset"] = Person.objects.filter(municipality__bodies=body)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PersonMembershipInline(MembershipInline):
    fields = [name for name in MembershipInline.fields if name != "person"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        person = _object_id(request)
        if db_field.name == "body" and person:
            kwargs["queryset"] = Body.objects.filter(municipality__people=person)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class BodyAdminForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = ["municipality", "name", "short_name", "kind", "parent", "genitive", "decision_subject"]

    def clean(self):
        data = super().clean()
        municipality = data.get("municipality")
        body = Body(pk=self.instance.pk, name=data.get("name", ""), kind=data.get("kind", ""),
                    parent=data.get("parent"), municipality_id=municipality.pk if municipality else None)
        try:
            rules.check_parent(body)
        except DomainError as error:
            _add_rule_error(self, error)
        return data


@admin.register(Body)
class BodyAdmin(ReferenceDataAdmin):
    form = BodyAdminForm
    list_display = ["name", "short_name", "kind", "parent", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "short_name"]
    inlines = [BodyMembershipInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        body = _object_id(request)
        if db_field.name == "parent" and body:
            kwargs["queryset"] = Body.objects.filter(municipality__bodies=body).exclude(pk=body)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Party)
class PartyAdmin(ReferenceDataAdmin):
    list_display = ["abbreviation", "name"]
    search_fields = ["abbreviation", "name"]
    fieldsets = [(None, {"fields": ["abbreviation", "name"],
                         "description": format_lazy("{} {}", _("Partierna delas av alla organisationer."),
                                                    SIGNED_DOCUMENTS_KEPT)})]


@admin.register(Person)
class PersonAdmin(ReferenceDataAdmin):
    list_display = ["name", "party", "municipality"]
    list_filter = ["party", "municipality"]
    search_fields = ["name"]
    fieldsets = [(None, {"fields": ["municipality", "name", "party"], "description": SIGNED_DOCUMENTS_KEPT})]
    inlines = [PersonMembershipInline]


class InForceFilter(admin.SimpleListFilter):
    title = _("giltighet")
    parameter_name = "in_force"

    def lookups(self, request, model_admin):
        return [("now", _("Gäller i dag")), ("ended", _("Har upphört")), ("later", _("Börjar senare"))]

    def queryset(self, request, queryset):
        today: datetime.date = timezone.localdate()
        if self.value() == "now":
            return queryset.filter(starts_on__lte=today).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        if self.value() == "ended":
            return queryset.filter(ends_on__lt=today)
        if self.value() == "later":
            return queryset.filter(starts_on__gt=today)
        return queryset


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipForm
    list_display = ["person", "body", "role", "party", "duty", "substitute_order", "title", "starts_on", "ends_on"]
    list_filter = ["body__municipality", "body", "role", InForceFilter, "starts_on", "ends_on"]
    list_select_related = ["person", "body", "party"]
    search_fields = ["person__name", "body__name", "title"]
    date_hierarchy = "starts_on"
    ordering = ["body__name", "-starts_on", "role", "substitute_order", "person__name"]


class MeetingAdminForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        try:
            check_times(data.get("starts_at"), data.get("ends_at"))
        except DomainError as error:
            self.add_error("ends_at", error.message)
        return data


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    """The admin records and changes a meeting through the same services as
    the meeting pages, each change with its event; its history is shown
    read-only. Attendance, agenda, numbering and signing are steps of their
    own on the meeting page; signed minutes are shown, never changed."""

    form = MeetingAdminForm
    list_display = ["body", "date", "place", "signed_on"]
    list_filter = ["body"]
    date_hierarchy = "date"
    fields = ["body", "date", "starts_at", "ends_at", "place", "kept_at", "signed_on", "posted_on", "appeal_until",
              "notice_removed_on"]
    SIGNING = ["signed_on", "posted_on", "appeal_until", "notice_removed_on"]

    def get_fields(self, request, obj=None):
        # A new meeting is scheduled with its body, day, time and place.
        return ["body", "date", "starts_at", "place"] if obj is None else [*self.fields, "history"]

    def get_readonly_fields(self, request, obj=None):
        # Paragraphs are numbered per body and year, and case files name a
        # meeting by its body and day: those stay as the meeting was recorded.
        return [] if obj is None else ["body", "date", *self.SIGNING, "history"]

    @admin.display(description=_("Historik"))
    def history(self, obj):
        events = obj.events.select_related("recorded_by")
        return format_html("<ol>{}</ol>", format_html_join(
            "", "<li>{} {}: {} {} {}</li>",
            ((f"{e.recorded_at:%Y-%m-%d %H.%M}", e.recorded_by or "–", e.get_kind_display(), e.description,
              f"({e.from_value} → {e.to_value})" if e.from_value or e.to_value else "") for e in events),
        ))

    def has_change_permission(self, request, obj=None):
        # Signed minutes are the official record: shown, never changed.
        return super().has_change_permission(request, obj) and not (obj is not None and obj.is_signed)

    def has_delete_permission(self, request, obj=None):
        # A meeting is part of the record from the moment it is scheduled.
        return False

    def save_model(self, request, obj, form, change):
        if change:
            update_meeting(obj, starts_at=obj.starts_at, ends_at=obj.ends_at, place=obj.place, kept_at=obj.kept_at,
                           by=request.user)
        else:
            obj.pk = schedule_meeting(obj.body, on=obj.date, starts_at=obj.starts_at, place=obj.place,
                                      by=request.user).pk


@admin.register(MeetingEvent)
class MeetingEventAdmin(ReadOnlyAdmin):
    list_select_related = ["meeting__body", "recorded_by"]
    list_display = ["recorded_at", "meeting", "kind", "description", "recorded_by"]
    list_filter = ["kind", "meeting__body"]
    search_fields = ["description", "from_value", "to_value"]
    exclude = ["sentences"]  # the record as kept, in Swedish; its sentences serve the pages in other languages
