from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from madang.api.api import api

urlpatterns = [
    path("", include("madang.core.urls")),
    path("initiatives/", include("madang.catalogue.urls")),
    path("accounts/", include("madang.accounts.urls")),
    path("", include("madang.matching.urls")),
    path("", include("madang.conversations.urls")),
    path("pilots/", include("madang.pilots.urls")),
    path("proposals/", include("madang.proposals.urls")),
    path("questionnaires/", include("madang.surveys.urls")),
    path("assessment/", include("madang.assessment.urls")),
    path("inclusion/", include("madang.inclusion.urls")),
    path("training/", include("madang.training.urls")),
    path("", include("madang.notifications.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
handler404 = "madang.core.errors.not_found"
handler403 = "madang.core.errors.forbidden"
handler500 = "madang.core.errors.server_error"
