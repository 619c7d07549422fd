"""Grantees and grant rounds as JSON twins and structured data."""

from publishing.data import absolute, iso, money, published_or_none
from publishing.linked_data import organization_ld


def grantee_ref(request, grantee):
    return {
        "name": grantee.name,
        "short_name": grantee.short_name,
        "url": absolute(request, grantee.get_absolute_url()),
        "data_url": absolute(request, grantee.get_data_url()),
    }


def grantee_json(request, grantee):
    """A grantee with its awards (prefetched: awards of published rounds only)."""
    return {
        **grantee_ref(request, grantee),
        "slug": grantee.slug,
        "summary": grantee.summary,
        "description_html": grantee.description_html,
        "website": grantee.website or None,
        "awards": [award_json(request, award) for award in grantee.awards.all()],
        "updated_at": iso(grantee.updated_at),
    }


def award_json(request, award):
    grant_round = award.grant_round
    awarded_by = published_or_none(grant_round.awarded_by)
    return {
        "grant_round": grant_round.title,
        "period": grant_round.period,
        "awarded_by": awarded_by and awarded_by.name,
        "amount_usd": money(award.amount),
        "url": absolute(request, grant_round.get_absolute_url()),
    }


def grant_round_json(request, grant_round):
    awarded_by = published_or_none(grant_round.awarded_by)
    return {
        "slug": grant_round.slug,
        "title": grant_round.title,
        "period": grant_round.period,
        "awarded_by": awarded_by and awarded_by.name,
        "description_html": grant_round.description_html,
        "more_info_url": grant_round.more_info_url or None,
        "url": absolute(request, grant_round.get_absolute_url()),
        "awards": [
            {**grantee_ref(request, award.grantee), "amount_usd": money(award.amount)}
            for award in grant_round.awards.all()
        ],
    }


def grantee_ld(request, grantee):
    """The grantee as an NGO; each award a MonetaryGrant from the awarding agency."""
    url = absolute(request, grantee.get_absolute_url())
    data = {"@type": "NGO", "@id": f"{url}#organization", "name": grantee.name, "url": url}
    if grantee.short_name:
        data["alternateName"] = grantee.short_name
    if grantee.summary:
        data["description"] = grantee.summary
    if grantee.website:
        data["sameAs"] = grantee.website
    data["funding"] = [grant_ld(request, award) for award in grantee.awards.all()]
    return data


def grant_ld(request, award):
    grant_round = award.grant_round
    grant = {
        "@type": "MonetaryGrant",
        "name": grant_round.title,
        "url": absolute(request, grant_round.get_absolute_url()),
    }
    if award.amount is not None:
        grant["amount"] = {
            "@type": "MonetaryAmount",
            "currency": "USD",
            "value": money(award.amount),
        }
    awarded_by = published_or_none(grant_round.awarded_by)
    if awarded_by:
        grant["funder"] = organization_ld(request, awarded_by)
    return grant
