from django.urls import path

from publication import views

app_name = "publication"
urlpatterns = [
    path("publicering/", views.queue, name="queue"),
    path("publicering/regler/", views.rules, name="rules"),
    path("publicering/<slug:model>/<id:document_id>/", views.document, name="document"),
    path("publicering/<slug:model>/<id:document_id>/fil/", views.file, name="file"),
]
