from django.urls import path

from . import views

app_name = "employers"

urlpatterns = [
    path("arbeidsgivere/", views.EmployerListView.as_view(), name="employer_list"),
    path("arbeidsgivere/eksport/", views.EmployerExportView.as_view(), name="employer_export"),
    path("arbeidsgivere/ny/", views.EmployerCreateView.as_view(), name="employer_create"),
    path("arbeidsgivere/uten-kontakt/", views.NoContactListView.as_view(), name="no_contact"),
    path("arbeidsgivere/kontaktlogg/", views.ContactLogListView.as_view(), name="contact_log"),
    path("arbeidsgivere/import/", views.ImportCreateView.as_view(), name="import_create"),
    path("arbeidsgivere/import/<int:pk>/", views.ImportDetailView.as_view(), name="import_detail"),
    path(
        "arbeidsgivere/import/<int:pk>/feil.csv", views.ImportErrorsExportView.as_view(), name="import_errors"
    ),
    path("behov/", views.NeedListView.as_view(), name="need_list"),
    path("behov/eksport/", views.NeedExportView.as_view(), name="need_export"),
    path("behov/<int:pk>/", views.NeedDetailView.as_view(), name="need_detail"),
    path("behov/<int:pk>/endre/", views.NeedUpdateView.as_view(), name="need_update"),
    path("behov/<int:pk>/status/<str:to>/", views.NeedTransitionView.as_view(), name="need_transition"),
    path("arbeidsgivere/nettverk/", views.NetworkListView.as_view(), name="network_list"),
    path("arbeidsgivere/nettverk/ny/", views.NetworkCreateView.as_view(), name="network_create"),
    path("arbeidsgivere/nettverk/<int:pk>/", views.NetworkDetailView.as_view(), name="network_detail"),
    path("arbeidsgivere/nettverk/<int:pk>/endre/", views.NetworkUpdateView.as_view(), name="network_update"),
    path(
        "arbeidsgivere/nettverk/<int:pk>/mote/",
        views.NetworkMeetingCreateView.as_view(),
        name="network_meeting_create",
    ),
    path("arbeidsgivere/<int:pk>/", views.EmployerDetailView.as_view(), name="employer_detail"),
    path("arbeidsgivere/<int:pk>/endre/", views.EmployerUpdateView.as_view(), name="employer_update"),
    path(
        "arbeidsgivere/<int:pk>/kontaktperson/",
        views.ContactPersonFormView.as_view(),
        name="contact_person_create",
    ),
    path(
        "arbeidsgivere/<int:pk>/kontaktperson/<int:person_pk>/",
        views.ContactPersonFormView.as_view(),
        name="contact_person_update",
    ),
    path(
        "arbeidsgivere/<int:pk>/kontaktperson/<int:person_pk>/slett/",
        views.ContactPersonDeleteView.as_view(),
        name="contact_person_delete",
    ),
    path("arbeidsgivere/<int:pk>/kontakt/", views.ContactLogCreateView.as_view(), name="contact_log_create"),
    path("arbeidsgivere/<int:pk>/behov/ny/", views.NeedCreateView.as_view(), name="need_create"),
]
