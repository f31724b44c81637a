from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_new, name="new"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/copy/", views.survey_copy, name="copy"),
    path("<int:pk>/questions/new/", views.question_edit, name="question-new"),
    path("<int:pk>/questions/<int:question_pk>/", views.question_edit, name="question-edit"),
    path("<int:pk>/questions/<int:question_pk>/delete/", views.question_delete, name="question-delete"),
    path("<int:pk>/questions/<int:question_pk>/move/", views.question_move, name="question-move"),
]
