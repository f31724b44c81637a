from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import two_factor, views, views_joining, views_limits

app_name = "accounts"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("profile/", views.profile, name="profile"),
    path("verify-email/again/", views.verify_email_again, name="verify-email-again"),
    path("verify-email/<str:token>/", views.verify_email, name="verify-email"),
    path("limits/", views_limits.limits, name="limits"),
    path("join/", views_joining.join, name="join"),
    path("join/propose/", views_joining.propose, name="propose"),
    path("join/requests/", views_joining.join_requests, name="join-requests"),
    path("join/requests/<int:pk>/", views_joining.join_request, name="join-request"),
    path("organisations/<slug:slug>/people/", views_joining.members, name="members"),
    path("two-factor/", two_factor.manage, name="two_factor"),
    path("two-factor/verify/", two_factor.verify, name="two_factor_verify"),
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        views_limits.LimitedPasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/password_reset_email.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views_limits.UnlockingPasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
