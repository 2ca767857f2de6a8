"""The OParl API's addresses, under /oparl/ (config/urls.py). They are the objects' ids: never
changed once given. public.oparl.common.Links writes them out; a test holds the two together."""

from django.urls import path

from public.oparl import views

app_name = "oparl"
urlpatterns = [
    path("", views.system, name="system"),
    path("bodies/", views.bodies, name="bodies"),
    path("dcat.rdf", views.catalogue, name="catalogue"),
    path("body/<id:organisation_id>/", views.body, name="body"),
    path("body/<id:organisation_id>/organizations/", views.body_organizations, name="body_organizations"),
    path("body/<id:organisation_id>/people/", views.body_people, name="body_people"),
    path("body/<id:organisation_id>/memberships/", views.body_memberships, name="body_memberships"),
    path("body/<id:organisation_id>/legislative-terms/", views.body_legislative_terms,
         name="body_legislative_terms"),
    path("body/<id:organisation_id>/meetings/", views.body_meetings, name="body_meetings"),
    path("body/<id:organisation_id>/agenda-items/", views.body_agenda_items, name="body_agenda_items"),
    path("body/<id:organisation_id>/papers/", views.body_papers, name="body_papers"),
    path("body/<id:organisation_id>/consultations/", views.body_consultations, name="body_consultations"),
    path("body/<id:organisation_id>/files/", views.body_files, name="body_files"),
    path("body/<id:organisation_id>/dump.jsonl.gz", views.body_dump, name="body_dump"),
    path("legislative-term/<id:organisation_id>/<id:election_year>/", views.legislative_term_view,
         name="legislative_term"),
    path("organization/<id:body_id>/", views.organization, name="organization"),
    path("organization/<id:body_id>/meetings/", views.organization_meetings, name="organization_meetings"),
    path("organization/<id:body_id>/consultations/", views.organization_consultations,
         name="organization_consultations"),
    path("person/<id:person_id>/", views.person, name="person"),
    path("membership/<id:membership_id>/", views.membership, name="membership"),
    path("meeting/<id:meeting_id>/", views.meeting, name="meeting"),
    path("agenda-item/<id:agenda_item_id>/", views.agenda_item, name="agenda_item"),
    path("paper/<id:motion_id>/", views.paper, name="paper"),
    path("consultation/referral/<id:referral_id>/", views.referral_consultation, name="referral_consultation"),
    path("consultation/paragraph/<id:item_id>/<id:motion_id>/", views.paragraph_consultation,
         name="paragraph_consultation"),
    path("file/document/<id:document_id>/", views.document_file, name="document_file"),
    path("file/minutes/<id:rendered_id>/", views.minutes_file, name="minutes_file"),
    # Last: any other address under /oparl/ is answered with OParl's error object.
    path("<path:rest>", views.not_found, name="not_found"),
]
