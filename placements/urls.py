from django.urls import path

from . import views

app_name = "placements"

urlpatterns = [
    path("", views.MineView.as_view(), name="mine"),
    path("uten-ansvarlig/", views.UnownedView.as_view(), name="unowned"),
    path("ny/", views.PlacementCreateView.as_view(), name="create"),
    path("ny/mentor/", views.MentorGroupView.as_view(), name="mentor_group"),
    path("<int:pk>/", views.PlacementDetailView.as_view(), name="detail"),
    path("<int:pk>/endre/", views.PlacementEditView.as_view(), name="edit"),
    path("<int:pk>/plan/", views.PlanView.as_view(), name="plan"),
    path("<int:pk>/plan/avtalt/", views.AgreeView.as_view(), name="agree"),
    path("<int:pk>/oppstartsmote/", views.StartupScheduleView.as_view(), name="startup"),
    path("<int:pk>/klar/", views.ReadyView.as_view(), name="ready"),
    path("<int:pk>/start/", views.StartView.as_view(), name="start"),
    path("<int:pk>/avslutt/", views.EndView.as_view(), name="end"),
    path("<int:pk>/annuller/", views.CancelView.as_view(), name="cancel"),
    path("<int:pk>/sluttdato/", views.ChangeEndView.as_view(), name="change_end"),
    path("<int:pk>/oppfolging/", views.FollowUpAddView.as_view(), name="follow_up_add"),
    path("<int:pk>/oppfolging/<int:follow_up>/", views.FollowUpDoneView.as_view(), name="follow_up_done"),
    path("<int:pk>/mote/", views.MeetingView.as_view(), name="meeting"),
    path("<int:pk>/problem/", views.ProblemView.as_view(), name="problem"),
    path(
        "<int:pk>/problem/<int:problem>/svar/", views.ProblemResponseView.as_view(), name="problem_response"
    ),
    path("<int:pk>/rullering/", views.RotationView.as_view(), name="rotation"),
    path("<int:pk>/overlever/", views.HandoverView.as_view(), name="handover"),
]
