"""Items without a page of their own link to an anchor on a list page: it must be there."""

from grants.models import GrantRound
from partners.models import Organization

from .conftest import make_grant_round


def test_every_published_organization_has_its_anchor_on_the_partners_page(client, grown):
    html = client.get("/partners/").content.decode()
    for organization in Organization.objects.published():
        assert f'id="{organization.slug}"' in html, organization.get_absolute_url()


def test_every_published_grant_round_has_its_anchor_on_the_grants_page(client, seeded):
    for _ in range(15):
        make_grant_round()
    html = client.get("/grants/").content.decode()
    for grant_round in GrantRound.objects.published():
        assert f'id="{grant_round.slug}"' in html, grant_round.get_absolute_url()
