from django.urls import path

from wsr.accounts import role_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor_view, name="two_factor"),
    path("two-factor/enrol/", views.two_factor_enrol_view, name="two_factor_enrol"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("role-grants/", role_views.role_grant_list, name="role_grants"),
    path(
        "role-grants/<str:grant_id>/confirm/",
        role_views.role_grant_decide,
        {"decision": "confirm"},
        name="role_grant_confirm",
    ),
    path(
        "role-grants/<str:grant_id>/refuse/",
        role_views.role_grant_decide,
        {"decision": "refuse"},
        name="role_grant_refuse",
    ),
    path("password-reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
