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
    path("tavle/", views.BoardView.as_view(), name="board"),
    path("tavle/ny/", views.BoardCaseCreateView.as_view(), name="board_case_create"),
    path("tavle/<int:pk>/", views.BoardCaseDetailView.as_view(), name="board_case"),
    path("tavle/<int:pk>/eskaler/", views.BoardEscalateView.as_view(), name="board_escalate"),
    path("tavle/<int:pk>/ta/", views.BoardTakeView.as_view(), name="board_take"),
    path("tavle/<int:pk>/foresla/", views.BoardProposeView.as_view(), name="board_propose"),
    path("tavle/<int:pk>/avslutt/", views.BoardCloseView.as_view(), name="board_close"),
    path("delt/kandidatliste/<str:token>/", views.SharedListView.as_view(), name="shared_list"),
]
