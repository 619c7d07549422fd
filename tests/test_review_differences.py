"""The review of a held change shows, for every content model and every kind of row
edited with it, the value now and the value after applying: a publisher decides on
what the change does, not on the names of the fields it touched."""

import re
from html import unescape

import pytest
from django.contrib import admin
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils.text import capfirst

from publishing.models import HeldChange, Publishable

from .conftest import MODEL_BACKEND, admin_form_data, make_staff

pytestmark = pytest.mark.django_db

MARK = "Zanzibar"  # a word the seed never uses


def content_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if issubclass(model, Publishable)
    ]


def cases():
    for model, model_admin in content_admins():
        yield pytest.param(model, None, id=model.__name__)
        for inline in model_admin.inlines:
            yield pytest.param(model, inline.model, id=f"{model.__name__}-{inline.model.__name__}")


def test_every_content_model_is_covered_budget_items_and_grant_rounds_included():
    names = {model.__name__ for model, _ in content_admins()}
    assert {"BudgetItem", "GrantRound", "Budget", "Program", "Grantee"} <= names
    assert len(names) >= 10


def change_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def signed_in(role):
    client = Client()
    client.force_login(make_staff(role), backend=MODEL_BACKEND)
    return client


def relation_to(model, row_model):
    return next(r for r in model._meta.related_objects if r.related_model is row_model)


def item_with_rows(model, row_model):
    """A released item of ``model``, with rows of ``row_model`` when one has them."""
    items = list(model.objects.published())
    assert items, f"the seed has no published {model.__name__}"
    if row_model is None:
        return items[0]
    relation = relation_to(model, row_model)
    with_rows = [item for item in items if getattr(item, relation.get_accessor_name()).exists()]
    if with_rows:
        return with_rows[0]
    # The seed has none (advisory councils): give the first item a row with its text
    # fields filled in.
    text = {
        field.name: f"A {field.verbose_name}"
        for field in row_model._meta.fields
        if type(field) in (models.CharField, models.TextField) and not field.blank
    }
    row_model.objects.create(**{relation.field.name: items[0]}, **text)
    return items[0]


def editable_value(field, value):
    """A changed value staff could type in ``field``, or None when it is not a good pick."""
    if isinstance(field, models.SlugField | models.URLField | models.EmailField) or field.choices:
        return None
    if isinstance(field, models.CharField | models.TextField) and value:
        new = f"{value} {MARK}"
        return new if len(new) <= (field.max_length or len(new)) else f"{MARK} {value}"[:-10]
    return None


def pick(form_fields, data, prefix, model):
    """The first text field with a value (or else an amount) of a form: its key, the
    model field, its value now and a changed one."""
    fields = {f.name: f for f in model._meta.fields}
    for name in form_fields:
        key = f"{prefix}{name}"
        new = editable_value(fields[name], data.get(key, "")) if name in fields else None
        if new is not None:
            return key, fields[name], data.get(key, ""), new
    for name in form_fields:
        if isinstance(fields.get(name), models.DecimalField):
            return f"{prefix}{name}", fields[name], data.get(f"{prefix}{name}", ""), "4321.00"
    raise AssertionError(f"no field to change on {model.__name__}")


def review_rows(page):
    """The review table's rows: (where, what, now, after) as plain text."""
    table = page.split('class="stacked-table held-differences"', 1)[1].split("</table>", 1)[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        rows.append([plain_text(cell) for cell in cells])
    return rows


def plain_text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def shown_as(value):
    text = " ".join(str(value).split())
    return text if text else "—"


@pytest.mark.parametrize(("model", "row_model"), list(cases()))
def test_a_held_change_shows_the_old_and_the_new_value(seeded, model, row_model):
    item = item_with_rows(model, row_model)
    if row_model is not None and issubclass(row_model, Publishable):
        # A released row is changed on its own page (its change is held there); here
        # the editor changes a draft row.
        accessor = relation_to(model, row_model).get_accessor_name()
        row = getattr(item, accessor).first()
        row_model._base_manager.filter(pk=row.pk).update(status="draft")

    editor = signed_in("editor")
    response = editor.get(change_url(item))
    data = admin_form_data(response)
    form = response.context["adminform"].form
    key, field, old, new = pick(list(form.fields), data, "", model)
    changed = {key: (field, old, new, str(item))}
    if row_model is not None:
        formset = next(
            inline.formset
            for inline in response.context["inline_admin_formsets"]
            if inline.formset.model is row_model
        )
        row_form = formset.initial_forms[0]
        prefix = f"{row_form.prefix}-"
        row_key, row_field, row_old, row_new = pick(list(row_form.fields), data, prefix, row_model)
        row_name = capfirst(row_model._meta.verbose_name)
        changed[row_key] = (row_field, row_old, row_new, f"{row_name} “{row_form.instance}”")
    for name, (_, _, value, _) in changed.items():
        data[name] = value
    saved = editor.post(change_url(item), data)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    held = HeldChange.objects.get()
    assert len(held.changes) == len(changed), held.changes

    page = signed_in("publisher").get(change_url(item)).content.decode()
    rows = review_rows(page)
    for field, old, new, where in changed.values():
        label = capfirst(field.verbose_name)
        matching = [row for row in rows if row[0].startswith(where) and row[1] == label]
        assert matching, (where, label, rows)
        _, _, now, after = matching[0]
        assert shown_as(old) in now, (label, old, now)
        if len(now) > 80 or len(after) > 80:
            # Long text: the new version is shown word by word, what is added marked.
            assert MARK in after and f"added: {MARK}" not in after, after
            assert f"{MARK}</ins>" in page
        else:
            assert shown_as(new) in after, (label, new, after)


def test_a_deleted_row_shows_what_it_held(seeded):
    from grants.models import GrantRound
    from publishing import workflow

    grant_round = GrantRound.objects.get(slug="spring-2022-gun-violence-reduction-grants")
    award = grant_round.awards.select_related("grantee").first()
    key = f"awards:{award.pk}"
    held = workflow.hold(grant_round, {key: False}, {key: True}, make_staff("editor"))
    [difference] = workflow.review(held)
    assert award.grantee.name in difference.before
    assert difference.after == "(deleted)"
