from django.urls import path

from . import views

app_name = "placements"

urlpatterns = [
    path("", views.MineView.as_view(), name="mine"),
    path("uten-ansvarlig/", views.UnownedView.as_view(), name="unowned"),
    path("<int:pk>/", views.PlacementDetailView.as_view(), name="detail"),
]
