from django.urls import path

from stats import views

app_name = "stats"
urlpatterns = [
    path("statistik/", views.statistics, name="index"),
]
