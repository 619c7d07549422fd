"""Staff type times, amounts and web addresses the way people write them, and get a
message saying what to type when the admin cannot read them."""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.db import models
from django.forms import Select
from django.urls import reverse

from budget.models import BudgetItem
from grants.models import Award, Grantee
from programs.models import Event
from publishing.admin import PUBLISHING_PLACE, PUBLISHING_TITLE, PublishableAdmin, flat
from publishing.input_fields import (
    CompactCheckboxes,
    MoneyField,
    SplitDateTimeField,
    TimeField,
    WebAddressField,
    parse_amount,
    parse_time,
)
from publishing.models import Publishable, SiteAlert
from publishing.registry import content_app_labels

from .conftest import (
    MODEL_BACKEND,
    admin_form_data,
    make_budget,
    make_grant_round,
    make_grantee,
    make_staff,
)

NOW = datetime(2030, 3, 1, 18, 0, tzinfo=UTC)


def add_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def change_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def add_form(client, model, **values):
    """What a browser sends from ``model``'s empty add form, with ``values`` typed in."""
    return {**admin_form_data(client.get(add_url(model))), **values}


def field_errors(response, name):
    return response.context["adminform"].form.errors.get(name, [])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- Times --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("6:00 pm", time(18, 0)),
        ("6pm", time(18, 0)),
        ("6 PM", time(18, 0)),
        ("6:30pm", time(18, 30)),
        ("6:30 p.m.", time(18, 30)),
        ("18:00", time(18, 0)),
        ("18:00:00", time(18, 0)),
        ("12 am", time(0, 0)),
        ("12:15 pm", time(12, 15)),
        ("9.30am", time(9, 30)),
        ("noon", time(12, 0)),
    ],
)
def test_times_are_read_as_people_write_them(typed, read):
    assert parse_time(typed) == read
    assert TimeField().clean(typed) == read


@pytest.mark.parametrize("typed", ["6", "13pm", "0am", "25:00", "6:75 pm", "soon", "6:3"])
def test_a_time_that_is_not_one_is_refused_with_what_to_type(typed):
    assert parse_time(typed) is None
    with pytest.raises(Exception, match="Type it like 6:30 pm, 6pm or 18:30") as error:
        TimeField().clean(typed)
    assert typed in str(error.value)


def test_the_event_form_shows_the_time_format_and_saves_typed_times(publisher_client):
    page = publisher_client.get(add_url(Event)).content.decode()
    assert 'placeholder="e.g. 6:30 pm"' in page
    assert "Type a time like 6:30 pm, 6pm or 18:30." in page

    data = add_form(
        publisher_client,
        Event,
        title="Townhall",
        summary="A meeting.",
        slug="townhall",
        start_date="2030-05-01",
        start_time="6:00 pm",
        end_time="8pm",
    )
    response = publisher_client.post(add_url(Event), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug="townhall")
    assert (event.start_time, event.end_time) == (time(18, 0), time(20, 0))
    # Shown again the way it was typed, and read back the same when saved unchanged.
    page = publisher_client.get(change_url(event)).content.decode()
    assert 'value="6:00 pm"' in page


def test_a_nonsense_time_is_an_error_on_its_field(publisher_client):
    data = add_form(
        publisher_client,
        Event,
        title="Townhall",
        summary="A meeting.",
        slug="townhall",
        start_date="2030-05-01",
        start_time="after work",
    )
    response = publisher_client.post(add_url(Event), data)
    assert response.status_code == 200
    assert field_errors(response, "start_time") == [
        "“after work” is not a time we can read. Type it like 6:30 pm, 6pm or 18:30."
    ]
    assert not Event.objects.filter(slug="townhall").exists()


def test_the_time_of_a_date_and_time_is_read_the_same_way(publisher_client):
    data = add_form(
        publisher_client,
        Event,
        title="Townhall",
        summary="A meeting.",
        slug="townhall",
        start_date="2030-05-01",
        status="published",
        published_at_0="2030-04-01",
        published_at_1="9am",
    )
    assert publisher_client.post(add_url(Event), data).status_code == 302
    published_at = Event.objects.get(slug="townhall").published_at
    assert published_at == datetime(2030, 4, 1, 16, 0, tzinfo=UTC)  # 9 am Pacific, summer


# --- An event's end ----------------------------------------------------------------------


def test_an_end_time_without_a_start_time_is_refused_on_the_start_time(publisher_client):
    data = add_form(
        publisher_client,
        Event,
        title="Townhall",
        summary="A meeting.",
        slug="townhall",
        start_date="2030-05-01",
        end_time="8 pm",
    )
    response = publisher_client.post(add_url(Event), data)
    assert response.status_code == 200
    assert field_errors(response, "start_time") == [
        "An end time needs a start time: fill in when the event starts, or empty the end time."
    ]
    assert not Event.objects.exists()


@pytest.mark.parametrize("end", ["5pm", "6pm"])
def test_an_end_before_or_at_the_start_is_refused_on_the_end_time(publisher_client, end):
    data = add_form(
        publisher_client,
        Event,
        title="Townhall",
        summary="A meeting.",
        slug="townhall",
        start_date="2030-05-01",
        start_time="6pm",
        end_time=end,
    )
    response = publisher_client.post(add_url(Event), data)
    assert field_errors(response, "end_time") == ["The end time must be after the start time."]
    assert not Event.objects.exists()


# --- Amounts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("$1,250,000", Decimal("1250000")),
        ("1,250,000.50", Decimal("1250000.50")),
        ("1250000", Decimal("1250000")),
        ("$ 2,400,000.00", Decimal("2400000")),
        ("1.4M", Decimal("1400000")),
        ("$2.4 million", Decimal("2400000")),
        ("25k", Decimal("25000")),
        ("0", Decimal("0")),
    ],
)
def test_amounts_are_read_as_typed(typed, read):
    assert parse_amount(typed) == read
    assert MoneyField(max_digits=14, decimal_places=2).clean(typed) == read


@pytest.mark.parametrize(
    "typed", ["1.250.000", "1e9", "12,50", "1,25,000", "1,2500", "$1,250,000.5.0", "about 5000"]
)
def test_an_ambiguous_amount_is_refused_with_how_to_type_it(typed):
    assert parse_amount(typed) is None
    with pytest.raises(Exception, match="commas only between thousands, a point only before"):
        MoneyField(max_digits=14, decimal_places=2).clean(typed)


def test_a_negative_amount_is_refused_plainly():
    with pytest.raises(Exception, match="cannot be negative"):
        MoneyField(max_digits=14, decimal_places=2).clean("-500")


@pytest.fixture
def budget(db):
    return make_budget()


def post_budget_item(client, budget, amount):
    data = add_form(
        client, BudgetItem, budget=budget.pk, title="Outreach", slug="outreach", amount=amount
    )
    return client.post(add_url(BudgetItem), data, follow=True)


def test_a_typed_amount_is_saved_as_read_without_a_warning(publisher_client, budget):
    page = publisher_client.get(add_url(BudgetItem)).content.decode()
    assert 'placeholder="e.g. $1,250,000"' in page
    # A number box would drop "$1,250,000" without a word.
    assert '<input type="text" name="amount"' in page
    response = post_budget_item(publisher_client, budget, "$1,250,000")
    assert BudgetItem.objects.get(slug="outreach").amount == Decimal("1250000.00")
    assert not [text for text in messages_of(response) if "was read as" in text]


def test_an_ambiguous_amount_is_an_error_on_the_form_and_nothing_is_saved(publisher_client, budget):
    response = post_budget_item(publisher_client, budget, "1.250.000")
    assert field_errors(response, "amount") == [
        "“1.250.000” is not an amount we can read. Type US dollars like $1,250,000 or "
        "1250000.50: commas only between thousands, a point only before the cents."
    ]
    assert not BudgetItem.objects.exists()


@pytest.mark.parametrize(
    ("typed", "warning"),
    [
        ("1,000,000,000", "Amount (US dollars) was read as $1,000,000,000.00, more than $10"),
        ("1.4", "Amount (US dollars) was read as $1.40, less than $100"),
        ("0", "Amount (US dollars) was read as $0.00"),
    ],
)
def test_an_implausible_amount_is_saved_with_a_warning_naming_it(
    publisher_client, budget, typed, warning
):
    response = post_budget_item(publisher_client, budget, typed)
    assert BudgetItem.objects.get(slug="outreach").amount == parse_amount(typed)
    assert [text for text in messages_of(response) if text.startswith(warning)]


def test_an_implausible_amount_in_a_row_is_warned_about_by_row(publisher_client):
    grant_round = make_grant_round(status="draft")
    grantee = make_grantee(name="Rosewood Initiative")
    response = publisher_client.get(change_url(grant_round))
    data = admin_form_data(response)
    data.update({"awards-TOTAL_FORMS": "1", "awards-0-grantee": grantee.pk})
    data["awards-0-amount"] = "$50,000,000"
    response = publisher_client.post(change_url(grant_round), data, follow=True)
    assert Award.objects.get().amount == Decimal("50000000")
    assert any(
        text.startswith("Award “Rosewood Initiative — ")
        and "was read as $50,000,000.00, more than $10 million" in text
        for text in messages_of(response)
    ), messages_of(response)


# --- Web addresses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["javascript:alert(1)", "JavaScript:alert(document.cookie)", "ftp://x.org/", "mailto:a@b.org"],
)
def test_an_address_that_is_not_a_web_page_says_it_must_start_with_http(publisher_client, typed):
    grantee = make_grantee(status="draft")
    data = {**admin_form_data(publisher_client.get(change_url(grantee))), "website": typed}
    response = publisher_client.post(change_url(grantee), data)
    assert field_errors(response, "website") == [
        "Enter a web address starting with https:// or http://."
    ]
    assert Grantee.objects.get(pk=grantee.pk).website == ""


def test_an_address_without_a_scheme_is_taken_as_https(publisher_client):
    grantee = make_grantee(status="draft")
    data = {**admin_form_data(publisher_client.get(change_url(grantee))), "website": "ario.org"}
    assert publisher_client.post(change_url(grantee), data).status_code == 302
    assert Grantee.objects.get(pk=grantee.pk).website == "https://ario.org"


# --- Every admin form, and every row edited inline ---------------------------------------

PUBLISHABLE_ADMINS = [
    model_admin
    for model_admin in admin.site._registry.values()
    if isinstance(model_admin, PublishableAdmin)
]
EXPECTED_FORM_FIELD = {
    models.TimeField: TimeField,
    models.DateTimeField: SplitDateTimeField,
    models.DecimalField: MoneyField,
    models.URLField: WebAddressField,
}


def every_form_class(request):
    """The form of every admin of this project's models (not Django's own, for users
    and groups), and of every row edited inline."""
    ours = {*content_app_labels(), "publishing"}
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in ours:
            continue
        yield model_admin.model, model_admin.get_form(request)
        for inline in model_admin.get_inline_instances(request):
            yield inline.model, inline.get_formset(request).form


def test_every_time_amount_address_and_link_in_the_admin_is_read_the_friendly_way(rf, db):
    request = rf.get("/")
    request.user = make_staff("publisher")
    checked = links = 0
    for model, form in every_form_class(request):
        for name, field in form.base_fields.items():
            db_field = next((f for f in model._meta.fields if f.name == name), None)
            expected = EXPECTED_FORM_FIELD.get(type(db_field))
            if expected:
                assert isinstance(field, expected), f"{model._meta.label}.{name}"
                checked += 1
            if any(f.name == name for f in model._meta.many_to_many):
                assert isinstance(field.widget.widget, CompactCheckboxes), name
                links += 1
            if isinstance(db_field, models.ForeignKey):
                assert type(field.widget.widget) is Select, f"{model._meta.label}.{name}"
    assert checked >= 15
    assert links >= 3  # a component's and a budget item's organizations, its programs


@pytest.mark.parametrize("role", ["publisher", "editor"])
@pytest.mark.parametrize(
    "model_admin", PUBLISHABLE_ADMINS, ids=lambda model_admin: model_admin.model._meta.label
)
def test_every_add_form_puts_slug_and_publishing_last_in_one_place(client, db, role, model_admin):
    client.force_login(make_staff(role), backend=MODEL_BACKEND)
    response = client.get(add_url(model_admin.model))
    assert response.status_code == 200
    fieldsets = [
        (fieldset.name, list(flat(fieldset.fields))) for fieldset in response.context["adminform"]
    ]
    title, placed = fieldsets[-1]
    assert title == PUBLISHING_TITLE
    assert placed == [name for name in PUBLISHING_PLACE if name in placed]
    assert placed[:2] == ["slug", "status"], placed
    elsewhere = [name for _title, names in fieldsets[:-1] for name in names]
    assert elsewhere, "the content comes first"
    # The model's own fields come first; any field every item shares comes after them.
    shared = [name in {f.name for f in Publishable._meta.get_fields()} for name in elsewhere]
    assert shared == sorted(shared), elsewhere
    assert not set(elsewhere) & set(PUBLISHING_PLACE)
    page = response.content.decode()
    if "order" in elsewhere:
        assert "Lower numbers are listed first: 0, then 1, then 2." in page
    if role == "publisher":
        assert "Draft: only staff see it." in page


def test_order_says_what_it_is_counted_within_and_how_ties_sort(publisher_client):
    page = publisher_client.get(add_url(BudgetItem)).content.decode()
    assert (
        "Lower numbers are listed first: 0, then 1, then 2. Counted within each budget & "
        "priority. Equal numbers keep the order they were added in."
    ) in page


# --- The site alert ----------------------------------------------------------------------


def test_the_alert_message_is_a_box_of_several_lines(publisher_client):
    page = publisher_client.get(reverse("admin:publishing_sitealert_add")).content.decode()
    box = page.split('<textarea name="message"', 1)[1].split(">", 1)[0]
    assert 'rows="3"' in box
    assert 'maxlength="300"' in box


def test_the_alert_list_says_whether_each_alert_is_scheduled_showing_or_over(
    clock, publisher_client
):
    hour = timedelta(hours=1)
    alerts = {
        "Scheduled": SiteAlert.objects.create(message="Later.", starts_at=NOW + hour),
        "Showing": SiteAlert.objects.create(
            message="Now.", starts_at=NOW - hour, ends_at=NOW + hour
        ),
        "Over": SiteAlert.objects.create(
            message="Earlier.", starts_at=NOW - 2 * hour, ends_at=NOW - hour
        ),
        "Turned off": SiteAlert.objects.create(message="Off.", starts_at=NOW - hour, is_on=False),
    }

    def states():
        response = publisher_client.get(reverse("admin:publishing_sitealert_changelist"))
        rows = response.context["cl"].result_list
        model_admin = response.context["cl"].model_admin
        return {alert.message: model_admin.state(alert) for alert in rows}

    assert states() == {alert.message: state for state, alert in alerts.items()}
    assert set(states().values()) == set(alerts)
    page = publisher_client.get(reverse("admin:publishing_sitealert_changelist")).content
    assert b'<td class="field-state">Scheduled</td>' in page
    # Time passes: the scheduled one shows, the showing one is over.
    clock.now = NOW + 90 * timedelta(minutes=1)
    assert states() == {
        "Later.": "Showing",
        "Now.": "Over",
        "Earlier.": "Over",
        "Off.": "Turned off",
    }
    assert list(SiteAlert.objects.active()) == [alerts["Scheduled"]]
