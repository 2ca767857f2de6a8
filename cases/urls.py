from django.urls import path, register_converter

from cases import views
from motions.models import CASE_NUMBER_PATTERN


class CaseNumberConverter:
    """Case numbers as the registry writes them: "KS-2021/345"."""

    regex = CASE_NUMBER_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(CaseNumberConverter, "case_number")

app_name = "cases"
urlpatterns = [
    path("", views.case_index, name="index"),
    path("arenden/<case_number:case_number>/", views.case_page, name="detail"),
]
