from django.urls import path

from . import views, views_staff

app_name = "training"
urlpatterns = [
    path("", views.courses, name="courses"),
    path("manage/", views_staff.manage, name="manage"),
    path("courses/new/", views_staff.course_new, name="course-new"),
    path("courses/<int:pk>/", views.course_detail, name="course"),
    path("courses/<int:pk>/edit/", views_staff.course_edit, name="course-edit"),
    path("courses/<int:pk>/sessions/new/", views_staff.session_new, name="session-new"),
    path("sessions/<int:pk>/edit/", views_staff.session_edit, name="session-edit"),
    path("sessions/<int:pk>/register/", views.register, name="register"),
    path("sessions/<int:pk>/register-caller/", views_staff.register_caller, name="register-caller"),
    path("sessions/<int:pk>/attendees/", views_staff.attendees, name="attendees"),
    path(
        "sessions/<int:pk>/attendees/<int:registration_pk>/cancel/", views_staff.attendee_cancel, name="attendee-cancel"
    ),
    path("sessions/<int:pk>/attendance/", views_staff.attendance, name="attendance"),
    path("sessions/<int:pk>/results/", views.results, name="results"),
    path("me/<str:token>/", views.mine, name="mine"),
    path("me/<str:token>/cancel/", views.cancel, name="cancel"),
    path("me/<str:token>/questionnaire/", views.questionnaire, name="questionnaire"),
]
