from django.contrib import admin

from publishing.admin import (
    HeldChangeFilter,
    PublishableAdmin,
    StackedInline,
    StateFilter,
    TabularInline,
)

from .models import (
    AdvisoryCouncil,
    ContactChannel,
    CouncilGroup,
    Organization,
    Resource,
    Service,
    ServiceLink,
)


@admin.register(Organization)
class OrganizationAdmin(PublishableAdmin):
    list_display = ["name", "short_name", "jurisdiction", "kind", "is_listed_partner", "state"]
    list_filter = [StateFilter, HeldChangeFilter, "jurisdiction", "kind", "is_listed_partner"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "short_name",
                    "jurisdiction",
                    "kind",
                    "parent",
                    "is_listed_partner",
                    "description",
                    "website",
                    "order",
                ]
            },
        ),
        PublishableAdmin.publishing_fieldset,
    ]


class AdvisoryCouncilInline(TabularInline):
    model = AdvisoryCouncil
    extra = 0


@admin.register(CouncilGroup)
class CouncilGroupAdmin(PublishableAdmin):
    list_display = ["name", "organization", "state"]
    list_select_related = ["organization"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AdvisoryCouncilInline]


@admin.register(Resource)
class ResourceAdmin(PublishableAdmin):
    list_display = ["title", "organization", "url", "state"]
    list_select_related = ["organization"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}


class ContactChannelInline(StackedInline):
    model = ContactChannel
    extra = 0


class ServiceLinkInline(TabularInline):
    model = ServiceLink
    extra = 0


@admin.register(Service)
class ServiceAdmin(PublishableAdmin):
    list_display = ["name", "is_primary_contact", "state"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ContactChannelInline, ServiceLinkInline]
