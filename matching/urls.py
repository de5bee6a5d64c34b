from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("behov/<int:pk>/rangering/", views.NeedRankingView.as_view(), name="need_ranking"),
    path("behov/<int:pk>/kandidatliste/", views.CandidateListView.as_view(), name="list"),
    path("behov/<int:pk>/kandidatliste/foresla/", views.ProposeView.as_view(), name="propose"),
    path("behov/<int:pk>/kandidatliste/del/", views.ShareCreateView.as_view(), name="share"),
    path("kandidatliste/oppforing/<int:pk>/", views.EntryStatusView.as_view(), name="entry_status"),
    path("kandidatliste/lenke/<int:pk>/trekk/", views.ShareRevokeView.as_view(), name="share_revoke"),
    path(
        "kandidater/<int:pk>/forslag/", views.CandidateSuggestionsView.as_view(), name="candidate_suggestions"
    ),
    path("delt/kandidatliste/<str:token>/", views.SharedListView.as_view(), name="shared_list"),
]
