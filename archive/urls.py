from django.urls import path

from archive import views

app_name = "archive"
urlpatterns = [
    # The file's name has no digit: a case number's second part has one (motions.case_numbers.URL_PATTERN).
    path("arenden/<case_number:case_number>/arkivpaket.zip", views.package, name="package"),
]
