from django.urls import path

from . import views

app_name = "conversations"
urlpatterns = [
    path("matches/<int:pk>/conversation/", views.conversation, name="match"),
    path("matches/<int:pk>/conversation/contacts/", views.consent, name="consent"),
    path("messages/attachments/<int:pk>/", views.attachment, name="attachment"),
    path("messages/<int:pk>/report/", views.report, name="report"),
    path("messages/<int:pk>/hide/", views.hide, name="hide"),
    path("messages/reported/", views.reports, name="reports"),
]
