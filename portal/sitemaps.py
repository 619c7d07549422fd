"""/sitemap.xml: every published page once, with when it last changed."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.urls import reverse

from publishing import registry

from .caching import content_last_modified


class SectionSitemap(Sitemap):
    """Pages that list content; they change whenever any content does."""

    changefreq = "weekly"

    def items(self):
        return ["home", *registry.list_pages(), "data"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        if not hasattr(self, "_lastmod"):
            self._lastmod = content_last_modified()
        return self._lastmod


class PublishedSitemap(Sitemap):
    """Every published item of one model the content apps register."""

    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, obj):
        return obj.updated_at


def site_sitemaps():
    return {
        "sections": SectionSitemap(),
        **{name: PublishedSitemap(model) for name, model in registry.sitemaps()},
    }


def sitemap_xml(request):
    # Built per request: the sections sitemap remembers its lastmod for one response only.
    return sitemap(request, sitemaps=site_sitemaps())
