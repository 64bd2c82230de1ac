from django.urls import path
from django.views.generic import TemplateView

app_name = "partners"

urlpatterns = [
    path("", TemplateView.as_view(template_name="partners/index.html"), name="index"),
]
