from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read-all/", views.read_all, name="read-all"),
    path("inbox/<int:pk>/read/", views.read, name="read"),
    path("inbox/settings/", views.preferences, name="preferences"),
    path("follows/", views.follow, name="follow"),
    path("follows/<int:pk>/remove/", views.unfollow, name="unfollow"),
]
