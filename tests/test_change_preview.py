"""A held change can be previewed on the public site wherever its item is shown, with
what it changes marked, and residents never see it."""

import re

import pytest
from django.core.cache import caches
from django.test import Client

from budget.models import BudgetItem
from grants.models import GrantRound
from publishing import workflow
from publishing.admin import preview_url
from publishing.changes import snapshot

from .conftest import MODEL_BACKEND, make_award, make_grantee, make_staff, page_text

pytestmark = pytest.mark.django_db


def staff_client(role="publisher"):
    client = Client()
    client.force_login(make_staff(role), backend=MODEL_BACKEND)
    return client


def hold(item, changes):
    current = snapshot(item, workflow.relations_of(changes))
    base = {key: current.get(key) for key in changes if key in current}
    return workflow.hold(item, changes, base, make_staff("editor"))


def marked(html, kind):
    """The texts marked as added ("ins") or removed ("del") in ``html``."""
    return [
        " ".join(re.sub(r"<[^>]+>", " ", body).split())
        for body in re.findall(rf'<{kind} class="change-mark">(.*?)</{kind}>', html, re.S)
    ]


def main(html):
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_a_budget_items_held_change_is_previewed_on_the_budget_page_marked(seeded, client):
    item = BudgetItem.objects.published().filter(amount__isnull=False).first()
    old_title = item.title
    held = hold(item, {"title": f"{old_title} renamed", "amount": "1234567.00"})

    url = preview_url(item, held)
    assert url.startswith(f"/budget/?draft_change={held.pk}#")
    response = staff_client().get(url)
    html = response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert "change waiting for a publisher’s review" in html
    added, removed = marked(main(html), "ins"), marked(main(html), "del")
    assert "added: renamed" in added
    assert any("1,234,567" in text for text in added), added
    assert any(f"{item.amount:,.2f}".split(".")[0] in text for text in removed), removed
    # What a resident sees is unchanged, and the item itself was not saved.
    public = client.get(url).content.decode()
    assert f"{old_title} renamed" not in public
    assert 'class="change-mark"' not in public
    item.refresh_from_db()
    assert item.title == old_title


def test_a_grant_rounds_held_change_with_an_award_row_is_previewed_marked(seeded, client):
    grant_round = GrantRound.objects.get(slug="spring-2022-gun-violence-reduction-grants")
    newcomer = make_grantee(name="Zanzibar Youth League")
    held = hold(
        grant_round,
        {"period": "Autumn 2031", "awards:+1": {"grantee": newcomer.pk, "amount": "5000.00"}},
    )
    url = preview_url(grant_round, held)
    assert url == f"/grants/?draft_change={held.pk}#{grant_round.slug}"
    html = staff_client("editor").get(url).content.decode()
    added = marked(main(html), "ins")
    assert any("Autumn 2031" in text for text in added), added
    assert any("Zanzibar Youth League" in text for text in added), added
    assert any("Spring 2022" in text for text in marked(main(html), "del"))
    assert "Zanzibar" not in client.get(url).content.decode()


def test_a_program_preview_marks_changed_words_and_new_timeline_rows(seeded):
    from programs.models import Program

    program = Program.objects.get(slug="portland-street-response")
    hold(
        program,
        {
            "summary": "Zanzibar " + program.summary,
            "milestones:+1": {"title": "Zanzibar step", "date": "2031-01-01"},
        },
    )
    html = staff_client().get(f"{program.get_absolute_url()}?draft_change=1").content.decode()
    added = marked(main(html), "ins")
    assert "added: Zanzibar" in added
    assert any("Zanzibar step" in text for text in added), added
    # Only what changed is marked: the rest of the page reads as residents see it.
    assert len(added) <= 4
    text = page_text_of(html)
    assert "added: Zanzibar" in text


def page_text_of(html):
    class Response:
        content = html.encode()

    return page_text(Response)


def test_a_draft_change_id_that_does_not_fit_the_page_changes_nothing(seeded):
    grantee = make_grantee(name="Live Name")
    held = hold(grantee, {"name": "Zanzibar Name"})
    staff = staff_client()
    for value in [str(held.pk), "999999", "x", "", "²", "9" * 20, "-1"]:
        response = staff.get(f"/budget/?draft_change={value}")
        assert response.status_code == 200
        assert "Zanzibar" not in response.content.decode()
        assert 'class="change-mark"' not in main(response.content.decode())


def test_the_page_cache_never_stores_a_preview(seeded, settings, client):
    settings.PAGE_CACHE_ENABLED = True
    caches[settings.PAGE_CACHE_ALIAS].clear()
    grant_round = GrantRound.objects.get(slug="spring-2022-gun-violence-reduction-grants")
    make_award(grant_round, make_grantee(name="Live Grantee"))
    held = hold(grant_round, {"title": "Zanzibar round"})
    url = f"/grants/?draft_change={held.pk}"
    staff = staff_client()
    assert "Zanzibar round" in staff.get(url).content.decode()
    assert "Zanzibar round" in staff.get(url).content.decode()
    # A resident asking for the same address, before and after, gets the public page.
    for address in [url, "/grants/", url]:
        response = client.get(address)
        assert "Zanzibar" not in response.content.decode()
    assert "Zanzibar" not in staff.get("/grants/").content.decode()
