from django.urls import path

from reminders import views

app_name = "reminders"
urlpatterns = [
    path("arenden/<case_number:case_number>/bevaka/", views.follow, name="follow"),
    path("arenden/<case_number:case_number>/sluta-bevaka/", views.unfollow, name="unfollow_case"),
    path("bevakning/avsluta/<str:token>/", views.unfollow_by_link, name="unfollow"),
    path("rapporter/ej-fardigberedda-motioner/", views.report_page, name="report_page"),
    path("rapporter/ej-fardigberedda-motioner.pdf", views.report, name="report"),
    path("rapporter/ej-fardigberedda-motioner/<id:report_id>.pdf", views.stored_report, name="stored_report"),
    path("rapporter/ej-fardigberedda-motioner/<id:report_id>/", views.report_detail, name="report_detail"),
    path("rapporter/ej-fardigberedda-motioner/upprata/", views.draw_up_report, name="draw_up_report"),
]
