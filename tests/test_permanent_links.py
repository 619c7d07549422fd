"""Every slug a published item ever had keeps working: 301 in one hop, or 410 once removed."""

import pytest
from django.urls import reverse

from publishing.models import PermanentLink

from .conftest import admin_form_data, make_event, make_grantee, make_program

pytestmark = pytest.mark.django_db


def rename(item, slug):
    item.slug = slug
    item.save()


def test_a_grantee_renamed_twice_answers_301_from_both_old_urls_in_one_hop(client):
    grantee = make_grantee(slug="first-name")
    rename(grantee, "second-name")
    rename(grantee, "third-name")
    for old in ["first-name", "second-name"]:
        response = client.get(f"/grantees/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/grantees/third-name/"
    assert client.get("/grantees/third-name/").status_code == 200


def test_redirects_keep_the_query_string_and_work_for_calendar_files(client):
    event = make_event(slug="townhall")
    rename(event, "spring-townhall")
    response = client.get("/events/townhall.ics")
    assert response.status_code == 301
    assert response["Location"] == "/events/spring-townhall.ics"
    program = make_program(slug="old-program")
    rename(program, "new-program")
    response = client.get("/programs/old-program/?utm_source=partner")
    assert response["Location"] == "/programs/new-program/?utm_source=partner"


def test_renames_while_a_draft_leave_no_trace(client):
    grantee = make_grantee(slug="working-title", status="draft")
    rename(grantee, "better-title")
    assert not PermanentLink.objects.exists()
    grantee.status = "published"
    grantee.save()
    assert client.get("/grantees/working-title/").status_code == 404
    assert client.get("/grantees/better-title/").status_code == 200


def test_taking_back_an_old_slug_ends_its_redirect(client):
    grantee = make_grantee(slug="original")
    rename(grantee, "detour")
    rename(grantee, "original")
    assert client.get("/grantees/original/").status_code == 200
    assert client.get("/grantees/detour/")["Location"] == "/grantees/original/"


def test_a_new_item_cannot_take_a_slug_that_still_redirects(publisher_client):
    grantee = make_grantee(slug="taken-before", name="Original Group")
    rename(grantee, "now-elsewhere")
    add = reverse("admin:grants_grantee_add")
    data = admin_form_data(publisher_client.get(add))
    data.update(name="Newcomer", slug="taken-before")
    response = publisher_client.post(add, data)
    assert response.status_code == 200
    assert "still leads to another item" in response.content.decode()
    assert "Original Group" in response.content.decode()


def test_a_removed_grantee_answers_410_with_a_page_like_the_site(client, seeded):
    grantee = make_grantee(slug="closed-group")
    rename(grantee, "closed-group-renamed")
    grantee.delete()
    for slug in ["closed-group", "closed-group-renamed"]:
        response = client.get(f"/grantees/{slug}/")
        assert response.status_code == 410
        page = response.content.decode()
        assert "This page has been removed" in page
        assert 'class="site-header"' in page


def test_an_unpublished_grantee_answers_410_but_a_never_published_one_404(client):
    make_grantee(slug="was-live").__class__.objects.filter(slug="was-live").update(status="draft")
    assert client.get("/grantees/was-live/").status_code == 410
    make_grantee(slug="never-live", status="draft")
    assert client.get("/grantees/never-live/").status_code == 404
    assert client.get("/grantees/no-such-group/").status_code == 404


def test_a_deleted_items_slug_can_be_used_again(client):
    make_grantee(slug="reused").delete()
    make_grantee(slug="reused", name="Second Group")
    response = client.get("/grantees/reused/")
    assert response.status_code == 200
    assert b"Second Group" in response.content
