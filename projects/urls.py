from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="list"),
    path("ny/", views.ProjectCreateView.as_view(), name="create"),
    path("sammenlign/", views.ComparisonView.as_view(), name="compare"),
    path("<int:pk>/", views.ProjectSectionView.as_view(section="overview"), name="detail"),
    path(
        "<int:pk>/beskrivelse/", views.ProjectSectionView.as_view(section="description"), name="description"
    ),
    path("<int:pk>/mal/", views.ProjectSectionView.as_view(section="goals"), name="goals"),
    path("<int:pk>/risiko/", views.ProjectSectionView.as_view(section="risks"), name="risks"),
    path("<int:pk>/roller/", views.ProjectSectionView.as_view(section="roles"), name="roles"),
    path("<int:pk>/kull/", views.ProjectSectionView.as_view(section="cohorts"), name="cohorts"),
    path("<int:pk>/deltakere/", views.ProjectSectionView.as_view(section="enrolments"), name="enrolments"),
    path("<int:pk>/deltakere/ny/", views.EnrolmentCreateView.as_view(), name="enrolment_create"),
    path(
        "<int:pk>/deltakere/<int:row>/neste-fase/",
        views.EnrolmentStepView.as_view(step="advance"),
        name="enrolment_advance",
    ),
    path(
        "<int:pk>/deltakere/<int:row>/avslutt/",
        views.EnrolmentStepView.as_view(step="exit"),
        name="enrolment_exit",
    ),
    path("<int:pk>/resultater/", views.ProjectSectionView.as_view(section="outcomes"), name="outcomes"),
    path("<int:pk>/endre/", views.ProjectUpdateView.as_view(), name="update"),
    path("<int:pk>/kopier/", views.ProjectCopyView.as_view(), name="copy"),
    path("<int:pk>/faser/ny/", views.PhaseCreateView.as_view(), name="phase_create"),
    path("<int:pk>/oppfolging/ny/", views.FollowUpTemplateCreateView.as_view(), name="follow_up_create"),
    path("<int:pk>/mal/ny/", views.GoalCreateView.as_view(), name="goal_create"),
    path("<int:pk>/mal/<int:row>/endre/", views.GoalUpdateView.as_view(), name="goal_update"),
    path("<int:pk>/risiko/ny/", views.RiskCreateView.as_view(), name="risk_create"),
    path("<int:pk>/risiko/<int:row>/endre/", views.RiskUpdateView.as_view(), name="risk_update"),
    path("<int:pk>/roller/ny/", views.RoleTaskCreateView.as_view(), name="role_task_create"),
    path("<int:pk>/resultater/ny/", views.OutcomeRecordCreateView.as_view(), name="outcome_create"),
    path("<int:pk>/forankring/ny/", views.AnchoringCreateView.as_view(), name="anchoring_create"),
    path("<int:pk>/dokumenter/ny/", views.DocumentCreateView.as_view(), name="document_create"),
    path("<int:pk>/kull/ny/", views.CohortCreateView.as_view(), name="cohort_create"),
]
