"""Shared fixtures: the seed content, and small factories for growing it."""

import itertools
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.management import call_command
from django.db.models import query as django_query
from django.db.models.fetch_modes import FETCH_RAISE
from django.test import Client
from django.utils import timezone

from budget.models import Budget, BudgetItem
from glossary.models import Term
from grants.models import Award, Grantee, GrantRound
from partners.models import Organization
from programs.models import Event, Milestone, Program

_counter = itertools.count(1)


def unique(prefix):
    return f"{prefix}-{next(_counter)}"


@pytest.fixture
def seeded(db):
    """The seed page's content, as a fresh set-up loads it."""
    call_command("seed", verbosity=0)


REFUSED = 'connection failed: connection to server at "10.0.0.5", port 5432 failed: refused'


class DatabaseFault:
    """Every use of the connection fails as it does when the server is unreachable: Django
    raises OperationalError when it tries to connect."""

    def __init__(self):
        self.patch = pytest.MonkeyPatch()

    def start(self):
        from django.db import OperationalError, connection

        def unreachable():
            raise OperationalError(REFUSED)

        self.patch.setattr(connection, "ensure_connection", unreachable)

    def stop(self):
        self.patch.undo()


@pytest.fixture
def clock(monkeypatch, request):
    """The site's clock, set by the test module's ``NOW`` and moved by the test."""

    class Clock:
        now = request.module.NOW

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def no_lazy_loads(monkeypatch):
    """Make any related object fetched lazily (one query per row) raise instead."""
    monkeypatch.setattr(django_query, "DEFAULT_FETCH_MODE", FETCH_RAISE)


def make_organization(status="published", **fields):
    slug = fields.pop("slug", unique("organization"))
    fields.setdefault("name", slug.replace("-", " ").title())
    fields.setdefault("jurisdiction", Organization.Jurisdiction.CITY)
    return Organization.objects.create(slug=slug, status=status, **fields)


def make_program(status="published", **fields):
    slug = fields.pop("slug", unique("program"))
    fields.setdefault("title", slug.replace("-", " ").title())
    fields.setdefault("summary", f"Summary of {fields['title']}.")
    return Program.objects.create(slug=slug, status=status, **fields)


def make_event(program=None, status="published", **fields):
    slug = fields.pop("slug", unique("event"))
    fields.setdefault("title", slug.replace("-", " ").title())
    fields.setdefault("summary", "An event.")
    fields.setdefault("start_date", "2030-05-01")
    return Event.objects.create(slug=slug, status=status, program=program, **fields)


def make_milestone(program, **fields):
    fields.setdefault("title", unique("Milestone"))
    fields.setdefault("date", "2022-01-01")
    return Milestone.objects.create(program=program, **fields)


def make_grantee(status="published", **fields):
    slug = fields.pop("slug", unique("grantee"))
    fields.setdefault("name", slug.replace("-", " ").title())
    fields.setdefault("description", f"{fields['name']} works in the community.")
    return Grantee.objects.create(slug=slug, status=status, **fields)


def make_grant_round(status="published", **fields):
    slug = fields.pop("slug", unique("round"))
    fields.setdefault("title", slug.replace("-", " ").title())
    fields.setdefault("period", "Spring 2030")
    return GrantRound.objects.create(slug=slug, status=status, **fields)


def make_award(grant_round, grantee, amount=None):
    return Award.objects.create(grant_round=grant_round, grantee=grantee, amount=amount)


def make_budget(status="published", **fields):
    slug = fields.pop("slug", unique("budget"))
    fields.setdefault("title", slug.replace("-", " ").title())
    fields.setdefault("fiscal_year", "FY30-31")
    return Budget.objects.create(slug=slug, status=status, **fields)


def make_budget_item(budget, status="published", amount=None, **fields):
    slug = fields.pop("slug", unique("item"))
    fields.setdefault("title", slug.replace("-", " ").title())
    fields.setdefault("priority", "reform")
    if amount is not None:
        amount = Decimal(amount)
    return BudgetItem.objects.create(
        budget=budget, slug=slug, status=status, amount=amount, **fields
    )


def make_term(status="published", **fields):
    slug = fields.pop("slug", unique("term"))
    fields.setdefault("term", slug.replace("-", " ").title())
    fields.setdefault("short_definition", f"What {fields['term']} means.")
    return Term.objects.create(slug=slug, status=status, **fields)


@pytest.fixture
def grown(seeded):
    """The seed plus 200 each of programs, grantees, budget items, partners and glossary
    terms, all linked."""
    organizations = [make_organization(is_listed_partner=n % 2 == 0) for n in range(200)]
    grant_round = GrantRound.objects.get(slug="spring-2022-gun-violence-reduction-grants")
    budget = Budget.objects.get(slug="fy22-23-budget")
    for n in range(200):
        program = make_program(lead_agency=organizations[n])
        make_milestone(program)
        make_event(program)
        make_award(grant_round, make_grantee(), amount=Decimal("1000.00"))
        item = make_budget_item(budget, amount=Decimal("10.50"), priority="restaff")
        item.programs.add(program)
        item.organizations.add(organizations[n])
        make_term()
    return organizations


def page_text(response):
    """The visible text of an HTML response, tags dropped, entities decoded, spaces folded."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = html.replace("<wbr>", "")  # a line-break opportunity, not a space
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# --- Staff ------------------------------------------------------------------------

STAFF_PASSWORD = "a-long-test-password-31"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def make_staff(role, username=None):
    """A staff user in the Editor or Publisher group, as the roles migration made them."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(
        username or unique(role), password=STAFF_PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=role.title()))
    return user


def pass_second_factor(client, user):
    """Mark ``client``'s session as having passed ``user``'s second factor, as the sign-in
    page does (django-otp's ``login`` with one of their devices), giving them an
    authenticator app first if they have no factor."""
    from django.http import HttpRequest
    from django_otp import devices_for_user
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = next(iter(devices_for_user(user)), None) or TOTPDevice.objects.create(
        user=user, name="Authenticator app"
    )
    request = HttpRequest()
    request.session = client.session
    request.user = user
    otp_login(request, device)
    request.session.save()


class _ForceLogin:
    passes_second_factor = True


@pytest.fixture(autouse=True, scope="session")
def staff_pass_second_factor():
    """``client.force_login`` of a staff account also passes its second factor, so tests of
    anything behind it sign in in one step (module-wide fixtures included). Tests of the
    sign-in itself opt out with ``@pytest.mark.password_only``: their ``force_login`` is
    the password alone."""
    force_login = Client.force_login

    def force_login_with_second_factor(self, user, backend=None):
        force_login(self, user, backend)
        if user.is_staff and _ForceLogin.passes_second_factor:
            pass_second_factor(self, user)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Client, "force_login", force_login_with_second_factor)
        yield


@pytest.fixture(autouse=True)
def _password_only(request):
    if request.node.get_closest_marker("password_only"):
        _ForceLogin.passes_second_factor = False
    yield
    _ForceLogin.passes_second_factor = True


@pytest.fixture
def editor(db):
    return make_staff("editor")


@pytest.fixture
def publisher(db):
    return make_staff("publisher")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor, backend=MODEL_BACKEND)
    return client


@pytest.fixture
def publisher_client(client, publisher):
    client.force_login(publisher, backend=MODEL_BACKEND)
    return client


def form_post_data(form, data):
    """Add what a browser would send for ``form``, unchanged, to ``data``."""
    from django.forms import MultiWidget

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
    return data


def admin_form_data(response):
    """The POST data a browser would send back from an admin change form, unchanged."""
    data = form_post_data(response.context["adminform"].form, {})
    for inline in response.context.get("inline_admin_formsets", []):
        form_post_data(inline.formset.management_form, data)
        for form in inline.formset.forms:
            form_post_data(form, data)
    return data


# What a publisher's confirmed decisions send: applying a held change as a minor change,
# and the "Publish now" confirmation page's answer.
APPLY = {"_apply_pending": "1", "apply-confirm": "on", "apply-change_kind": "minor"}
PUBLISH_CONFIRMED = {"publish_confirmed": "1", "publish-change_kind": "minor"}
