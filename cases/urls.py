from django.urls import path

from cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_index, name="index"),
    path("mina-arenden/", views.my_cases, name="mine"),
    path("mina-motioner/", views.my_motions, name="my_motions"),
    path("bevakade-arenden/", views.followed_cases, name="followed"),
    path("arenden/<case_number:case_number>/", views.case_page, name="detail"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
]
