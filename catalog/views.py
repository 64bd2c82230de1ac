from django.views.generic import DetailView, ListView

from catalog.selectors import published_products


class ProductListView(ListView):
    template_name = "catalog/product_list.html"
    context_object_name = "products"
    paginate_by = 24

    def get_queryset(self):
        return published_products().order_by("-published_at", "-pk")


class ProductDetailView(DetailView):
    template_name = "catalog/product_detail.html"
    context_object_name = "product"

    def get_queryset(self):
        return published_products()
