from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from budget.models import Budget, stated_total
from grants.models import GrantRound
from partners.models import Resource
from programs.models import Component, Event, Milestone, Program
from publishing import registry
from publishing.data import DataTwinMixin, absolute, iso
from publishing.linked_data import (
    CITY_OF_PORTLAND,
    StructuredDataMixin,
    graph,
    service_ld,
    website_ld,
)
from publishing.models import content_checked_on

from . import datadocs, faults, search
from .context_processors import primary_contact


class HomeView(DataTwinMixin, StructuredDataMixin, TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            programs=Program.objects.published()[:6],
            milestones=Milestone.objects.latest_public()[:4],
            events=Event.objects.published().with_program().order_by("-start_date")[:3],
            budgets=Budget.objects.published().with_totals(),
            program_funding=Component.objects.with_stated_amount(Program.objects.published()),
            resources=Resource.objects.published()[:6],
            latest_round=GrantRound.objects.published()
            .with_grantee_count()
            .select_related("awarded_by")
            .first(),
            # Loaded here (not lazily by the context processor) so the structured data
            # and the 311 block share one fetch.
            contact=primary_contact(),
            # The 311 block is in the page itself, so the footer leaves it out.
            contact_on_page=True,
            **kwargs,
        )
        context["budget_total"] = lambda: stated_total(
            context["budgets"], context["program_funding"]
        )
        # Worked out when the footer renders, from the rows the page has fetched by then;
        # the JSON twin never asks, so it fetches nothing more.
        context["content_checked_on"] = lambda: content_checked_on(
            item
            for item in [
                *context["programs"],
                *context["events"],
                *context["budgets"],
                *context["resources"],
                context["latest_round"],
                context["contact"],
            ]
            if item
        )
        return context

    def get_data_url(self):
        return reverse("home-json")

    def get_data(self, context):
        request = self.request
        contact = context["contact"]
        return {
            "name": settings.SITE_NAME,
            "url": absolute(request, reverse("home")),
            "contact": contact
            and {
                "name": contact.name,
                "channels": [
                    {
                        "kind": channel.kind,
                        "label": channel.label,
                        "value": channel.value or None,
                        "address": channel.address or None,
                        "note": channel.note or None,
                    }
                    for channel in contact.channels.all()
                ],
            },
            "programs": [
                {"title": p.title, "url": absolute(request, p.get_absolute_url())}
                for p in context["programs"]
            ],
            "events": [
                {
                    "title": e.title,
                    "start_date": iso(e.start_date),
                    "url": absolute(request, e.get_absolute_url()),
                }
                for e in context["events"]
            ],
            "exports": {
                link.name: absolute(request, reverse(link.url_name))
                for link in datadocs.export_links()
            },
        }

    def get_structured_data(self, context):
        contact = context["contact"]
        return graph(
            website_ld(self.request, settings.SITE_NAME),
            CITY_OF_PORTLAND,
            contact and service_ld(self.request, contact),
        )


@require_safe
def robots_txt(request):
    """Crawlers may read every public page, but not the admin."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Sitemap: {absolute(request, reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# Outside the request transaction: with the database down, opening it would fail before
# the check runs, and the probe would get the 503 page instead of its JSON.
@transaction.non_atomic_requests
@require_safe
@never_cache
def healthz(request):
    """Tells the operator whether the app can reach its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        response = JsonResponse({"status": "unavailable"}, status=503)
        if isinstance(error, faults.UNAVAILABLE):
            faults.logged_once(request, response, error)
        return response
    return JsonResponse({"status": "ok"})


class SearchView(DataTwinMixin, StructuredDataMixin, TemplateView):
    template_name = "portal/search.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        raw = self.request.GET.get("q", "")
        query = search.clean_query(raw)
        context.update(
            query=query, shortened=len(raw) > len(query), page_obj=None, results=[], count=0
        )
        if query:
            found = search.search(query)
            page = Paginator(found.rows, self.paginate_by).get_page(self.request.GET.get("page"))
            # The site's own pages lead the first page of results.
            sections = found.sections if page.number == 1 else []
            context.update(
                page_obj=page,
                expansions=found.expansions,
                results=[search.Result.from_section(section) for section in sections]
                + [search.Result.from_row(row) for row in page.object_list],
                count=page.paginator.count + len(found.sections),
                first_number=page.start_index() + (len(found.sections) if page.number > 1 else 0),
                terms=found.terms.words(),
                sections=registry.sections(),
            )
        return context

    def get_data_url(self):
        query = self.request.GET.urlencode()
        return reverse("search-json") + (f"?{query}" if query else "")

    def get_data(self, context):
        page = context["page_obj"]
        return {
            "query": context["query"],
            "count": context["count"],
            "page": page.number if page else 1,
            "pages": page.paginator.num_pages if page else 0,
            "results": [
                {
                    "type": result.kind,
                    "title": result.title,
                    "text": result.text,
                    "url": absolute(self.request, result.url),
                }
                for result in context["results"]
            ],
        }

    def get_structured_data(self, context):
        return graph({"@type": "SearchResultsPage", "name": gettext("Search results")})


class AccessibilityView(TemplateView):
    """/accessibility/: the statement, with 311's ways to ask for help from its record."""

    template_name = "portal/accessibility.html"


class DataView(DataTwinMixin, StructuredDataMixin, TemplateView):
    """/data/: what each export holds, field by field (from portal.datadocs)."""

    template_name = "portal/data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(exports=datadocs.exports(), **kwargs)

    def get_data_url(self):
        return reverse("data-json")

    def get_data(self, context):
        return {
            "exports": [
                {
                    "slug": export.slug,
                    "title": export.title,
                    "description": export.description,
                    "urls": list(export.urls),
                    "fields": [
                        {"name": name, "meaning": meaning} for name, meaning in export.fields
                    ],
                }
                for export in context["exports"]
            ]
        }

    def get_structured_data(self, context):
        return graph(
            {
                "@type": "WebPage",
                "name": gettext("Open data: the site's content as JSON, CSV, Atom and iCalendar"),
                "url": absolute(self.request, reverse("data")),
            }
        )
