from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("varsler/", views.NotificationListView.as_view(), name="notifications"),
    path("varsler/les/", views.NotificationsMarkReadView.as_view(), name="notifications_mark_read"),
    path("tilgjengelighet/", views.AccessibilityStatementView.as_view(), name="accessibility"),
]
