from django.contrib import admin

from organisation.models import Body, Meeting, Municipality, Party, Person


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "case_prefix"]


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
