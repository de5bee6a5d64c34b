from django.urls import path

from . import views

app_name = "jobfairs"

urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("ny/", views.EventCreateView.as_view(), name="create"),
    path("<int:pk>/", views.EventDetailView.as_view(), name="detail"),
    path("<int:pk>/endre/", views.EventUpdateView.as_view(), name="update"),
    path("<int:pk>/kopier/", views.EventCopyView.as_view(), name="copy"),
    path(
        "<int:pk>/status/<str:to>/",
        views.EventTransitionView.as_view(),
        name="transition",
    ),
    path("<int:pk>/arbeidsgivere/ny/", views.EmployerAddView.as_view(), name="employer_add"),
    path("<int:pk>/rotasjon/", views.RotationView.as_view(), name="rotation"),
    path("<int:pk>/rotasjon/utskrift/", views.RotationPrintView.as_view(), name="print_rotation"),
    path("<int:pk>/grupper/", views.GroupsView.as_view(), name="groups"),
    path("<int:pk>/dropin/", views.DropInView.as_view(), name="dropin"),
    path("<int:pk>/book/", views.BookView.as_view(), name="book"),
    path("<int:pk>/utskrift/mine/", views.PrintCounsellorView.as_view(), name="print_counsellor"),
    path("<int:pk>/utskrift/kjoreplan/", views.RunSheetView.as_view(), name="run_sheet"),
    path(
        "<int:pk>/arbeidsgivere/<int:row>/utskrift/", views.PrintEmployerView.as_view(), name="print_employer"
    ),
    path("<int:pk>/arbeidsgivere/<int:row>/lenke/", views.FeedbackLinkView.as_view(), name="feedback_link"),
    path("booking/<int:pk>/", views.BookingView.as_view(), name="booking"),
    path("booking/<int:pk>/avbestill/", views.BookingCancelView.as_view(), name="booking_cancel"),
    path("venteliste/<int:pk>/", views.OfferView.as_view(), name="offer"),
    path("delt/tilbakemelding/<str:token>/", views.SharedFeedbackView.as_view(), name="shared_feedback"),
]
