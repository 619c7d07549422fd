from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from grants.models import Budget, GrantRound
from partners.models import Resource
from programs.models import Event, Milestone, Program

from . import datadocs, search
from .context_processors import primary_contact
from .data import DataTwinMixin, absolute, iso
from .drafts import show_pending_change
from .linked_data import CITY_OF_PORTLAND, StructuredDataMixin, graph, service_ld, website_ld
from .models import ChangeNote, PermanentLink, can_preview


class ForgivingPaginationMixin:
    """A page number that is not a number, or past the end, shows a real page, not an error."""

    paginate_by = 24

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class PublicDetailMixin:
    """A public detail page (``DetailView`` by slug) with what every such page needs.

    - Preview: staff see a draft at its public address, under a "Draft — not public"
      banner, never cached; everyone else gets 404 there. With ``?draft_change=1``
      staff see a published item with an editor's held change applied (not saved).
    - Permanent links: an old slug answers 301 to the current address in one hop; an
      item removed from the site answers 410 Gone.
    - Change notes: "Last updated" and the list of major changes.

    Views build their queryset with ``Model.objects.visible_to(self.request.user)``.
    """

    showing_draft_change = False

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except Http404:
            return self.moved_or_gone() or self.raise_not_found()
        if self.is_preview():
            patch_cache_control(response, private=True, no_store=True)
        return response

    def get_object(self, queryset=None):
        item = super().get_object(queryset)
        if self.request.GET.get("draft_change") and can_preview(self.request.user, type(item)):
            self.showing_draft_change = show_pending_change(self.request, item)
        return item

    def is_preview(self):
        return self.showing_draft_change or not self.object.is_published

    def raise_not_found(self):
        raise Http404("No such page.")

    def get_context_data(self, **kwargs):
        preview = self.is_preview()
        return super().get_context_data(
            preview=preview,
            admin_change_url=preview and admin_change_url(self.object),
            showing_draft_change=self.showing_draft_change,
            change_notes=change_notes(self.object),
            **kwargs,
        )

    def moved_or_gone(self):
        model = self.get_queryset().model
        slug = self.kwargs[self.slug_url_kwarg]
        link = PermanentLink.objects.filter(
            content_type=ContentType.objects.get_for_model(model), slug=slug
        ).first()
        if link is not None and link.object_id is not None:
            current = model.objects.visible_to(self.request.user).filter(pk=link.object_id).first()
            if current is not None:
                return HttpResponsePermanentRedirect(self.address_of(current))
        was_public = model._base_manager.filter(slug=slug).first()
        if link is not None or (was_public is not None and was_public.has_been_public):
            return TemplateResponse(self.request, "410.html", status=410)
        return None

    def address_of(self, item):
        url = reverse(
            self.request.resolver_match.view_name, kwargs={**self.kwargs, "slug": item.slug}
        )
        query = self.request.META.get("QUERY_STRING")
        return f"{url}?{query}" if query else url


class StaffPreviewListMixin:
    """A list page that is the public home of items without a page of their own (grant
    rounds, partners): staff also see drafts there, each marked, under the draft banner,
    and such a response is never cached. Views set ``preview`` in the context."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # JSON twins have no template context; the caching middleware keeps staff
        # responses private anyway.
        if (getattr(response, "context_data", None) or {}).get("preview"):
            patch_cache_control(response, private=True, no_store=True)
        return response


def admin_change_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def any_draft(items):
    return any(not item.is_published for item in items)


def change_notes(item):
    """Notes of major changes, newest first; no query for an item that never had one."""
    if item.last_major_update is None:
        return []
    return list(
        ChangeNote.objects.filter(
            content_type__app_label=item._meta.app_label,
            content_type__model=item._meta.model_name,
            object_id=item.pk,
        )
    )


class HomeView(DataTwinMixin, StructuredDataMixin, TemplateView):
    template_name = "pdxsafety/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            programs=Program.objects.published()[:6],
            milestones=Milestone.objects.latest_public()[:4],
            events=Event.objects.published().with_program().order_by("-start_date")[:3],
            budgets=Budget.objects.published().with_totals(),
            resources=Resource.objects.published()[:6],
            latest_round=GrantRound.objects.published()
            .with_grantee_count()
            .select_related("awarded_by")
            .first(),
            # Loaded here (not lazily by the context processor) so the structured data
            # and the 311 block share one fetch.
            contact=primary_contact(),
            **kwargs,
        )

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
            "exports": {name: absolute(request, reverse(url_name)) for name, url_name in EXPORTS},
        }

    def get_structured_data(self, context):
        contact = context["contact"]
        return graph(
            website_ld(self.request, settings.SITE_NAME),
            CITY_OF_PORTLAND,
            contact and service_ld(self.request, contact),
        )


EXPORTS = [
    ("programs", "programs:list-json"),
    ("grant_rounds", "grants:list-json"),
    ("grantees", "grants:grantees-json"),
    ("budget", "grants:budget-json"),
    ("budget_csv", "grants:budget-csv"),
    ("partners", "partners:list-json"),
    ("events_calendar", "programs:events-ics"),
    ("updates_feed", "updates-feed"),
    ("sitemap", "sitemap"),
]


@require_safe
def robots_txt(request):
    """Crawlers may read every public page, but not the admin."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Sitemap: {absolute(request, reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@never_cache
def healthz(request):
    """Tells the operator whether the app can reach its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


class SearchView(DataTwinMixin, StructuredDataMixin, TemplateView):
    template_name = "pdxsafety/search.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        raw = self.request.GET.get("q", "")
        query = search.clean_query(raw)
        context.update(query=query, shortened=len(raw) > len(query), page_obj=None, results=[])
        if query:
            rows, expansions = search.search(query)
            page = Paginator(rows, self.paginate_by).get_page(self.request.GET.get("page"))
            terms = search.words_of(query) + [w for e in expansions for w in search.words_of(e)]
            context.update(
                page_obj=page,
                expansions=expansions,
                results=[search.Result.from_row(row) for row in page.object_list],
                terms=terms,
            )
        return context

    def get_data_url(self):
        query = self.request.GET.urlencode()
        return reverse("search-json") + (f"?{query}" if query else "")

    def get_data(self, context):
        page = context["page_obj"]
        return {
            "query": context["query"],
            "count": page.paginator.count if page else 0,
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
        return graph({"@type": "SearchResultsPage", "name": "Search results"})


class DataView(DataTwinMixin, StructuredDataMixin, TemplateView):
    """/data/: what each export holds, field by field (from pdxsafety.datadocs)."""

    template_name = "pdxsafety/data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(exports=datadocs.EXPORTS, **kwargs)

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
                "name": "Open data: the site's content as JSON, CSV, Atom and iCalendar",
                "url": absolute(self.request, reverse("data")),
            }
        )
