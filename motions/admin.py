from django.contrib import admin

from lib.admin import ReadOnlyAdmin
from motions.models import Motion, MotionEvent


class MotionEventInline(admin.TabularInline):
    model = MotionEvent
    extra = 0
    can_delete = False
    # The record as kept, in Swedish (its sentences serve the pages in other languages).
    exclude = ["sentences"]
    readonly_fields = [f.name for f in MotionEvent._meta.fields if f.name != "sentences"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Motion)
class MotionAdmin(ReadOnlyAdmin):
    list_display = ["case_number", "title", "status", "filed_on"]
    list_filter = ["status"]
    search_fields = ["case_number", "title"]
    inlines = [MotionEventInline]
