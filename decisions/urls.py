from django.urls import path

from decisions import views

app_name = "decisions"
urlpatterns = [
    path("paragrafer/<int:item_id>/protokollsutdrag.pdf", views.extract, name="extract"),
    path("paragrafer/<int:item_id>/overklagande/", views.appeal, name="appeal"),
    path("arenden/<case_number:case_number>/forslag-till-beslut/", views.draft_decision, name="draft"),
    path("arenden/<case_number:case_number>/protokollfor/", views.minute_item, name="minute_item"),
    path("arenden/<case_number:case_number>/foredragningslista/", views.agenda, name="agenda"),
    path("sammantraden/", views.meetings, name="meetings"),
    path("sammantraden/<int:meeting_id>/", views.meeting, name="meeting"),
    path("sammantraden/<int:meeting_id>/uppgifter/", views.meeting_details, name="meeting_details"),
    path("sammantraden/<int:meeting_id>/narvaro/", views.attendance, name="attendance"),
    path("sammantraden/<int:meeting_id>/punkter/ny/", views.other_matter, name="other_matter"),
    path("sammantraden/<int:meeting_id>/punkter/arende/", views.add_case, name="add_case"),
    path("sammantraden/<int:meeting_id>/punkter/<int:agenda_item_id>/", views.agenda_item, name="agenda_item"),
    path("sammantraden/<int:meeting_id>/punkter/<int:agenda_item_id>/protokollfor/", views.other_minute,
         name="other_minute"),
    path("sammantraden/<int:meeting_id>/numrera/", views.number, name="number"),
    path("sammantraden/<int:meeting_id>/justera/", views.sign, name="sign"),
    path("sammantraden/<int:meeting_id>/protokoll/", views.render_minutes, name="render"),
    path("sammantraden/<int:meeting_id>/protokoll/status/", views.render_status, name="render_status"),
    path("sammantraden/<int:meeting_id>/protokoll.pdf", views.protocol_pdf, name="protocol_pdf"),
    path("sammantraden/<int:meeting_id>/anslag.pdf", views.notice_pdf, name="notice_pdf"),
]
