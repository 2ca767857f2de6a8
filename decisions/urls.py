from django.urls import path

from decisions.views import case_steps, documents, meeting_plan, meetings, paragraphs

app_name = "decisions"
urlpatterns = [
    path("paragrafer/<int:item_id>/protokollsutdrag.pdf", documents.extract, name="extract"),
    path("paragrafer/<int:item_id>/overklagande/", meetings.appeal, name="appeal"),
    path("arenden/<case_number:case_number>/forslag-till-beslut/", case_steps.draft_decision, name="draft"),
    path("arenden/<case_number:case_number>/protokollfor/", case_steps.minute_item, name="minute_item"),
    path("arenden/<case_number:case_number>/foredragningslista/", case_steps.agenda, name="agenda"),
    path("sammantraden/", meetings.meetings, name="meetings"),
    path("sammantraden/plan/", meeting_plan.meeting_plan, name="meeting_plan"),
    path("sammantraden/<int:meeting_id>/", meetings.meeting, name="meeting"),
    path("sammantraden/<int:meeting_id>/ta-bort/", meeting_plan.remove_meeting, name="remove_meeting"),
    path("sammantraden/<int:meeting_id>/uppgifter/", meetings.meeting_details, name="meeting_details"),
    path("sammantraden/<int:meeting_id>/narvaro/", meetings.attendance, name="attendance"),
    path("sammantraden/<int:meeting_id>/punkter/ny/", meetings.other_matter, name="other_matter"),
    path("sammantraden/<int:meeting_id>/punkter/arende/", meetings.add_case, name="add_case"),
    path("sammantraden/<int:meeting_id>/punkter/<int:agenda_item_id>/", meetings.agenda_item, name="agenda_item"),
    path("sammantraden/<int:meeting_id>/punkter/<int:agenda_item_id>/protokollfor/", meetings.other_minute,
         name="other_minute"),
    path("sammantraden/<int:meeting_id>/paragraf/<int:item_id>/forlopp/", paragraphs.paragraph_record,
         name="paragraph_record"),
    path("sammantraden/<int:meeting_id>/anmalan/", meetings.file_motions, name="file_motions"),
    path("sammantraden/<int:meeting_id>/numrera/", meetings.number, name="number"),
    path("sammantraden/<int:meeting_id>/justera/", meetings.sign, name="sign"),
    path("sammantraden/<int:meeting_id>/protokoll/", documents.render_minutes, name="render"),
    path("sammantraden/<int:meeting_id>/protokoll/status/", documents.render_status, name="render_status"),
    path("sammantraden/<int:meeting_id>/protokoll.pdf", documents.protocol_pdf, name="protocol_pdf"),
    path("sammantraden/<int:meeting_id>/anslag.pdf", documents.notice_pdf, name="notice_pdf"),
]
