"""What agencies, groups and City services add to site search and /data/."""

from django.db.models import F

from publishing.registry import Export, Source, content_app

from .models import Organization, Service

app = content_app("partners")

app.search(
    Source(
        "organization",
        "Partner",
        Organization,
        "name",
        (("name", "A"), ("short_name", "A"), ("description", "C")),
        F("description_html"),
        "short_name",
    ),
    Source(
        "service",
        "City service",
        Service,
        "name",
        (("name", "A"), ("tagline", "B"), ("summary", "C")),
        F("summary_html"),
    ),
)

app.list_page("partners:list")

app.export_link("partners", "partners:list-json", "Agencies, councils and resources, JSON.")

app.export(
    Export(
        "partners",
        "Partners",
        "Agencies and groups by jurisdiction, advisory councils and resources.",
        ("/partners.json",),
        (
            ("count", "How many agencies and groups."),
            ("organizations", "The agencies and groups."),
            ("organizations[].slug", "Its anchor on the partners page."),
            ("organizations[].name", "Its name."),
            ("organizations[].short_name", "Its acronym; may be empty."),
            ("organizations[].jurisdiction", "city, county, state or community."),
            ("organizations[].kind", "agency, office, team, oversight or service."),
            ("organizations[].listed_partner", "true for listed community safety partners."),
            ("organizations[].parent", "The agency it is part of, or null."),
            ("organizations[].description_html", "What it does."),
            ("organizations[].website", "Its website, or null until confirmed."),
            ("organizations[].url", "Its entry on the partners page."),
            ("organizations[].updated_at", "When the City last changed this record."),
            ("council_groups", "Groups of advisory councils."),
            ("council_groups[].name", "The group's name."),
            ("council_groups[].organization", "The agency it advises, or null."),
            ("council_groups[].description_html", "About the group."),
            ("council_groups[].url", "Where to read more, or null."),
            ("council_groups[].councils", "Its councils."),
            ("council_groups[].councils[].name", "The council's name."),
            ("council_groups[].councils[].url", "Its page, or null."),
            ("resources", "Documents and pages elsewhere."),
            ("resources[].title", "Its title."),
            ("resources[].summary", "What it is; may be empty."),
            ("resources[].url", "Its address, or null until confirmed."),
        ),
    ),
)
