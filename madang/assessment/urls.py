from django.urls import path

from . import views, views_data, views_plans

app_name = "assessment"
urlpatterns = [
    path("", views.home, name="home"),
    path("review/", views_data.review, name="review"),
    path("network/", views.network_view, name="network"),
    path("frameworks/new/", views_data.framework_new, name="framework-new"),
    path("plans/", views_plans.plans, name="plans"),
    path("plans/new/", views_plans.plan_new, name="plan-new"),
    path("plans/<int:pk>/", views_plans.plan_detail, name="plan"),
    path("plans/<int:pk>/edit/", views_plans.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/add/<str:part>/", views_plans.plan_add, name="plan-add"),
    path("<slug:slug>/", views.framework_detail, name="framework"),
    path("<slug:slug>/edit/", views_data.framework_edit, name="framework-edit"),
    path("<slug:slug>/publish/", views_data.framework_publish, name="framework-publish"),
    path("<slug:slug>/copy/", views_data.framework_copy, name="framework-copy"),
    path("<slug:slug>/submit/", views_data.submit, name="submit"),
    path("<slug:slug>/self-assessment/", views_data.self_assess, name="self-assess"),
    path("<slug:slug>/benchmark/", views.benchmark_view, name="benchmark"),
    path("<slug:slug>/places/<slug:place>/", views.place_detail, name="place"),
    path("<slug:slug>/places/<slug:place>/gaps/", views.gaps, name="gaps"),
    path("<slug:slug>/places/<slug:place>/gaps/need/", views.gap_need, name="gap-need"),
]
