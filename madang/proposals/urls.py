from django.urls import path

from . import views

app_name = "proposals"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("needs/<int:pk>/", views.need_proposals, name="need"),
    path("needs/<int:pk>/new/", views.proposal_new, name="new"),
    path("needs/<int:pk>/compare/", views.compare, name="compare"),
    path("needs/<int:pk>/evaluators/", views.evaluators, name="evaluators"),
    path("needs/<int:pk>/weights/", views.weights, name="weights"),
    path("needs/<int:pk>/release/", views.release, name="release"),
    path("evaluators/<int:pk>/remove/", views.evaluator_remove, name="evaluator-remove"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("<int:pk>/submit/", views.proposal_submit, name="submit"),
    path("<int:pk>/withdraw/", views.proposal_withdraw, name="withdraw"),
    path("<int:pk>/documents/<int:doc>/", views.document, name="document"),
    path("<int:pk>/documents/<int:doc>/delete/", views.document_delete, name="document-delete"),
    path("<int:pk>/score/", views.score, name="score"),
    path("<int:pk>/conflict/", views.conflict, name="conflict"),
    path("<int:pk>/shortlist/", views.proposal_shortlist, name="shortlist"),
    path("<int:pk>/pilot/", views.proposal_start_pilot, name="start-pilot"),
]
