from django.contrib import admin

from organisation.models import Body, LayoutChange, Meeting, Municipality, Party, Person


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


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["body", "date", "place"]
    list_filter = ["body"]
    date_hierarchy = "date"

    # Signing is a step of its own (the meeting page), never an edit.
    SIGNING = ["signed_on", "posted_on", "appeal_until", "notice_removed_on"]

    def get_readonly_fields(self, request, obj=None):
        # Paragraphs are numbered per body and year: once the meeting has
        # any, moving it to another body or year would break the numbering.
        if obj is not None and (obj.items.exists() or obj.agenda.exists()):
            return ["body", "date", *self.SIGNING]
        return self.SIGNING

    def has_change_permission(self, request, obj=None):
        # Signed minutes are the official record: shown, never changed.
        return super().has_change_permission(request, obj) and not (obj is not None and obj.is_signed)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.is_signed)
