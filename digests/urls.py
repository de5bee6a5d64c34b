from django.urls import path

from . import views

app_name = "digests"

urlpatterns = [
    path("", views.PreferencesView.as_view(), name="preferences"),
    path("forhandsvisning/", views.PreviewView.as_view(), name="preview"),
    path("forhandsvisning/<int:pk>/html/", views.PreviewHtmlView.as_view(), name="preview_html"),
    path("avmeld/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
