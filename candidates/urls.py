from django.urls import path

from . import views

app_name = "candidates"

urlpatterns = [
    path("", views.CandidateListView.as_view(), name="list"),
    path("eksport.csv", views.CandidateExportView.as_view(), name="export"),
    path("ny/", views.CandidateCreateView.as_view(), name="create"),
    path("<int:pk>/", views.CandidateDetailView.as_view(), name="detail"),
    path("<int:pk>/endre/", views.CandidateUpdateView.as_view(), name="edit"),
    path("<int:pk>/profil/", views.ProfileUpdateView.as_view(), name="profile_edit"),
    path("<int:pk>/tilrettelegging/", views.FacilitationUpdateView.as_view(), name="facilitation_edit"),
    path("<int:pk>/oppfolging/", views.FollowUpTransitionView.as_view(), name="follow_up"),
    path("<int:pk>/samtykke/ny/", views.ConsentCreateView.as_view(), name="consent_create"),
    path(
        "<int:pk>/samtykke/<int:consent_pk>/trekk/", views.ConsentRevokeView.as_view(), name="consent_revoke"
    ),
    path("profiler/", views.ProfileListView.as_view(), name="profiles"),
    path("profiler/eksport.csv", views.ProfileExportView.as_view(), name="profile_export"),
    path("profiler/<str:code>/", views.ProfileDetailView.as_view(), name="profile_detail"),
    # The leaders' statistics moved to the dashboards (issue 15); the old address still works.
    path("statistikk/", views.StatisticsView.as_view(), name="statistics"),
    path("tilgangslogg/", views.AccessLogView.as_view(), name="access_log"),
    path("overforinger/", views.TransferListView.as_view(), name="transfers"),
    path("overforinger/ny/", views.TransferRequestCreateView.as_view(), name="transfer_request"),
    path("overforinger/<int:pk>/<str:action>/", views.TransferDecideView.as_view(), name="transfer_decide"),
]
