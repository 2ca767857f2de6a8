from django.urls import path

from decisions import views

app_name = "decisions"
urlpatterns = [
    path("paragrafer/<int:item_id>/protokollsutdrag.pdf", views.extract, name="extract"),
    path("arenden/<case_number:case_number>/forslag-till-beslut/", views.draft_decision, name="draft"),
    path("arenden/<case_number:case_number>/protokollfor/", views.minute_item, name="minute_item"),
    path("arenden/<case_number:case_number>/foredragningslista/", views.agenda, name="agenda"),
]
