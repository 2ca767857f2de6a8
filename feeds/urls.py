from django.urls import path

from feeds import views

app_name = "feeds"
urlpatterns = [
    # Atom: an organisation's (one installation serves many), a body's and a case's.
    path("flode/organisationer/<id:municipality_id>/motioner.atom", views.feed_view(views.OrganisationMotionsFeed),
         name="motions"),
    path("flode/organisationer/<id:municipality_id>/beslut.atom", views.feed_view(views.OrganisationDecisionsFeed),
         name="decisions"),
    path("flode/organisationer/<id:municipality_id>/protokoll.atom", views.feed_view(views.OrganisationMinutesFeed),
         name="minutes"),
    path("flode/organ/<id:body_id>/motioner.atom", views.feed_view(views.BodyMotionsFeed), name="body_motions"),
    path("flode/organ/<id:body_id>/beslut.atom", views.feed_view(views.BodyDecisionsFeed), name="body_decisions"),
    path("flode/organ/<id:body_id>/protokoll.atom", views.feed_view(views.BodyMinutesFeed), name="body_minutes"),
    # The file's name has no digit: a case number's second part has one (motions.case_numbers.URL_PATTERN).
    path("arenden/<case_number:case_number>/handelser.atom", views.feed_view(views.CaseFeed), name="case"),
    # iCalendar: the meetings.
    path("kalender/organisationer/<id:municipality_id>/sammantraden.ics", views.organisation_calendar,
         name="calendar"),
    path("kalender/organ/<id:body_id>/sammantraden.ics", views.body_calendar, name="body_calendar"),
]
