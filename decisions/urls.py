from django.urls import path

from decisions import views

app_name = "decisions"
urlpatterns = [
    path("paragrafer/<int:item_id>/protokollsutdrag.pdf", views.extract, name="extract"),
]
