from django.http import HttpResponse
from django.views import View


class MineView(View):
    def get(self, request):
        return HttpResponse("")


class UnownedView(MineView):
    pass


class PlacementDetailView(View):
    def get(self, request, pk):
        return HttpResponse("")
