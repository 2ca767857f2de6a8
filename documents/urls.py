from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("arenden/<case_number:case_number>/handlingar/ny/", views.add, name="add"),
    path("arenden/<case_number:case_number>/handlingar/<id:number>/", views.file, name="file"),
    path("arenden/<case_number:case_number>/handlingar/<id:number>/ersatt/", views.replace, name="replace"),
]
