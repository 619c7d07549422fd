"""/sitemap.xml: every published page once, with when it last changed."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from grants.models import Grantee
from programs.models import Event, Program

from .caching import content_last_modified


class SectionSitemap(Sitemap):
    """Pages that list content; they change whenever any content does."""

    changefreq = "weekly"

    def items(self):
        return ["home", "programs:list", "grants:list", "budget:page", "partners:list", "data"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        if not hasattr(self, "_lastmod"):
            self._lastmod = content_last_modified()
        return self._lastmod


class PublishedSitemap(Sitemap):
    model = None

    def items(self):
        return self.model.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, obj):
        return obj.updated_at


class ProgramSitemap(PublishedSitemap):
    model = Program


class EventSitemap(PublishedSitemap):
    model = Event


class GranteeSitemap(PublishedSitemap):
    model = Grantee


SITEMAPS = {
    "sections": SectionSitemap,
    "programs": ProgramSitemap,
    "events": EventSitemap,
    "grantees": GranteeSitemap,
}
