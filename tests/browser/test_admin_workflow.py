"""The staff workflow's own admin screens, in a real browser, held to the public pages' bar.

City staff review an editor's held change (every difference, a preview link, Apply or
Discard, or Withdraw for its writer), choose between two versions where both sides
changed a value, resolve a refused save, and read an item's history. Each of these
pages must pass axe-core (WCAG 2.0/2.1/2.2 A and AA) on the whole page at a phone's and
a desktop's width, fit the phone's width, be valid HTML to the Nu Html Checker, and
work with JavaScript off by keyboard alone, with the outcome checked in the database.

The held change and the "someone else saved meanwhile" edits are made with the ORM and
``publishing.workflow``; applying with a choice and resolving a refused save, the
things under test, are done in the browser.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from grants.models import Grantee
from publishing import workflow
from publishing.models import ChangeNote, HeldChange

from ..conftest import MODEL_BACKEND, make_grantee, make_staff
from .checks import audit_accessibility, validate_html, visible_focus_indicator
from .conftest import SCREENSHOTS, WIDTHS

# Long enough (over 80 characters between the two versions) to be shown word by word.
STORY = (
    "Rosewood Initiative runs evening outreach in East Portland, pairing trusted "
    "neighbors with young people at parks and transit stops."
)

FOCUSED = """() => {
    const element = document.activeElement;
    return {
        tag: element.tagName,
        name: element.getAttribute("name"),
        value: element.getAttribute("value"),
        type: element.getAttribute("type"),
        label: element.labels && element.labels.length ? element.labels[0].innerText.trim() : "",
    };
}"""


def change_url(item):
    return reverse("admin:grants_grantee_change", args=[item.pk])


def staff_page(new_page, site, user, java_script_enabled=False):
    """A phone-sized page signed in as ``user`` through Django's session cookie (the test
    server is plain http, and the session cookie is not marked secure)."""
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    page = new_page(width=WIDTHS[0], java_script_enabled=java_script_enabled)
    page.set_default_timeout(10_000)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site,
            }
        ]
    )
    return page


def check_page(new_page, site, user, path, html, name):
    """axe on the whole page, no sideways scrolling, and a screenshot, at each width.

    ``html`` is the page exactly as the server sent it (a form's answer included), served
    again at its own address to a page with JavaScript on: with JavaScript off Chromium
    runs no timers, so axe-core never finishes there. None of our templates uses script,
    so our parts of the page are the same either way; Django's widgets are added too.
    """
    page = staff_page(new_page, site, user, java_script_enabled=True)
    page.route(
        site + path,
        lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"),
    )
    page.goto(site + path)
    SCREENSHOTS.mkdir(exist_ok=True)
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        violations = audit_accessibility(page)
        if violations:
            found[width] = violations
        assert_fits(page, name)
        assert_still_tables(page, name)
        file = SCREENSHOTS / f"admin-{name}-{width}.png"
        file.unlink(missing_ok=True)
        page.screenshot(path=file, full_page=True)
        assert file.stat().st_size > 0
    assert found == {}, name


def stacked_tables(page):
    """What Chromium's own accessibility tree makes of each stacked table: whether it is
    still a table, and the names of its column headings and cells."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    selected = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": ".stacked-table"})
    found = []
    for node in selected["nodeIds"]:
        table = {}
        for role in ("table", "columnheader", "cell"):
            nodes = cdp.send("Accessibility.queryAXTree", {"nodeId": node, "role": role})["nodes"]
            table[role] = [n["name"]["value"] for n in nodes if not n.get("ignored")]
        found.append(table)
    cdp.detach()
    return found


def assert_still_tables(page, name):
    """Stacked on a phone, a table is still read as one: its headings name its columns,
    and the headings shown beside each value are not read a second time."""
    for table in stacked_tables(page):
        assert len(table["table"]) == 1, name
        assert table["columnheader"] and table["cell"], name
        shown = tuple(f"{heading}:" for heading in table["columnheader"])
        assert not [cell for cell in table["cell"] if cell.startswith(shown)], name


def assert_fits(page, name):
    """Nothing is wider than the screen: no sideways scrolling on a phone."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} is {overflow}px wider than {page.viewport_size['width']}px"


def tab_to(page, wanted, limit=150):
    """Press Tab until the focused element satisfies ``wanted``; each stop shows focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        indicator = visible_focus_indicator(page)
        assert indicator["visible"], f"no visible focus on {indicator['element']}"
        if wanted(focused):
            return focused
    raise AssertionError(f"Tab never reached the element on {page.url}")


def radio(key, value):
    return lambda focused: (focused["name"], focused["value"]) == (f"resolve:{key}", value)


def button(label):
    return lambda focused: focused["type"] == "submit" and focused["value"] == label


def press_and_load(page, key):
    """Press ``key`` on the focused element and wait for the page it submits to."""
    with page.expect_navigation() as navigation:
        page.keyboard.press(key)
    response = navigation.value
    assert response.ok, response.status
    return response.text()


def save_as(item, user, **values):
    """Someone else saves ``values`` to ``item``, with their name in its history."""
    for name, value in values.items():
        setattr(item, name, value)
    workflow.attribute(item, author=user, user=user)
    item.save()


def errors_of(documents):
    return {name: errors for name, errors in validate_html(documents).items() if errors}


@pytest.fixture
def staff(site):
    return {
        "editor": make_staff("editor", "dana.editor"),
        "publisher": make_staff("publisher", "lee.publisher"),
        "colleague": make_staff("publisher", "sam.colleague"),
    }


def test_a_held_change_is_reviewed_and_applied_with_a_choice_by_keyboard(new_page, site, staff):
    grantee = make_grantee(
        name="Rosewood", summary="Evening outreach.", description=STORY, website=""
    )
    workflow.hold(
        grantee,
        {
            "name": "Rosewood Initiative",
            "summary": "Evening outreach in East Portland.",
            "description": STORY + " Now also on weekends.",
        },
        {"name": "Rosewood", "summary": "Evening outreach.", "description": STORY},
        staff["editor"],
    )
    # Meanwhile a colleague changes the live item: two of the same values, and one other.
    save_as(
        grantee,
        staff["colleague"],
        summary="Outreach every evening.",
        description=STORY + " Funded through 2026.",
        website="https://rosewoodinitiative.org/",
    )
    url = change_url(grantee)
    pages = {}

    # The editor who wrote it sees it waiting, and may only withdraw it.
    page = staff_page(new_page, site, staff["editor"])
    pages["held-change-writer"] = page.goto(site + url).text()
    panel = page.locator(".held-change")
    assert panel.get_by_role("heading", name="Draft change waiting for review").is_visible()
    assert panel.get_by_role("button", name="Withdraw my waiting change").is_visible()
    assert panel.get_by_role("button", name="Apply the draft change").count() == 0
    preview = panel.get_by_role("link", name="Preview the change on the public page")
    preview_url = preview.get_attribute("href")
    assert_fits(page, "held-change-writer")
    check_page(
        new_page, site, staff["editor"], url, pages["held-change-writer"], "held-change-writer"
    )
    page.goto(site + preview_url)
    # The preview marks what the change adds to the live name.
    heading = page.locator("h1")
    assert heading.inner_text().startswith("Rosewood")
    assert heading.locator("ins.change-mark").inner_text().split()[-1] == "Initiative"

    # The publisher sees every difference, a preview, and both versions of each clash.
    page = staff_page(new_page, site, staff["publisher"])
    pages["held-change-review"] = page.goto(site + url).text()
    panel = page.locator(".held-change")
    table = panel.get_by_role("table", name="What applying it would change")
    assert table.locator("tbody tr").count() == 3
    assert panel.get_by_role("link", name="Preview the change on the public page").is_visible()
    # Its own form, before the admin's main form rather than inside it: forms cannot nest
    # (the HTML checker below reads the page as sent, where a nested form is an error).
    assert panel.locator("form input[name='resolve:summary']").count() == 2
    assert page.evaluate(
        "document.querySelector('.held-change')"
        ".compareDocumentPosition(document.getElementById('grantee_form'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    # Struck and marked words are said, not only shown.
    after = stacked_tables(page)[0]["cell"][3]
    assert "[removed: Funded ][added: Now ]" in after, after
    for key, label in (("summary", "Summary"), ("description", "Description")):
        group = panel.get_by_role("group", name=label)
        assert group.get_by_role("radio", name="Keep the editor's change").count() == 1
        assert group.get_by_role("radio", name="Keep the live version").count() == 1
        assert group.locator(f"input[name='resolve:{key}']").count() == 2
    assert_fits(page, "held-change-review")
    check_page(
        new_page, site, staff["publisher"], url, pages["held-change-review"], "held-change-review"
    )

    # Keyboard only, JavaScript off: the editor's summary, the live description.
    tab_to(page, radio("summary", "mine"))
    page.keyboard.press("Space")
    tab_to(page, radio("description", "mine"))
    # Tab stops once in a radio group; the arrow keys move the choice within it.
    page.keyboard.press("ArrowRight")
    assert page.evaluate(FOCUSED)["value"] == "theirs"
    # A major change, with its public note, confirmed.
    tab_to(page, lambda focused: focused["name"] == "apply-change_kind")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUSED)["value"] == "major"
    note = tab_to(page, lambda focused: focused["name"] == "apply-change_note")
    assert note["label"].startswith("Public note")
    page.keyboard.type("Now also on weekends.")
    tab_to(page, lambda focused: focused["name"] == "apply-confirm")
    page.keyboard.press("Space")
    tab_to(page, button("Apply the draft change"))
    assert "Applied — now live." in press_and_load(page, "Enter")

    grantee.refresh_from_db()
    assert (grantee.name, grantee.summary, grantee.description, grantee.website) == (
        "Rosewood Initiative",  # only the editor changed it
        "Evening outreach in East Portland.",  # both did: the publisher chose the editor's
        STORY + " Funded through 2026.",  # both did: the publisher chose the live one
        "https://rosewoodinitiative.org/",  # only the colleague changed it
    )
    assert grantee.is_live()
    assert not HeldChange.objects.exists()
    assert list(ChangeNote.objects.values_list("note", flat=True)) == ["Now also on weekends."]

    # The history says who wrote it, who applied it, and the note.
    history = reverse("admin:grants_grantee_history", args=[grantee.pk])
    pages["history"] = page.goto(site + history).text()
    newest = page.locator("#change-history tbody tr").first
    cells = [cell.inner_text().strip() for cell in newest.locator("th, td").all()]
    assert cells[2:5] == ["dana.editor", "lee.publisher", "Now also on weekends."], cells
    assert "sam.colleague" in page.locator("#change-history").inner_text()
    check_page(new_page, site, staff["publisher"], history, pages["history"], "history")

    assert errors_of(pages) == {}


def test_a_held_change_with_a_clash_can_be_discarded_without_choosing(new_page, site, staff):
    grantee = make_grantee(name="Rosewood", summary="Evening outreach.")
    workflow.hold(
        grantee, {"summary": "Editor's."}, {"summary": "Evening outreach."}, staff["editor"]
    )
    save_as(grantee, staff["colleague"], summary="Colleague's.")

    page = staff_page(new_page, site, staff["publisher"])
    page.goto(site + change_url(grantee))
    tab_to(page, button("Discard the draft change"))
    assert "The draft change was discarded." in press_and_load(page, "Enter")
    assert not HeldChange.objects.exists()
    assert Grantee.objects.get(pk=grantee.pk).summary == "Colleague's."


def test_a_refused_save_is_resolved_by_keyboard_and_nothing_is_lost(new_page, site, staff):
    grantee = make_grantee(
        name="Rosewood", summary="Evening outreach.", description=STORY, status="draft"
    )
    url = change_url(grantee)
    page = staff_page(new_page, site, staff["editor"])
    page.goto(site + url)

    # While the editor has the form open, a colleague saves two of the same fields and one other.
    save_as(
        grantee,
        staff["colleague"],
        summary="Outreach every evening.",
        description=STORY + " Funded through 2026.",
        website="https://rosewoodinitiative.org/",
    )
    page.fill("#id_name", "Rosewood Initiative")
    page.fill("#id_summary", "Evening outreach in East Portland.")
    page.fill("#id_description", STORY + " Now also on weekends.")
    page.locator("#id_name").focus()
    tab_to(page, button("Save"))
    pages = {"save-conflict": press_and_load(page, "Enter")}

    assert "Not saved: someone else changed the same thing" in pages["save-conflict"]
    grantee.refresh_from_db()
    assert (grantee.name, grantee.summary) == ("Rosewood", "Outreach every evening.")
    # Inside the admin's main form, so that the choices are sent with the save.
    choices = page.locator("#grantee_form fieldset.errornote-conflicts")
    assert choices.locator("legend").first.is_visible()
    assert choices.locator("del").first.inner_text() and choices.locator("ins").first.inner_text()
    for key, label in (("summary", "Summary"), ("description", "Description")):
        group = choices.get_by_role("group", name=label)
        assert group.get_by_role("radio", name="Keep your version").count() == 1
        assert group.get_by_role("radio", name="Keep the saved version").count() == 1
        assert group.locator(f"input[name='resolve:{key}']").count() == 2
    assert_fits(page, "save-conflict")
    check_page(new_page, site, staff["editor"], url, pages["save-conflict"], "save-conflict")

    # Keyboard only, from the top of the page: the colleague's summary, the editor's
    # own description.
    tab_to(page, radio("summary", "mine"))
    page.keyboard.press("ArrowRight")
    assert page.evaluate(FOCUSED)["value"] == "theirs"
    tab_to(page, radio("description", "mine"))
    page.keyboard.press("Space")
    tab_to(page, button("Save"))
    assert "was changed successfully" in press_and_load(page, "Enter")

    grantee.refresh_from_db()
    assert (grantee.name, grantee.summary, grantee.description, grantee.website) == (
        "Rosewood Initiative",  # only the editor changed it
        "Outreach every evening.",  # both did: the editor kept the saved one
        STORY + " Now also on weekends.",  # both did: the editor kept their own
        "https://rosewoodinitiative.org/",  # only the colleague changed it
    )

    assert errors_of(pages) == {}
