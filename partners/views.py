from django.db.models import Prefetch
from django.urls import reverse
from django.views.generic import ListView

from publishing.data import DataTwinMixin
from publishing.linked_data import StructuredDataMixin, graph, item_list, organization_ld
from publishing.models import content_checked_on
from publishing.views import StaffPreviewListMixin, any_draft

from .data import council_group_json, organization_json, resource_json
from .models import AdvisoryCouncil, CouncilGroup, Organization, Resource


class PartnerListView(StaffPreviewListMixin, DataTwinMixin, StructuredDataMixin, ListView):
    template_name = "partners/partner_list.html"
    context_object_name = "organizations"
    # One page: every organization's permanent address is an anchor on it.
    draft_change_models = (Organization, CouncilGroup, Resource)

    def get_queryset(self):
        return (
            Organization.objects.visible_to(self.request.user)
            .select_related("parent")
            .order_by("jurisdiction", "-is_listed_partner", "order", "name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organizations"] = self.with_draft_change(list(context["organizations"]))
        by_jurisdiction = {value: [] for value, _ in Organization.Jurisdiction.choices}
        for organization in context["organizations"]:
            by_jurisdiction[organization.jurisdiction].append(organization)
        context["jurisdictions"] = [
            {"label": label, "organizations": by_jurisdiction[value]}
            for value, label in Organization.Jurisdiction.choices
        ]
        user = self.request.user
        context["council_groups"] = self.with_draft_change(
            list(
                CouncilGroup.objects.visible_to(user)
                .select_related("organization")
                .prefetch_related(Prefetch("councils", queryset=AdvisoryCouncil.objects.all()))
            )
        )
        context["resources"] = self.with_draft_change(list(Resource.objects.visible_to(user)))
        context["council_links"] = any(
            group.url or any(council.url for council in group.councils.all())
            for group in context["council_groups"]
        )
        shown = (context["organizations"], context["council_groups"], context["resources"])
        context["preview"] = context.get("preview") or any(any_draft(items) for items in shown)
        context["content_checked_on"] = content_checked_on(
            item for items in shown for item in items
        )
        return context

    def get_data_url(self):
        return reverse("partners:list-json")

    def get_data(self, context):
        organizations = context["organizations"]
        return {
            "count": len(organizations),
            "organizations": [organization_json(self.request, o) for o in organizations],
            "council_groups": [council_group_json(group) for group in context["council_groups"]],
            "resources": [resource_json(resource) for resource in context["resources"]],
        }

    def get_structured_data(self, context):
        return graph(item_list(organization_ld(self.request, o) for o in context["organizations"]))
