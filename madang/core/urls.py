from django.urls import path

from . import health, views, views_imports, views_jobs, views_networks, views_workspace

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    # Browsers ask for /favicon.ico whatever the page links; answer with the one icon instead of a logged 404.
    path("favicon.ico", views.favicon),
    path("display/", views.display_settings, name="display"),
    path("workspace/", views_workspace.workspace, name="workspace"),
    path("jobs/", views_jobs.jobs, name="jobs"),
    path("imports/<uuid:pk>/", views_imports.import_run, name="import-run"),
    path("health/", health.health, name="health"),
    path("cities/", views.city_list, name="cities"),
    path("cities/<slug:slug>/", views.city_detail, name="city"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/export.csv", views.organisations_export, name="organisations-export"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("networks/", views.network_list, name="networks"),
    path("networks/<slug:slug>/", views.network_detail, name="network"),
    path("networks/<slug:slug>/members/", views_networks.network_members, name="network-members"),
    path("networks/<slug:slug>/join/", views_networks.network_join, name="network-join"),
    path("network-requests/<int:pk>/", views_networks.membership_request, name="membership-request"),
]
