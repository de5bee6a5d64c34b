from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="overview"),
    path("eksport/", views.ExportView.as_view(), name="export"),
]
