"""Staff sign-in, continued: a publisher lifts a pause; anyone on staff resets a
forgotten password by email."""

import logging
import re
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from . import test_login_protection
from .conftest import MODEL_BACKEND, STAFF_PASSWORD, make_staff, page_text
from .test_login_protection import fail, sign_in, signed_in

# That module's clock, which moves django-axes' clock too.
clock = test_login_protection.clock

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 9, 1, 16, 0, tzinfo=UTC)
PAUSES = "/admin/sign-in-pauses/"


def test_a_publisher_sees_each_pause_and_lifts_it(client, clock, caplog):
    paused, other = make_staff("editor"), make_staff("editor")
    fail(client, paused.username, settings.AXES_FAILURE_LIMIT, address="203.0.113.5")
    fail(client, other.username, 1, address="203.0.113.5")
    publisher = make_staff("publisher")
    client.force_login(publisher, backend=MODEL_BACKEND)

    text = page_text(client.get(PAUSES))
    # Pacific time: 16:00 UTC plus the 30-minute pause.
    assert f"{paused.username} 203.0.113.5 5 Sep 1, 2030, 9:30 a.m. PDT Unlock" in text
    assert other.username not in text

    with caplog.at_level(logging.WARNING, logger="publishing.signin"):
        response = client.post(
            PAUSES, {"username": paused.username, "ip_address": "203.0.113.5"}, follow=True
        )
    assert f"Sign-in is open again for {paused.username} from 203.0.113.5." in page_text(response)
    assert "No sign-in is paused." in page_text(response)
    assert f"lifted by {publisher.username} for {paused.username} from 203.0.113.5" in caplog.text

    client.logout()
    assert sign_in(client, paused.username, STAFF_PASSWORD).status_code == 302


def test_an_address_wide_pause_is_listed_and_lifted_for_every_account(client, clock):
    per_account = settings.AXES_FAILURE_LIMIT - 1
    for index in range(-(-settings.AXES_ADDRESS_FAILURE_LIMIT // per_account)):
        fail(client, f"guess-{index}", per_account, address="198.51.100.7")
    client.force_login(make_staff("publisher"), backend=MODEL_BACKEND)
    assert "Every account (too many failures from this address) 198.51.100.7" in page_text(
        client.get(PAUSES)
    )
    client.post(PAUSES, {"username": "", "ip_address": "198.51.100.7"})
    client.logout()
    victim = make_staff("editor")
    assert sign_in(client, victim.username, STAFF_PASSWORD, "198.51.100.7").status_code == 302


def test_the_admin_index_links_publishers_to_the_pauses(publisher_client):
    assert f'href="{PAUSES}"' in publisher_client.get(reverse("admin:index")).content.decode()


def test_editors_may_neither_see_nor_lift_pauses(editor_client):
    assert PAUSES not in editor_client.get(reverse("admin:index")).content.decode()
    assert editor_client.get(PAUSES).status_code == 403
    assert editor_client.post(PAUSES, {"username": "x", "ip_address": "1.2.3.4"}).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(PAUSES)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_lifting_a_pause_needs_the_forms_csrf_token(publisher):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(publisher, backend=MODEL_BACKEND)
    assert csrf_client.post(PAUSES, {"ip_address": "1.2.3.4"}).status_code == 403


# --- Password reset -----------------------------------------------------------------


def test_the_login_page_offers_a_password_reset(client):
    reset = reverse("admin_password_reset")
    assert f'href="{reset}"' in client.get(reverse("admin:login")).content.decode()


def request_reset(client, email):
    return client.post(reverse("admin_password_reset"), {"email": email}, follow=True)


def test_a_reset_link_by_email_sets_a_new_password(client, clock):
    user = make_staff("editor")
    user.email = "editor@portland.example"
    user.save()
    response = request_reset(client, user.email)
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    link = re.search(r"http://testserver(/\S+/)", mail.outbox[0].body).group(1)

    form = client.get(link, follow=True)
    new_password = "a-fresh-password-for-2030"
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
        follow=True,
    )
    assert "Password reset complete" in page_text(done)
    assert sign_in(client, user.username, new_password).status_code == 302
    assert signed_in(client)


def test_an_unknown_or_non_staff_email_gets_the_same_answer_and_no_mail(client):
    from django.contrib.auth.models import User

    staff = make_staff("editor")
    staff.email = "staff@portland.example"
    staff.save()
    User.objects.create_user("resident", "resident@example.org", STAFF_PASSWORD)
    known = page_text(request_reset(client, staff.email))
    mail.outbox.clear()
    assert page_text(request_reset(client, "nobody@example.org")) == known
    assert page_text(request_reset(client, "resident@example.org")) == known
    assert mail.outbox == []
