"""What agencies, groups and City services add to site search and /data/."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from publishing.registry import Export, Source, content_app, section

from .models import Organization, Service, ServiceLink

app = content_app("partners")

app.search(
    Source(
        "organization",
        _("Partner"),
        Organization,
        "name",
        (("name", "A"), ("short_name", "A"), ("description", "C")),
        F("description_html"),
        "short_name",
        boost=5.0,
        keywords=_("partner, partners, agency, agencies"),
    ),
    Source(
        "service",
        _("City service"),
        Service,
        "name",
        (("name", "A"), ("tagline", "B"), ("summary", "C")),
        F("summary_html"),
        boost=20.0,
        keywords=_("contact, call, phone, email, help, question, city service"),
    ),
    # Each thing residents can report or do through a service, e.g. report an abandoned
    # vehicle, leads to that report (or to the service's block when it has no address).
    Source(
        "service_link",
        _("City service report"),
        ServiceLink,
        "title",
        (("title", "A"),),
        F("service__name"),
        key="pk",
        link="url",
        boost=15.0,
        keywords=_("report, report online, 311 report"),
    ),
)

section(
    "partners:list",
    _("Partners"),
    _("The agencies and groups that work on community safety, and the advisory councils."),
    _("partner, agency, organization, council, advisory council, jurisdiction"),
)

app.list_page("partners:list")

app.export_link("partners", "partners:list-json", _("Agencies, councils and resources, JSON."))

app.export(
    Export(
        "partners",
        _("Partners"),
        _("Agencies and groups by jurisdiction, advisory councils and resources."),
        ("/partners.json",),
        (
            ("count", _("How many agencies and groups.")),
            ("organizations", _("The agencies and groups.")),
            ("organizations[].slug", _("Its anchor on the partners page.")),
            ("organizations[].name", _("Its name.")),
            ("organizations[].short_name", _("Its acronym; may be empty.")),
            ("organizations[].jurisdiction", _("city, county, state or community.")),
            ("organizations[].kind", _("agency, office, team, oversight or service.")),
            ("organizations[].listed_partner", _("true for listed community safety partners.")),
            ("organizations[].parent", _("The agency it is part of, or null.")),
            ("organizations[].description_html", _("What it does.")),
            ("organizations[].website", _("Its website, or null until confirmed.")),
            ("organizations[].url", _("Its entry on the partners page.")),
            ("organizations[].updated_at", _("When the City last changed this record.")),
            ("council_groups", _("Groups of advisory councils.")),
            ("council_groups[].name", _("The group's name.")),
            ("council_groups[].organization", _("The agency it advises, or null.")),
            ("council_groups[].description_html", _("About the group.")),
            ("council_groups[].url", _("Where to read more, or null.")),
            ("council_groups[].councils", _("Its councils.")),
            ("council_groups[].councils[].name", _("The council's name.")),
            ("council_groups[].councils[].url", _("Its page, or null.")),
            ("resources", _("Documents and pages elsewhere.")),
            ("resources[].title", _("Its title.")),
            ("resources[].summary", _("What it is; may be empty.")),
            ("resources[].url", _("Its address, or null until confirmed.")),
        ),
    ),
)
