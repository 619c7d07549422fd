"""Setting up and passing the second factor in a real browser, at a phone's, a tablet's
and a desktop's width: an authenticator app with JavaScript off and by keyboard, and a
passkey made and used with Chromium's virtual authenticator (DevTools protocol). Each
page passes axe-core and the Nu Html Checker, and none breaks the site's CSP."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from django_otp_webauthn.models import WebAuthnCredential

from ..conftest import STAFF_PASSWORD, make_staff
from .checks import audit_accessibility, is_csp_violation, validate_html
from .conftest import SCREENSHOTS

pytestmark = pytest.mark.password_only

WIDTHS = (375, 768, 1280)


def sign_in_with_password(page, site, user):
    page.goto(site + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", STAFF_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def check_and_capture(page, name):
    """axe (WCAG A and AA), no sideways scrolling, and a screenshot at each width."""
    SCREENSHOTS.mkdir(exist_ok=True)
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        violations = audit_accessibility(page)
        if violations:
            found[width] = violations
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than {width}px"
        file = SCREENSHOTS / f"admin-second-factor-{name}-{width}.png"
        file.unlink(missing_ok=True)
        page.screenshot(path=file, full_page=True)
        assert file.stat().st_size > 0
    assert found == {}, name


def watch_console(page):
    messages = []
    page.on("console", lambda message: messages.append(message))
    return messages


def test_an_authenticator_app_is_set_up_and_a_recovery_code_used_without_javascript(new_page, site):
    user = make_staff("editor", "robin.editor")
    page = new_page(width=768, java_script_enabled=False)
    sign_in_with_password(page, site, user)
    assert page.url.startswith(site + "/admin/second-factor/set-up/")
    html = {"set-up": page.content()}
    assert page.get_by_text("Passkeys need JavaScript").is_visible()

    key = page.locator("#secret-key").inner_text().replace(" ", "")
    secret = b32decode(key + "=" * (-len(key) % 8))
    # By keyboard: Tab to the code field, type the app's code, Enter.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "otp_token":
            break
    page.keyboard.type("000000" if f"{totp(secret):06d}" != "000000" else "111111")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "That code is not right" in page.locator(".errorlist").inner_text()
    html["set-up-error"] = page.content()
    # The wrong code started a one-second wait.
    page.wait_for_timeout(1100)
    page.fill("input[name=otp_token]", f"{totp(secret):06d}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith(site + "/admin/second-factor/recovery-codes/")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    html["recovery-codes"] = page.content()
    with page.expect_navigation():
        page.get_by_role("link", name="I have kept them: continue").click()
    assert page.url == site + "/admin/"

    # Another day: the password, then a recovery code.
    later = new_page(width=768, java_script_enabled=False)
    sign_in_with_password(later, site, user)
    assert later.url.startswith(site + "/admin/second-factor/?next=")
    html["verify"] = later.content()
    later.fill("input[name=recovery_code]", codes[0])
    with later.expect_navigation():
        later.get_by_role("button", name="Continue with a recovery code").click()
    assert later.url == site + "/admin/"

    errors = {name: found for name, found in validate_html(html).items() if found}
    assert errors == {}

    # axe needs JavaScript to run; the pages are the same but for the passkey section.
    audited = new_page(width=768)
    sign_in_with_password(audited, site, make_staff("editor", "kim.editor"))
    check_and_capture(audited, "set-up")
    audited.fill("input[name=otp_token]", "12")
    with audited.expect_navigation():
        audited.keyboard.press("Enter")
    check_and_capture(audited, "set-up-error")


@pytest.fixture
def virtual_authenticator(settings, site):
    """Chromium's virtual authenticator: a platform passkey that needs no touch."""
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [site]

    def attach(page):
        cdp = page.context.new_cdp_session(page)
        cdp.send("WebAuthn.enable")
        cdp.send(
            "WebAuthn.addVirtualAuthenticator",
            {
                "options": {
                    "protocol": "ctap2",
                    "transport": "internal",
                    "hasResidentKey": True,
                    "hasUserVerification": True,
                    "isUserVerified": True,
                    "automaticPresenceSimulation": True,
                }
            },
        )
        return cdp

    return attach


def test_a_passkey_is_made_and_used_with_the_virtual_authenticator(
    new_page, site, virtual_authenticator
):
    user = make_staff("publisher", "ash.publisher")
    page = new_page(width=1280)
    console = watch_console(page)
    virtual_authenticator(page)
    sign_in_with_password(page, site, user)
    button = page.get_by_role("button", name="Make a passkey")
    button.wait_for()
    check_and_capture(page, "set-up-passkey")
    with page.expect_navigation(url=re.compile("/admin/second-factor/recovery-codes/")):
        button.click()
    assert page.get_by_text("Your passkey is set up.").is_visible()
    assert page.locator(".recovery-codes code").count() == 10
    check_and_capture(page, "recovery-codes")
    assert WebAuthnCredential.objects.filter(user=user, confirmed=True).count() == 1

    # Signing in again on the same device: the password, then the passkey.
    page.context.clear_cookies()
    sign_in_with_password(page, site, user)
    assert "/admin/second-factor/?next=" in page.url
    use = page.get_by_role("button", name="Use passkey")
    use.wait_for()
    check_and_capture(page, "verify")
    with page.expect_navigation(url=site + "/admin/"):
        use.click()
    assert page.get_by_role("heading", name="Site content").is_visible()
    assert WebAuthnCredential.objects.get(user=user).sign_count >= 1
    assert [m.text for m in console if is_csp_violation(m)] == []
