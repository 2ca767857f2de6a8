from django.contrib import admin

from lib.admin import ReadOnlyAdmin
from reminders.models import Follow, Notice, Report


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["kind", "key", "recipient", "planned_at", "sent_at", "closed_at", "problem", "attempts"]
    list_filter = ["kind", "sent_at", "closed_at"]
    search_fields = ["key", "recipient__username", "recipient__email"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "motion", "created_at"]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["as_of", "pdf", "created_at"]
