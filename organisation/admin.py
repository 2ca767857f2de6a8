from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from lib.admin import ReadOnlyAdmin
from lib.errors import DomainError
from organisation.models import Body, LayoutChange, Meeting, MeetingEvent, Municipality, Party, Person
from organisation.services import check_times, schedule_meeting, update_meeting


class LayoutChangeInline(admin.TabularInline):
    model = LayoutChange
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "case_prefix", "minute_layout"]
    inlines = [LayoutChangeInline]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "short_name"]


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["abbreviation", "name"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "party", "municipality"]
    list_filter = ["party", "municipality"]
    search_fields = ["name"]


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
