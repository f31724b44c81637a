from django.urls import path

from . import views, views_panel

app_name = "pilots"
urlpatterns = [
    path("", views.pilots, name="list"),
    path("export.csv", views.pilots_export, name="export"),
    path("new/", views.pilot_new, name="new"),
    path("<int:pk>/", views.pilot_detail, name="detail"),
    path("<int:pk>/edit/", views.pilot_edit, name="edit"),
    path("<int:pk>/tasks/", views.task_add, name="task-add"),
    path("<int:pk>/tasks/<int:task_pk>/delete/", views.task_delete, name="task-delete"),
    path("<int:pk>/criteria/", views.criterion_add, name="criterion-add"),
    path("<int:pk>/criteria/<int:criterion_pk>/delete/", views.criterion_delete, name="criterion-delete"),
    path("<int:pk>/sites/new/", views.site_new, name="site-new"),
    path("<int:pk>/advance/", views.advance, name="advance"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/changes/", views.change_add, name="change-add"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report.csv", views.report_csv_download, name="report-csv"),
    path("<int:pk>/sessions.csv", views.sessions_csv_download, name="sessions-csv"),
    path("<int:pk>/report.pdf", views.report_pdf_download, name="report-pdf"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/to-catalogue/", views.to_catalogue, name="to-catalogue"),
    path("<int:pk>/join/", views_panel.join, name="join"),
    path("me/<str:token>/", views_panel.participation, name="participation"),
    path("me/<str:token>/leave/", views_panel.leave, name="leave"),
    path("<int:pk>/testers/", views_panel.panel, name="panel"),
    path("<int:pk>/testers/new/", views_panel.tester_new, name="tester-new"),
    path("<int:pk>/testers/<int:tester_pk>/withdraw/", views_panel.tester_withdraw, name="tester-withdraw"),
    path("<int:pk>/testers/<int:tester_pk>/session/", views_panel.session_start, name="session-start"),
    path("sessions/<int:draft_pk>/", views_panel.session, name="session"),
    path("sessions/<int:draft_pk>/<int:step>/", views_panel.session, name="session-step"),
]
