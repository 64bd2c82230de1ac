from django.urls import path
from django.views.generic import TemplateView

app_name = "financing"

urlpatterns = [
    path("", TemplateView.as_view(template_name="financing/index.html"), name="index"),
]
