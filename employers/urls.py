from django.urls import path

from . import views

app_name = "employers"

urlpatterns = [
    path("", views.EmployerListView.as_view(), name="employer_list"),
    path("eksport/", views.EmployerExportView.as_view(), name="employer_export"),
    path("ny/", views.EmployerCreateView.as_view(), name="employer_create"),
    path("uten-kontakt/", views.NoContactListView.as_view(), name="no_contact"),
    path("kontaktlogg/", views.ContactLogListView.as_view(), name="contact_log"),
    path("import/", views.ImportCreateView.as_view(), name="import_create"),
    path("import/<int:pk>/", views.ImportDetailView.as_view(), name="import_detail"),
    path("behov/", views.NeedListView.as_view(), name="need_list"),
    path("behov/eksport/", views.NeedExportView.as_view(), name="need_export"),
    path("behov/<int:pk>/", views.NeedDetailView.as_view(), name="need_detail"),
    path("behov/<int:pk>/endre/", views.NeedUpdateView.as_view(), name="need_update"),
    path("behov/<int:pk>/status/<str:to>/", views.NeedTransitionView.as_view(), name="need_transition"),
    path("nettverk/", views.NetworkListView.as_view(), name="network_list"),
    path("nettverk/ny/", views.NetworkCreateView.as_view(), name="network_create"),
    path("nettverk/<int:pk>/", views.NetworkDetailView.as_view(), name="network_detail"),
    path("nettverk/<int:pk>/endre/", views.NetworkUpdateView.as_view(), name="network_update"),
    path("nettverk/<int:pk>/mote/", views.NetworkMeetingCreateView.as_view(), name="network_meeting_create"),
    path("<int:pk>/", views.EmployerDetailView.as_view(), name="employer_detail"),
    path("<int:pk>/endre/", views.EmployerUpdateView.as_view(), name="employer_update"),
    path("<int:pk>/kontaktperson/", views.ContactPersonCreateView.as_view(), name="contact_person_create"),
    path(
        "<int:pk>/kontaktperson/<int:person_pk>/slett/",
        views.ContactPersonDeleteView.as_view(),
        name="contact_person_delete",
    ),
    path("<int:pk>/kontakt/", views.ContactLogCreateView.as_view(), name="contact_log_create"),
    path("<int:pk>/behov/ny/", views.NeedCreateView.as_view(), name="need_create"),
]
