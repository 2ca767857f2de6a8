from django.contrib import admin

from lib.admin import ReadOnlyAdmin
from referrals.models import Referral, ReferralResponse


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ["motion", "body", "sent_on", "due_on", "extended_due_on", "status"]
    list_filter = ["status", "body"]
    search_fields = ["motion__case_number", "motion__title"]


@admin.register(ReferralResponse)
class ReferralResponseAdmin(ReadOnlyAdmin):
    list_display = ["referral", "decided_on", "paragraph", "body_case_number"]
