from django.urls import path

from . import views, views_lists

app_name = "matching"
urlpatterns = [
    path("needs/", views_lists.needs, name="needs"),
    path("needs/export.csv", views_lists.needs_export, name="needs-export"),
    path("needs/new/", views.need_new, name="need-new"),
    path("needs/<int:pk>/", views.need_detail, name="need"),
    path("needs/<int:pk>/edit/", views.need_edit, name="need-edit"),
    path("needs/<int:need_pk>/matches/<int:solution_pk>/", views.match_action, name="match-action"),
    path("solutions/", views_lists.solutions, name="solutions"),
    path("solutions/export.csv", views_lists.solutions_export, name="solutions-export"),
    path("solutions/follows/", views.follows_update, name="follows"),
    path("solutions/new/", views.solution_new, name="solution-new"),
    path("solutions/<int:pk>/", views.solution_detail, name="solution"),
    path("solutions/<int:pk>/edit/", views.solution_edit, name="solution-edit"),
]
