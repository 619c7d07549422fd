"""Agencies, advisory councils and resources as JSON twins."""

from publishing.data import absolute, iso, published_or_none


def organization_json(request, organization):
    parent = published_or_none(organization.parent)
    return {
        "slug": organization.slug,
        "name": organization.name,
        "short_name": organization.short_name,
        "jurisdiction": organization.jurisdiction,
        "kind": organization.kind,
        "listed_partner": organization.is_listed_partner,
        "parent": parent and parent.name,
        "description_html": organization.description_html,
        "website": organization.website or None,
        "url": absolute(request, organization.get_absolute_url()),
        "updated_at": iso(organization.updated_at),
    }


def council_group_json(council_group):
    organization = published_or_none(council_group.organization)
    return {
        "name": council_group.name,
        "organization": organization and organization.name,
        "description_html": council_group.description_html,
        "url": council_group.url or None,
        "councils": [
            {"name": council.name, "url": council.url or None}
            for council in council_group.councils.all()
        ],
    }


def resource_json(resource):
    return {"title": resource.title, "summary": resource.summary, "url": resource.url or None}
