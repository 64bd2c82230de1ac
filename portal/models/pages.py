from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The portal's home page; featured content is filled in by later issues."""

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + ["intro"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from portal import panels
        from portal.selectors import home_sections

        context = super().get_context(request, *args, **kwargs)
        context.update(home_sections())
        context["panels"] = panels.home.render_list(request, page=self)
        return context
