from django.contrib import admin

from motions.models import Motion, MotionEvent


class MotionEventInline(admin.TabularInline):
    model = MotionEvent
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in MotionEvent._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Motion)
class MotionAdmin(admin.ModelAdmin):
    """Read-only: every change to a case goes through its service functions,
    which keep the status and the timeline consistent."""

    list_display = ["case_number", "title", "status", "filed_on"]
    list_filter = ["status"]
    search_fields = ["case_number", "title"]
    inlines = [MotionEventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
