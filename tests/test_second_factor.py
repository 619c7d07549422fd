"""The second factor at staff sign-in: no admin page without it, setting up an
authenticator app or a passkey, recovery codes, wrong codes, and the commands that
provision and reset it."""

import json
import re
from base64 import b32decode
from contextlib import suppress
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from programs.models import Program
from publishing.second_factor import enrol_authenticator_app, issue_recovery_codes

from .conftest import (
    MODEL_BACKEND,
    STAFF_PASSWORD,
    make_program,
    make_staff,
    page_text,
    pass_second_factor,
)
from .software_authenticator import SoftwareAuthenticator

pytestmark = [pytest.mark.django_db, pytest.mark.password_only]

VERIFY = "/admin/second-factor/"
ENROL = "/admin/second-factor/set-up/"
RECOVERY = "/admin/second-factor/recovery-codes/"
KEY = bytes(range(20))


def sign_in(client, user, password=STAFF_PASSWORD):
    """The password step only, through the admin's sign-in form."""
    response = client.post(
        reverse("admin:login"),
        {"username": user.username, "password": password, "next": reverse("admin:index")},
    )
    assert response.status_code == 302, "the password was refused"
    return response


def code(key=KEY, drift=0):
    return f"{totp(key, drift=drift):06d}"


def pause_over(device_model):
    """As if the wait after the last wrong code had passed."""
    device_model.objects.update(throttling_failure_timestamp=datetime(2000, 1, 1, tzinfo=UTC))


def is_verified(client):
    response = client.get(reverse("admin:index"))
    return response.status_code == 200


def redirected_to_second_factor(response):
    return response.status_code == 302 and response["Location"].startswith(VERIFY)


# --- No admin page without it ----------------------------------------------------------


def admin_urls():
    """Every admin address: each registered model's own routes (list, add, and those of
    one real row: change, history, delete and any the model's admin adds), each app's
    index, and every other named admin route that takes no argument (the index, password
    change, the sign-in pauses, the second factor's own pages …)."""
    urls = {"/admin/no-such-page/"}
    for model, model_admin in admin.site._registry.items():
        urls.add(reverse("admin:app_list", args=[model._meta.app_label]))
        row = model._default_manager.first()
        arguments = [[]]
        if row is not None:
            arguments.append([row.pk])
            if hasattr(row, "history") and row.history.exists():
                arguments.append([row.pk, row.history.first().pk])  # one past version
        for pattern in model_admin.get_urls():
            for args in arguments if pattern.name else []:
                with suppress(NoReverseMatch):
                    urls.add(reverse(f"admin:{pattern.name}", args=args))
    return urls | named_admin_urls()


def named_admin_urls():
    found = set()

    def walk(patterns, prefix, namespaces):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = [*namespaces, pattern.namespace] if pattern.namespace else namespaces
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                with suppress(NoReverseMatch):  # it takes arguments
                    if route.startswith(settings.ADMIN_URL):
                        found.add(reverse(":".join([*namespaces, pattern.name])))

    walk(get_resolver().url_patterns, "", [])
    return found


# Reachable before the second factor: the pages that ask for it or set it up, the passkey
# ceremonies they call, signing in and out, and the forgotten-password pages.
OPEN = {
    VERIFY,
    ENROL,
    "/admin/login/",
    "/admin/logout/",
    "/admin/password-reset/",
    "/admin/password-reset/sent/",
    "/admin/password-reset/done/",
    *(
        f"/admin/second-factor/passkeys/{path}"
        for path in (
            "registration/begin/",
            "registration/complete/",
            "authentication/begin/",
            "authentication/complete/",
            "jsi18n/",
        )
    ),
}


def test_the_admin_urls_found_are_the_whole_admin(seeded):
    urls = admin_urls()
    assert len(urls) > 100
    program = Program.objects.first()
    assert reverse("admin:programs_program_history", args=[program.pk]) in urls
    version = program.history.first().pk
    assert reverse("admin:programs_program_simple_history", args=[program.pk, version]) in urls
    for expected in ("/admin/", "/admin/sign-in-pauses/", "/admin/password_change/", RECOVERY):
        assert expected in urls
    assert reverse("admin:programs_program_changelist") in urls


@pytest.mark.parametrize("role", ["editor", "publisher"])
def test_a_password_alone_reaches_no_admin_page(client, seeded, role):
    user = make_staff(role)
    enrol_authenticator_app(user, KEY)
    sign_in(client, user)
    reached = {}
    for url in sorted(admin_urls() - OPEN):
        for method in (client.get, client.post):
            response = method(url)
            if not redirected_to_second_factor(response):
                reached[f"{method.__name__} {url}"] = response.status_code
    assert reached == {}
    assert not is_verified(client)


def test_an_account_with_no_second_factor_reaches_only_the_set_up(client, seeded):
    user = make_staff("publisher")
    sign_in(client, user)
    for url in sorted(admin_urls() - OPEN):
        assert redirected_to_second_factor(client.get(url)), url
    response = client.get(f"{VERIFY}?next=/admin/programs/program/")
    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next=%2Fadmin%2Fprograms%2Fprogram%2F"
    assert client.get(ENROL).status_code == 200


def test_once_passed_every_admin_page_answers_as_before(client, seeded):
    user = make_staff("publisher")
    enrol_authenticator_app(user, KEY)
    sign_in(client, user)
    client.post(VERIFY, {"otp_token": code(), "next": "/admin/"})
    assert all(not redirected_to_second_factor(client.get(url)) for url in admin_urls())


def test_the_redirect_keeps_where_the_person_was_going(client, seeded):
    user = make_staff("editor")
    enrol_authenticator_app(user, KEY)
    sign_in(client, user)
    target = reverse("admin:programs_program_changelist") + "?status=draft"
    response = client.get(target)
    assert response["Location"] == f"{VERIFY}?next=/admin/programs/program/%3Fstatus%3Ddraft"
    response = client.post(VERIFY, {"otp_token": code(), "next": target})
    assert response.status_code == 302
    assert response["Location"] == target
    assert client.get(target).status_code == 200


def test_a_password_alone_previews_no_draft(client, seeded):
    draft = make_program(status="draft")
    user = make_staff("publisher")
    enrol_authenticator_app(user, KEY)
    sign_in(client, user)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.post(VERIFY, {"otp_token": code()})
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_an_unsafe_next_address_is_ignored(client, db):
    user = make_staff("editor")
    enrol_authenticator_app(user, KEY)
    sign_in(client, user)
    response = client.post(VERIFY, {"otp_token": code(), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


# --- The authenticator app -------------------------------------------------------------


def secret_from(response):
    text = page_text(response)
    key = re.search(r"or type this key into it: ((?:[A-Z2-7]{4} ?)+)", text).group(1)
    key = key.replace(" ", "")
    return b32decode(key + "=" * (-len(key) % 8))


def test_setting_up_an_authenticator_app_then_keeping_recovery_codes(client, seeded):
    user = make_staff("editor")
    sign_in(client, user)
    page = client.get(ENROL)
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html  # the QR code
    key = secret_from(page)
    assert secret_from(client.get(ENROL)) == key  # reloading shows the same secret

    response = client.post(ENROL, {"otp_token": "000000" if code(key) != "000000" else "1"})
    assert response.status_code == 200
    assert "That code is not right" in page_text(response)
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()

    pause_over(TOTPDevice)
    response = client.post(ENROL, {"otp_token": code(key), "next": "/admin/"}, follow=True)
    assert response.redirect_chain[-1][0] == f"{RECOVERY}?next=%2Fadmin%2F"
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(codes) == 10
    assert "This is the only time they are shown" in page_text(response)
    assert "Your authenticator app is set up." in page_text(response)
    assert TOTPDevice.objects.get(user=user).confirmed
    assert is_verified(client)
    # Shown once: the page afterwards counts them instead.
    assert codes[0] not in client.get(RECOVERY).content.decode()
    assert "You have 10 unused recovery codes." in page_text(client.get(RECOVERY))


def test_the_code_field_is_a_one_time_code_field(client, db):
    user = make_staff("editor")
    enrol_authenticator_app(user, KEY)
    sign_in(client, user)
    html = client.get(VERIFY).content.decode()
    field = re.search(r'<input type="text" name="otp_token"[^>]*>', html).group(0)
    assert 'autocomplete="one-time-code"' in field
    assert 'inputmode="numeric"' in field
    assert 'aria-describedby="id_otp_token_helptext"' in field
    assert re.search(r'<label for="id_otp_token">Code from your authenticator app', html)


def test_a_wrong_code_is_a_form_error_and_the_next_try_waits(client, db):
    user = make_staff("editor")
    enrol_authenticator_app(user, KEY)
    sign_in(client, user)
    wrong = f"{(int(code()) + 500_000) % 1_000_000:06d}"
    response = client.post(VERIFY, {"otp_token": wrong})
    assert response.status_code == 200
    assert "That code is not right." in page_text(response)
    assert response.context["app_form"].errors
    assert page_text(response).startswith("Error:")
    # Straight away, even the right code waits: each failure doubles the pause.
    response = client.post(VERIFY, {"otp_token": code()})
    assert "Too many wrong codes. Wait 1 second before trying again." in page_text(response)
    assert not is_verified(client)
    device = TOTPDevice.objects.get(user=user)
    assert device.throttling_failure_count == 1
    # Each wrong code doubles the wait; a long one is said in minutes and hours.
    TOTPDevice.objects.update(throttling_failure_count=13)
    response = client.post(VERIFY, {"otp_token": code()})
    assert "Too many wrong codes. Wait 1\xa0hour, 8\xa0minutes before trying again." in (
        response.content.decode()
    )
    # Once the pause is over, the right code works and clears the count.
    pause_over(TOTPDevice)
    assert client.post(VERIFY, {"otp_token": code()}).status_code == 302
    assert is_verified(client)
    assert TOTPDevice.objects.get(user=user).throttling_failure_count == 0


@pytest.mark.parametrize("typed", ["", "12345", "abcdef", "1234567", "12 34 5", "x" * 5000])
def test_malformed_codes_are_form_errors(client, db, typed):
    user = make_staff("editor")
    enrol_authenticator_app(user, KEY)
    sign_in(client, user)
    response = client.post(VERIFY, {"otp_token": typed})
    assert response.status_code == 200
    assert response.context["app_form"].errors["otp_token"]
    assert TOTPDevice.objects.get(user=user).throttling_failure_count == 0


@pytest.mark.parametrize("typed", ["{} {}", " {}{} ", "{}\t{}"])
def test_a_code_typed_with_spaces_works(client, db, typed):
    user = make_staff("editor")
    enrol_authenticator_app(user, KEY)
    sign_in(client, user)
    typed = typed.format(code()[:3], code()[3:])
    assert client.post(VERIFY, {"otp_token": typed}).status_code == 302
    assert is_verified(client)


def test_a_code_is_accepted_once(client, db):
    user = make_staff("editor")
    enrol_authenticator_app(user, KEY)
    sign_in(client, user)
    used = code()
    client.post(VERIFY, {"otp_token": used})
    other = Client()
    sign_in(other, user)
    response = other.post(VERIFY, {"otp_token": used})
    assert response.status_code == 200
    assert not is_verified(other)


def test_passing_the_factor_gives_a_new_session_key(client, db):
    user = make_staff("editor")
    enrol_authenticator_app(user, KEY)
    sign_in(client, user)
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(VERIFY, {"otp_token": code()})
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before


def test_adding_a_factor_needs_the_existing_one_first(client, db):
    user = make_staff("editor")
    enrol_authenticator_app(user, KEY)
    sign_in(client, user)
    response = client.get(ENROL)
    assert redirected_to_second_factor(response)
    assert redirected_to_second_factor(client.post(ENROL, {"otp_token": "123456"}))
    assert redirected_to_second_factor(client.post(RECOVERY, {"replace": "1"}))
    assert not StaticDevice.objects.filter(user=user).exists()


# --- Recovery codes ---------------------------------------------------------------------


def test_a_recovery_code_signs_in_once(client, db):
    user = make_staff("publisher")
    enrol_authenticator_app(user, KEY)
    codes = issue_recovery_codes(user)
    sign_in(client, user)
    assert client.post(VERIFY, {"recovery_code": codes[0].upper()}).status_code == 302
    assert is_verified(client)
    assert "You have 9 unused recovery codes." in page_text(client.get(RECOVERY))

    other = Client()
    sign_in(other, user)
    response = other.post(VERIFY, {"recovery_code": codes[0]})
    assert "That recovery code is not right, or it has been used already." in page_text(response)
    assert not is_verified(other)


def test_recovery_codes_alone_still_guard_adding_a_factor(client, db):
    # As when an account's last app was removed behind its back: the password alone must
    # not add a new factor, but a recovery code opens the way to set one up.
    user = make_staff("publisher")
    codes = issue_recovery_codes(user)
    sign_in(client, user)
    assert redirected_to_second_factor(client.get(ENROL))
    assert client.post(VERIFY, {"recovery_code": codes[0]}).status_code == 302
    assert client.get(ENROL).status_code == 200


def test_new_recovery_codes_replace_the_old(client, db):
    user = make_staff("publisher")
    enrol_authenticator_app(user, KEY)
    old = issue_recovery_codes(user)
    client.force_login(user, backend=MODEL_BACKEND)
    pass_second_factor(client, user)
    response = client.post(RECOVERY, {"replace": "1"}, follow=True)
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new) == 10
    assert not set(old) & set(new)
    other = Client()
    sign_in(other, user)
    assert other.post(VERIFY, {"recovery_code": old[1]}).status_code == 200
    pause_over(StaticDevice)
    assert other.post(VERIFY, {"recovery_code": new[1]}).status_code == 302


# --- Passkeys -----------------------------------------------------------------------------

PASSKEYS = "/admin/second-factor/passkeys/"


def post_json(client, path, data=None):
    return client.post(PASSKEYS + path, json.dumps(data or {}), content_type="application/json")


def register_passkey(client, authenticator):
    options = post_json(client, "registration/begin/").json()
    assert options["rp"] == {"id": "localhost", "name": "PDX Community Safety"}
    return post_json(client, "registration/complete/", authenticator.register(options))


def test_a_passkey_is_made_and_then_used_to_sign_in(client, db):
    user = make_staff("publisher")
    sign_in(client, user)
    authenticator = SoftwareAuthenticator(settings.PASSKEY_ORIGIN)
    # The set-up page offers it (the button appears once the script runs).
    html = client.get(ENROL).content.decode()
    assert 'id="passkey-registration-available-template"' in html
    assert 'type="module" src="/static/django_otp_webauthn/otp_webauthn_register.js"' in html

    response = register_passkey(client, authenticator)
    assert response.status_code == 200, response.content
    credential = WebAuthnCredential.objects.get(user=user)
    assert credential.confirmed
    assert is_verified(client)
    # The page's script then posts here: the first factor comes with recovery codes.
    response = client.post(RECOVERY, {"passkey_added": "1", "next": "/admin/"}, follow=True)
    assert "Your passkey is set up." in page_text(response)
    assert len(re.findall(r"<li><code>", response.content.decode())) == 10

    # Next sign-in: the password, then the passkey.
    later = Client()
    sign_in(later, user)
    assert not is_verified(later)
    html = later.get(VERIFY).content.decode()
    assert 'id="passkey-verification-available-template"' in html
    options = post_json(later, "authentication/begin/").json()
    assert [c["id"] for c in options["allowCredentials"]] == [authenticator.assert_(options)["id"]]
    options = post_json(later, "authentication/begin/").json()
    response = post_json(
        later, "authentication/complete/?next=/admin/", authenticator.assert_(options)
    )
    assert response.status_code == 200, response.content
    assert response.json()["redirect_url"] == "/admin/"
    assert is_verified(later)
    assert WebAuthnCredential.objects.get(user=user).sign_count == authenticator.sign_count


def test_a_forged_passkey_signature_is_refused(client, db):
    user = make_staff("publisher")
    sign_in(client, user)
    authenticator = SoftwareAuthenticator(settings.PASSKEY_ORIGIN)
    register_passkey(client, authenticator)
    later = Client()
    sign_in(later, user)
    options = post_json(later, "authentication/begin/").json()
    forged = authenticator.assert_(options, tamper=True)
    response = post_json(later, "authentication/complete/", forged)
    assert response.status_code in (400, 403, 422)
    assert not is_verified(later)


def test_a_passkey_from_another_site_is_refused(client, db):
    user = make_staff("editor")
    sign_in(client, user)
    response = register_passkey(client, SoftwareAuthenticator("https://evil.example"))
    assert response.status_code in (400, 403, 422)
    assert not WebAuthnCredential.objects.exists()
    assert not is_verified(client)


def test_another_persons_passkey_does_not_pass(client, db):
    owner, intruder = make_staff("publisher"), make_staff("editor")
    owners = Client()
    sign_in(owners, owner)
    authenticator = SoftwareAuthenticator(settings.PASSKEY_ORIGIN)
    register_passkey(owners, authenticator)
    enrol_authenticator_app(intruder, KEY)
    sign_in(client, intruder)
    options = post_json(client, "authentication/begin/").json()
    response = post_json(client, "authentication/complete/", authenticator.assert_(options))
    assert response.status_code == 403
    assert not is_verified(client)


def test_no_passkey_can_be_added_with_a_password_alone(client, db):
    user = make_staff("editor")
    enrol_authenticator_app(user, KEY)
    sign_in(client, user)
    assert post_json(client, "registration/begin/").status_code == 403
    assert not WebAuthnCredential.objects.exists()


@pytest.mark.parametrize(
    "path", ["registration/complete/", "authentication/complete/", "authentication/begin/"]
)
@pytest.mark.parametrize("body", ["", "not json", "{}", '{"id": 5, "response": []}'])
def test_nonsense_to_the_passkey_endpoints_is_refused_without_an_error(client, db, path, body):
    user = make_staff("editor")
    sign_in(client, user)
    post_json(client, "registration/begin/")
    post_json(client, "authentication/begin/")
    response = client.post(PASSKEYS + path, body, content_type="application/json")
    assert response.status_code < 500
    if path != "authentication/begin/":
        assert response.status_code >= 400


def test_passkeys_need_a_signed_in_account(client, db):
    for path in ("registration/begin/", "authentication/begin/"):
        assert post_json(client, path).status_code == 403


# --- Commands ----------------------------------------------------------------------------

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def test_create_staff_user_enrols_an_authenticator_app_with_the_given_secret(monkeypatch):
    monkeypatch.setenv("STAFF_USER_PASSWORD", STAFF_PASSWORD)
    call_command(
        "create_staff_user", "alice", role="editor", no_input=True, totp_secret=SECRET.lower()
    )
    alice = User.objects.get(username="alice")
    device = TOTPDevice.objects.get(user=alice)
    assert device.confirmed
    assert device.bin_key == b32decode(SECRET)
    client = Client()
    sign_in(client, alice)
    response = client.post(VERIFY, {"otp_token": code(b32decode(SECRET))})
    assert response.status_code == 302
    assert is_verified(client)


@pytest.mark.parametrize(
    "secret", ["", "not base32!", "JBSWY3DP", "JBSWY3DPEHPK3PX0", "ÄBSWY3DPEHPK3PXP"]
)
def test_create_staff_user_refuses_a_malformed_secret_and_creates_nothing(monkeypatch, secret):
    monkeypatch.setenv("STAFF_USER_PASSWORD", STAFF_PASSWORD)
    with pytest.raises(CommandError, match="--totp-secret"):
        call_command("create_staff_user", "bob", role="editor", no_input=True, totp_secret=secret)
    assert not User.objects.filter(username="bob").exists()
    assert not TOTPDevice.objects.exists()


def test_create_staff_user_on_an_existing_account_replaces_its_app(monkeypatch):
    monkeypatch.setenv("STAFF_USER_PASSWORD", "")
    user = make_staff("editor", username="carol")
    enrol_authenticator_app(user, KEY)
    call_command("create_staff_user", "carol", role="editor", no_input=True, totp_secret=SECRET)
    assert [d.bin_key for d in TOTPDevice.objects.filter(user=user)] == [b32decode(SECRET)]
    assert user.check_password(STAFF_PASSWORD)


def test_resetting_a_lost_factor_sends_them_back_to_set_up(client, db, capsys):
    user = make_staff("publisher")
    enrol_authenticator_app(user, KEY)
    issue_recovery_codes(user)
    sign_in(client, user)
    client.post(VERIFY, {"otp_token": code()})
    assert is_verified(client)

    call_command("reset_second_factor", user.username)
    assert "Removed 2 sign-in device(s)" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    # The session that passed with a removed device no longer counts as passed.
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(ENROL)
    assert "Set up a second way to sign in" in page_text(response)


def test_resetting_an_unknown_user_says_so(db):
    with pytest.raises(CommandError, match="There is no user 'nobody'"):
        call_command("reset_second_factor", "nobody")


def test_the_device_models_are_not_in_the_admin():
    assert TOTPDevice not in admin.site._registry
    assert StaticDevice not in admin.site._registry


def test_the_admin_home_links_to_ones_own_second_factor_pages(client, editor):
    client.force_login(editor, backend=MODEL_BACKEND)
    pass_second_factor(client, editor)
    html = client.get("/admin/").content.decode()
    assert f'<a href="{ENROL}">Your second factor</a>' in html
    assert f'<a href="{RECOVERY}">Your recovery codes</a>' in html
    page = page_text(client.get(ENROL))
    assert "Add another way to sign in" in page
    assert "What you use now Authenticator app" in page


def test_a_refused_passkey_is_logged_as_one_warning_line(client, db, caplog):
    user = make_staff("editor")
    sign_in(client, user)
    post_json(client, "authentication/begin/")
    with caplog.at_level("INFO", logger="django_otp_webauthn"):
        post_json(client, "registration/begin/")
        response = post_json(client, "registration/complete/", {"id": "x"})
    assert response.status_code == 422
    records = [r for r in caplog.records if r.name == "django_otp_webauthn"]
    assert records
    assert all(r.levelname == "WARNING" and not r.exc_info for r in records)


REMOVE = "/admin/second-factor/remove/"


def verified_client(user):
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    pass_second_factor(client, user)
    return client


def test_a_lost_factor_is_removed_but_never_the_last(db):
    user = make_staff("editor")
    enrol_authenticator_app(user, KEY)
    client = verified_client(user)
    passkey = SoftwareAuthenticator(settings.PASSKEY_ORIGIN)
    register_passkey(client, passkey)
    app = TOTPDevice.objects.get(user=user)
    assert "Remove authenticator app" in page_text(client.get(ENROL))

    response = client.post(REMOVE, {"device": app.persistent_id}, follow=True)
    assert "Removed. It no longer signs you in." in page_text(response)
    assert not TOTPDevice.objects.filter(pk=app.pk).exists()
    # The session passed with the app it removed: it must pass a factor again.
    assert redirected_to_second_factor(client.get("/admin/"))

    client = verified_client(user)
    last = WebAuthnCredential.objects.get(user=user)
    assert "Remove" not in page_text(client.get(ENROL))
    response = client.post(REMOVE, {"device": last.persistent_id}, follow=True)
    assert "Add another passkey or app before removing your last one." in page_text(response)
    assert WebAuthnCredential.objects.filter(user=user).exists()


@pytest.mark.parametrize("device", ["", "nonsense", "otp_static.staticdevice/1", "auth.user/1"])
def test_removing_something_that_is_not_ones_own_factor_is_not_found(db, device):
    user, other = make_staff("editor"), make_staff("editor")
    enrol_authenticator_app(user, KEY)
    issue_recovery_codes(user)
    theirs = enrol_authenticator_app(other, KEY)
    client = verified_client(user)
    assert client.post(REMOVE, {"device": device}).status_code == 404
    assert client.post(REMOVE, {"device": theirs.persistent_id}).status_code == 404
    assert TOTPDevice.objects.filter(user=other).exists()


def test_nothing_is_removed_with_a_password_alone(client, db):
    user = make_staff("editor")
    app = enrol_authenticator_app(user, KEY)
    enrol_authenticator_app(make_staff("editor"), KEY)
    sign_in(client, user)
    assert redirected_to_second_factor(client.post(REMOVE, {"device": app.persistent_id}))
    assert TOTPDevice.objects.filter(pk=app.pk).exists()
