"""Run under the PREVIOUS code (commit e739455), on a migrated and seeded database:
add what a site in use has beyond its seed, the way staff made it then.

Publishers' saves through the admin leave history rows, admin log entries, a change
note, a permanent link for a renamed page and a deleted page; editors' saves to
published items leave held changes (raw POST data in ``PendingChange.data``).

Only this file may import the previous code's modules, and it must never import the
current code's; it is run as a script, with the previous tree first on sys.path.
"""

import os
import sys
from datetime import timedelta
from decimal import Decimal

import django
from django.db import transaction
from django.forms import MultiWidget
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
from django.utils import timezone

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

# Text that only a held change or a draft contains: it must never reach a public page.
HELD = "Held change"
NEVER_PUBLIC = "Never public"


def staff(username, role):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, password="a-long-upgrade-password-31")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def change_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def form_data(response):
    """What a browser posts back from an admin change form, unchanged (as the previous
    tests' ``admin_form_data`` did)."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            key = form.add_prefix(name)
            value = form[name].value()
            if isinstance(field.widget, MultiWidget):
                for index, part in enumerate(field.widget.decompress(value)):
                    data[f"{key}_{index}"] = "" if part is None else str(part)
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(item) for item in value]
            elif value is not None:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def save_in_admin(client, item, **changes):
    url = change_url(item)
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    response = client.post(url, {**form_data(page), **changes})
    if response.status_code != 302:
        errors = response.context["adminform"].form.errors if response.context else ""
        raise AssertionError(f"{url} not saved: {errors}")


def main():
    # The previous code's own modules, importable once Django is set up.
    from pdxsafety.models import ChangeNote, PendingChange, PermanentLink, SiteAlert

    from grants.models import Budget, BudgetItem, Grantee
    from programs.models import Program

    publisher = staff("upgrade-publisher", "Publisher")
    editor = staff("upgrade-editor", "Editor")

    # A major change: history, an admin log entry and a public change note.
    summer = Program.objects.get(slug="safer-summer-pdx")
    save_in_admin(
        publisher,
        summer,
        summary="Safer Summer PDX funds community events, outreach and summer jobs.",
        change_kind="major",
        change_note="Added the summer jobs programme.",
    )
    assert ChangeNote.objects.count() == 1

    # A published page renamed: its old address must keep redirecting.
    pilot = Program.objects.get(slug="gunshot-detection-pilot")
    save_in_admin(publisher, pilot, slug="gunshot-detection-pilot-evaluation")
    assert PermanentLink.objects.filter(slug="gunshot-detection-pilot").exists()

    budget = Budget.objects.get(slug="fy22-23-budget")
    save_in_admin(publisher, budget, intro="The adopted budget for fiscal year 2022-23.")
    item = budget.items.order_by("pk").first()
    save_in_admin(publisher, item, amount="1234567.89", description="Revised in the fall.")

    # Saved outside the admin too: a history row without a user, and m2m history.
    item = BudgetItem.objects.order_by("pk").last()
    item.amount = (item.amount or Decimal(0)) + Decimal("1000.00")
    item.save()
    item.programs.add(Program.objects.get(slug="portland-street-response"))
    item.save()

    SiteAlert.objects.create(message="311 phone lines are back to normal hours.")
    alert = SiteAlert.objects.get()
    alert.severity = SiteAlert.Severity.WARNING
    alert.save()

    # A page residents could see, then deleted: its address now answers 410 Gone.
    gone = Grantee.objects.create(
        slug="closed-organization",
        name="Closed Organization",
        description="No longer operating.",
        status="published",
        published_at=timezone.now() - timedelta(days=30),
    )
    gone.delete()

    Program.objects.create(
        slug="upgrade-draft-program",
        title=f"{NEVER_PUBLIC}: a draft program",
        summary="Not yet approved.",
        status="draft",
    )

    # Editors' saves to published items are held for a publisher's review.
    street = Program.objects.get(slug="portland-street-response")
    data = form_data(editor.get(change_url(street)))
    data.update(
        {
            "title": f"{HELD}: Portland Street Response",
            "milestones-TOTAL_FORMS": str(int(data["milestones-TOTAL_FORMS"]) + 1),
        }
    )
    new_row = int(data["milestones-TOTAL_FORMS"]) - 1
    data[f"milestones-{new_row}-title"] = f"{HELD}: a new milestone"
    data[f"milestones-{new_row}-date_precision"] = "day"
    data[f"milestones-{new_row}-program"] = str(street.pk)
    assert editor.post(change_url(street), data).status_code == 302

    spring = Budget.objects.get(slug="spring-budget-monitoring-process")
    save_in_admin(editor, spring, title=f"{HELD}: Spring budget monitoring")

    item = spring.items.order_by("pk").first()
    save_in_admin(editor, item, title=f"{HELD}: a budget item", amount="42.00")

    grantee = Grantee.objects.get(slug="ario")
    save_in_admin(editor, grantee, name=f"{HELD}: a grantee name")

    held = PendingChange.objects.count()
    assert held == 4, f"expected 4 held changes, found {held}"
    assert Program.objects.get(pk=street.pk).title == "Portland Street Response"


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pdxsafety.settings.test")
    django.setup()
    # The test client records template contexts only in a test environment; the admin
    # forms are read from them.
    setup_test_environment()
    with transaction.atomic():
        main()
    sys.stdout.write("built\n")
