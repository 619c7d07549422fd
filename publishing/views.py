"""What every public page of content shares: preview, permanent links, change notes."""

import re

from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponsePermanentRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext

from . import workflow
from .highlight import mark_changes
from .models import ChangeNote, HeldChange, PermanentLink, can_preview, content_checked_on


class ForgivingPaginationMixin:
    """A page number that is not a number, or past the end, shows a real page, not an error."""

    paginate_by = 24

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class MarkedChangesMixin:
    """A staff preview of a held change marks what it changes: the page is rendered a
    second time as residents see it now, and the words that differ are marked."""

    rendering_live = False

    def mark_changes_on(self, response):
        if isinstance(response, TemplateResponse):
            response.add_post_render_callback(self.mark_changes)
        return response

    def mark_changes(self, response):
        self.rendering_live = True
        try:
            live = render_to_string(response.template_name, self.live_context_data(), self.request)
        finally:
            self.rendering_live = False
        response.content = mark_changes(live, response.content.decode())

    def live_context_data(self):
        raise NotImplementedError


class PublicDetailMixin(MarkedChangesMixin):
    """A public detail page (``DetailView`` by slug) with what every such page needs.

    - Preview: staff see a draft at its public address, under a "Draft — not public"
      banner, never cached; everyone else gets 404 there. With ``?draft_change=1``
      staff see a published item with an editor's held change applied (not saved).
    - Permanent links: an old slug answers 301 to the current address in one hop; an
      item removed from the site answers 410 Gone.
    - Change notes: "Last updated" and the list of major changes.
    - "Content checked on": the day staff last checked the item (nothing if never).

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
        if self.showing_draft_change:
            self.mark_changes_on(response)
        return response

    def get_object(self, queryset=None):
        item = super().get_object(queryset)
        if self.rendering_live:
            return item
        if self.request.GET.get("draft_change") and can_preview(self.request.user, type(item)):
            held = workflow.held_change_for(item)
            self.showing_draft_change = held is not None
            workflow.preview(item, held)
        return item

    def live_context_data(self):
        changed = self.object
        self.object = self.get_object()
        try:
            return self.get_context_data(object=self.object)
        finally:
            self.object = changed

    def is_preview(self):
        return self.showing_draft_change or not self.object.is_live()

    def raise_not_found(self):
        raise Http404(gettext("No such page."))

    def get_context_data(self, **kwargs):
        preview = self.is_preview()
        return super().get_context_data(
            preview=preview,
            admin_change_url=preview and admin_change_url(self.object),
            showing_draft_change=self.showing_draft_change,
            change_notes=change_notes(self.object),
            content_checked_on=content_checked_on([self.object]),
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
        if link is not None or (was_public is not None and was_public.was_ever_public()):
            return TemplateResponse(self.request, "410.html", status=410)
        return None

    def address_of(self, item):
        url = reverse(
            self.request.resolver_match.view_name, kwargs={**self.kwargs, "slug": item.slug}
        )
        query = self.request.META.get("QUERY_STRING")
        return f"{url}?{query}" if query else url


class StaffPreviewListMixin(MarkedChangesMixin):
    """A list page that is the public home of items without a page of their own (grant
    rounds, partners, budget items): staff also see drafts there, each marked, under the
    draft banner, and such a response is never cached. Views set ``preview`` in the
    context.

    With ``?draft_change=<id>`` staff see one held change to an item of this page
    applied (not saved), its differences marked; views pass the items they show through
    ``with_draft_change``.
    """

    draft_change_models = ()

    def get(self, request, *args, **kwargs):
        self.draft_change = self.requested_draft_change()
        response = super().get(request, *args, **kwargs)
        # JSON twins have no template context; the caching middleware keeps staff
        # responses private anyway.
        context = getattr(response, "context_data", None) or {}
        if context.get("preview") or self.draft_change is not None:
            patch_cache_control(response, private=True, no_store=True)
        if self.draft_change is not None:
            self.mark_changes_on(response)
        return response

    def requested_draft_change(self):
        value = self.request.GET.get("draft_change", "")
        # ASCII digits only, and few enough for any database's integer: "²" passes
        # str.isdigit() and twenty nines overflow SQLite.
        if not (re.fullmatch(r"[0-9]{1,9}", value) and self.request.user.is_staff):
            return None
        held = HeldChange.objects.select_related("content_type").filter(pk=value).first()
        model = held and held.content_type.model_class()
        if model not in self.draft_change_models or not can_preview(self.request.user, model):
            return None
        return held

    def with_draft_change(self, items):
        """``items`` (a list), the one the requested held change is for shown changed."""
        held = None if self.rendering_live else self.draft_change
        if held is not None:
            model = held.content_type.model_class()
            for item in items:
                if isinstance(item, model) and item.pk == held.object_id:
                    workflow.preview(item, held)
        return items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.draft_change is not None:
            context.update(preview=True, showing_draft_change=True)
        return context

    def live_context_data(self):
        if hasattr(self, "object_list"):
            self.object_list = self.get_queryset()
        return self.get_context_data(**self.kwargs)


def admin_change_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def any_draft(items):
    return any(not item.is_live() for item in items)


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
