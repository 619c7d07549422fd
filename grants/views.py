from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.views.generic import DetailView, ListView

from publishing.data import DataTwinMixin, absolute
from publishing.linked_data import StructuredDataMixin, graph, item_list
from publishing.models import content_checked_on
from publishing.views import (
    PublicDetailMixin,
    StaffPreviewListMixin,
    any_draft,
)

from .data import grant_round_json, grantee_json, grantee_ld
from .models import Award, Grantee, GrantRound


def awards_of_published_rounds():
    return Award.objects.filter(
        grant_round__in=GrantRound.objects.published().values("pk")
    ).select_related("grant_round__awarded_by")


class GrantRoundListView(StaffPreviewListMixin, DataTwinMixin, StructuredDataMixin, ListView):
    template_name = "grants/grant_list.html"
    context_object_name = "rounds"
    draft_change_models = (GrantRound,)
    # One page: every grant round's permanent address is an anchor on it.

    def get_queryset(self):
        user = self.request.user
        awards = Award.objects.filter(
            grantee__in=Grantee.objects.visible_to(user).values("pk")
        ).select_related("grantee")
        return (
            GrantRound.objects.visible_to(user)
            .select_related("awarded_by")
            .prefetch_related(Prefetch("awards", queryset=awards))
        )

    def get_data_url(self):
        return reverse("grants:list-json")

    def get_data(self, context):
        rounds = context["rounds"]
        return {
            "count": len(rounds),
            "grant_rounds": [grant_round_json(self.request, r) for r in rounds],
        }

    def get_structured_data(self, context):
        grantees = [
            {
                "@type": "NGO",
                "name": award.grantee.name,
                "url": absolute(self.request, award.grantee.get_absolute_url()),
            }
            for grant_round in context["rounds"]
            for award in grant_round.awards.all()
        ]
        return graph(item_list(grantees))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rounds = context["rounds"] = self.with_draft_change(list(context["rounds"]))
        grantees = [award.grantee for grant_round in rounds for award in grant_round.awards.all()]
        context["preview"] = context.get("preview") or any_draft(rounds) or any_draft(grantees)
        context["content_checked_on"] = content_checked_on([*rounds, *grantees])
        return context


class GranteeDetailView(PublicDetailMixin, DataTwinMixin, StructuredDataMixin, DetailView):
    """The partner's permalink: its URL must never change (see get_absolute_url)."""

    template_name = "grants/grantee_detail.html"
    context_object_name = "grantee"

    def get_queryset(self):
        return Grantee.objects.visible_to(self.request.user).prefetch_related(
            Prefetch("awards", queryset=awards_of_published_rounds())
        )

    def get_context_data(self, **kwargs):
        # Not the hashed static name: pages on other sites keep this address for years.
        badge_path = f"{settings.STATIC_URL}img/funded-by-city-of-portland.png"
        return super().get_context_data(badge_path=badge_path, **kwargs)

    def get_data_url(self):
        return self.object.get_data_url()

    def get_data(self, context):
        return grantee_json(self.request, self.object)

    def get_structured_data(self, context):
        return graph(grantee_ld(self.request, self.object))


class GranteeListView(DataTwinMixin, ListView):
    """Every published grantee with its awards: a collection export with no HTML page."""

    format = "json"

    def get_queryset(self):
        return Grantee.objects.published().prefetch_related(
            Prefetch("awards", queryset=awards_of_published_rounds())
        )

    def get_data(self, context):
        grantees = context["object_list"]
        return {
            "count": len(grantees),
            "grantees": [grantee_json(self.request, grantee) for grantee in grantees],
        }
