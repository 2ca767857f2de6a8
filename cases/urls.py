from django.urls import path

from cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_index, name="index"),
    path("arenden/<case_number:case_number>/", views.case_page, name="detail"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
]
