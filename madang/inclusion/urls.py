from django.urls import path

from . import views, views_log, views_plan

app_name = "inclusion"
urlpatterns = [
    path("", views.index, name="index"),
    path("log/", views_log.log_home, name="log"),
    path("log/start/", views_log.log_start, name="log-start"),
    path("log/<int:draft_pk>/", views_log.log_step, name="log-draft"),
    path("log/<int:draft_pk>/<int:step>/", views_log.log_step, name="log-step"),
    path("<slug:slug>/", views.city_map, name="map"),
    path("<slug:slug>/areas/<str:code>/", views.area_detail, name="area"),
    path("<slug:slug>/import/", views.data_import, name="import"),
    path("<slug:slug>/guides/", views_log.guides, name="guides"),
    path("<slug:slug>/guides/<int:guide_pk>/", views_log.guide_change, name="guide-change"),
    path("<slug:slug>/assists/", views_log.dashboard, name="dashboard"),
    path("<slug:slug>/assists/entries/", views_log.entries, name="entries"),
    path("<slug:slug>/planner/", views_plan.planner, name="planner"),
    path("<slug:slug>/plans/", views_plan.plans, name="plans"),
    path("<slug:slug>/plans/<int:pk>/", views_plan.plan_detail, name="plan"),
]
