from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import JsonResponse
from django.views.generic import DetailView, ListView, TemplateView

from portal import panels
from portal.selectors import verified_businesses


def health(request):
    """Liveness for the load balancer: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class AccountView(LoginRequiredMixin, TemplateView):
    template_name = "portal/account.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["businesses"] = self.request.user.businesses.select_related("kecamatan").order_by(
            "name"
        )
        context["panels"] = panels.account.render_list(self.request, user=self.request.user)
        return context


class BusinessListView(ListView):
    template_name = "portal/business_list.html"
    context_object_name = "businesses"
    paginate_by = 24

    def get_queryset(self):
        return verified_businesses().order_by("name", "pk")


class BusinessDetailView(DetailView):
    template_name = "portal/business_detail.html"
    context_object_name = "business"

    def get_queryset(self):
        return verified_businesses().prefetch_related("certifications")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["panels"] = panels.business_profile.render_list(self.request, business=self.object)
        return context
