from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("varsler/", views.NotificationListView.as_view(), name="notifications"),
    path("varsler/<int:pk>/", views.NotificationOpenView.as_view(), name="notification_open"),
    path("varsler/les/", views.NotificationsMarkReadView.as_view(), name="notifications_mark_read"),
    path("okt/forleng/", views.SessionKeepAliveView.as_view(), name="session_keepalive"),
    path("valg/<slug:name>/", views.LookupView.as_view(), name="lookup"),
    path("tilgjengelighet/", views.AccessibilityStatementView.as_view(), name="accessibility"),
]
