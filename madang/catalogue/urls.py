from django.urls import path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("", views.catalogue, name="list"),
    path("export.csv", views.catalogue_export, {"fmt": "csv"}, name="export-csv"),
    path("export.json", views.catalogue_export, {"fmt": "json"}, name="export-json"),
    path("new/", views.initiative_new, name="new"),
    path("import/", views.initiative_import, name="import"),
    path("<slug:slug>/", views.initiative_detail, name="detail"),
    path("<slug:slug>/edit/", views.initiative_edit, name="edit"),
    path("<slug:slug>/publish/", views.initiative_publish_view, name="publish"),
]
