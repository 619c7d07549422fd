"""Run under the previous code and again under the current code: what the database
holds and what the public site answers, written as JSON for the upgrade test to compare.

    python snapshot.py OUT.json                    # previous code: decides what to look at
    python snapshot.py OUT.json --baseline IN.json # current code: looks at the same things

Under the current code it uses only what both versions share (Django, content types,
URL paths) and never names a project module or model: a model is found through its
content type, whose id a migration keeps when the model moves or is renamed. Under
the previous code, which never changes, it names the pdxsafety models it looks at.
"""

import html
import json
import os
import re
import sys
from decimal import Decimal
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pdxsafety.settings.test")
django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, Permission, User  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.exceptions import FieldDoesNotExist  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.db.migrations.recorder import MigrationRecorder  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

# Pages every version of the site has; each item's own pages are added from the database.
FIXED_URLS = [
    "/",
    "/index.json",
    "/programs/",
    "/programs.json",
    "/grants/",
    "/grants.json",
    "/grantees.json",
    "/budget/",
    "/budget.json",
    "/budget.csv",
    "/partners/",
    "/partners.json",
    "/data/",
    "/data.json",
    "/search/?q=safety",
    "/search.json?q=safety",
    "/search/?q=budget",
    "/search/?q=Held+change",
    "/search.json?q=Held+change",
    "/updates.atom",
    "/sitemap.xml",
    "/events.ics",
    "/robots.txt",
    "/programs/no-such-program/",
]
# Fields whose values residents read on the pages (and in the data exports).
SHOWN_FIELDS = {"title", "name", "short_name", "period", "message", "note"}


def content_models():
    """The project's own models, history tables left out (they keep deleted items)."""
    root = os.path.realpath(settings.BASE_DIR)
    for config in apps.get_app_configs():
        if os.path.realpath(config.path).startswith(root + os.sep):
            for model in config.get_models():
                names = {field.name for field in model._meta.get_fields()}
                if not names & {"history_id", "m2m_history_id"}:
                    yield model


def is_publishable(model):
    names = {field.name for field in model._meta.get_fields()}
    return {"slug", "status"} <= names and hasattr(model, "get_absolute_url")


def pending_change_model(baseline):
    if baseline is None:
        return apps.get_model("pdxsafety", "PendingChange")
    content_type = ContentType.objects.filter(pk=baseline["held_change_content_type"]).first()
    return content_type.model_class() if content_type else None


# --- The database --------------------------------------------------------------------


def table_counts():
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def model_tables():
    """Every model's table, named by the model's content type (and, for a table a
    many-to-many field makes, by that field), so a moved model's table is found again."""
    tables = []
    for model in apps.get_models(include_auto_created=True):
        owner, field = model, None
        if model._meta.auto_created:
            owner = model._meta.auto_created
            field = next(
                f.name for f in owner._meta.local_many_to_many if f.remote_field.through is model
            )
        content_type = ContentType.objects.get_for_model(owner, for_concrete_model=False)
        tables.append(
            {
                "table": model._meta.db_table,
                "content_type_id": content_type.pk,
                "model": [content_type.app_label, content_type.model],
                "m2m_field": field,
            }
        )
    return tables


def resolve_tables(previous_tables):
    """The current table of each previous model: {previous table: current table or None}."""
    resolved = {}
    for entry in previous_tables:
        content_type = ContentType.objects.filter(pk=entry["content_type_id"]).first()
        model = content_type.model_class() if content_type else None
        if model is not None and entry["m2m_field"]:
            try:
                model = model._meta.get_field(entry["m2m_field"]).remote_field.through
            except FieldDoesNotExist:
                model = None
        resolved[entry["table"]] = model._meta.db_table if model is not None else None
    return resolved


def held_changes(baseline):
    """Each held change's item, author and form data, found by field type rather than
    name: the model may be renamed and its data format converted."""
    model = pending_change_model(baseline)
    if model is None:
        return None
    fields = model._meta.concrete_fields
    item_type = next(f for f in fields if f.related_model is ContentType)
    author = next(f for f in fields if f.related_model is User)
    data = [f for f in fields if isinstance(f, models.JSONField)]
    summary = next((f for f in fields if f.name == "summary"), None)
    changes = []
    for change in model.objects.select_related(item_type.name, author.name).order_by("pk"):
        content_type = getattr(change, item_type.name)
        user = getattr(change, author.name)
        changes.append(
            {
                "content_type_id": content_type.pk,
                "model": [content_type.app_label, content_type.model],
                "object_id": change.object_id,
                "user": user.username if user else None,
                "summary": getattr(change, summary.name) if summary else None,
                "has_data": any(getattr(change, f.name) for f in data),
            }
        )
    return changes


def rows_without_history():
    """{history table: how many rows of its model have no version in it}."""
    missing = {}
    for model in content_models():
        history = getattr(model, "history", None)
        if history is None or not hasattr(history, "model"):
            continue
        count = model._base_manager.exclude(pk__in=history.values("id")).count()
        missing[history.model._meta.db_table] = count
    return missing


def database_facts(baseline):
    model = pending_change_model(baseline)
    return {
        "tables": table_counts(),
        "rows_without_history": rows_without_history(),
        "model_tables": model_tables(),
        "resolved_tables": resolve_tables(baseline["model_tables"]) if baseline else None,
        "content_types": sorted(ContentType.objects.values_list("pk", "app_label", "model")),
        "permissions": sorted(Permission.objects.values_list("pk", "content_type_id", "codename")),
        "groups": {
            group.name: sorted(group.permissions.values_list("pk", flat=True))
            for group in Group.objects.order_by("name")
        },
        # A content type whose model is gone: a move that left the old row behind.
        "stale_content_types": sorted(
            (ct.pk, ct.app_label, ct.model)
            for ct in ContentType.objects.all()
            if ct.model_class() is None
        ),
        "migrations": sorted(MigrationRecorder.Migration.objects.values_list("app", "name")),
        "held_change_content_type": (
            ContentType.objects.get_for_model(model).pk if model is not None else None
        ),
        "held_changes": held_changes(baseline),
    }


# --- What the site shows -------------------------------------------------------------


def amount_forms(value):
    return [f"{value}", f"{value:,.2f}", f"{value:,.0f}", f"${value:,.0f}", f"${value:,.2f}"]


def what_to_look_at():
    """The public and staff URLs, the strings residents should see there, and the
    strings they must never see (held changes and drafts)."""
    urls = list(FIXED_URLS)
    shown, data, secret = set(), set(), set()

    def add_url(url):
        if url and "#" not in url and url not in urls:
            urls.append(url)

    for model in content_models():
        for item in model._base_manager.all():
            live = getattr(item, "is_published", True)
            for field in model._meta.concrete_fields:
                value = getattr(item, field.attname)
                if field.name in SHOWN_FIELDS and isinstance(value, str) and len(value) >= 4:
                    (shown if live else secret).add(value)
                if isinstance(field, models.DecimalField) and isinstance(value, Decimal) and live:
                    data.update(amount_forms(value))
                if field.name == "slug" and live and is_publishable(model):
                    data.add(value)
            if is_publishable(model):
                add_url(item.get_absolute_url())
                if hasattr(item, "get_data_url"):
                    add_url(item.get_data_url())
                if item.get_absolute_url().startswith("/events/"):
                    add_url(item.get_absolute_url().rstrip("/") + ".ics")

    # Old addresses of renamed or deleted items.
    links = apps.get_model("pdxsafety", "PermanentLink")
    for link in links.objects.all():
        model = link.content_type.model_class()
        item = model._base_manager.filter(pk=link.object_id).first() or model()
        item.slug = link.slug
        add_url(item.get_absolute_url())
        if hasattr(item, "get_data_url"):
            add_url(item.get_data_url())

    # Staff pages are named by what they show: the admin's addresses follow the app.
    staff_pages = {}
    pending = apps.get_model("pdxsafety", "PendingChange")
    publisher = User.objects.filter(groups__name="Publisher").order_by("pk").first()
    for change in pending.objects.select_related("content_type", "user"):
        model = change.content_type.model_class()
        item = model._base_manager.get(pk=change.object_id)
        # The form data repeats every unchanged value too (inline rows included).
        for key, values in change.data.items():
            value = values[0] if values else ""
            if key.rsplit("-", 1)[-1] in SHOWN_FIELDS and len(value) >= 4:
                secret.add(value)
        name = f"{model._meta.label_lower} {item.pk}"
        # The editor who made a held change continues it from the admin form.
        staff_pages[f"admin form of {name}, as its editor"] = {
            "user": change.user.username,
            "admin_form_of": [change.content_type_id, item.pk],
        }
        page = item.get_absolute_url()
        if "#" not in page:
            add_url(f"{page}?draft_change=1")
            staff_pages[f"preview of the held change to {name}"] = {
                "user": publisher.username,
                "url": f"{page}?draft_change=1",
            }

    secret -= shown
    return {
        "urls": urls,
        "staff_pages": staff_pages,
        "shown_strings": sorted(shown),
        "data_strings": sorted(data - shown),
        "secret_strings": sorted(secret),
    }


def haystack(response):
    """The response's text as a reader of that format sees it, with the raw body too."""
    body = response.content.decode("utf-8", errors="replace")
    kind = response.get("Content-Type", "").split(";")[0].strip()
    if kind == "application/json":
        leaves = []

        def walk(value):
            if isinstance(value, dict):
                for inner in value.values():
                    walk(inner)
            elif isinstance(value, list):
                for inner in value:
                    walk(inner)
            elif value is not None:
                leaves.append(str(value))

        walk(json.loads(body))
        text = "\n".join(leaves)
    elif kind == "text/calendar":
        text = re.sub(r"\r?\n[ \t]", "", body)
        text = re.sub(r"\\([,;\\])", r"\1", text).replace("\\n", "\n")
    else:
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S | re.I)
        text = re.sub(r"<wbr\s*/?>", "", text)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    fold = " ".join
    return f"{fold(text.split())}\n{fold(html.unescape(body).split())}"


def page_facts(client, url, plan):
    """Status, redirect, and which of the plan's strings the response contains. Amounts
    and slugs count in data exports only: a page may format or omit them by design."""
    response = client.get(url)
    kind = response.get("Content-Type", "").split(";")[0].strip()
    shown = plan["shown_strings"] + (plan["data_strings"] if kind != "text/html" else [])
    secret = plan["secret_strings"]
    text = haystack(response) if response.status_code < 300 else ""
    return {
        "status": response.status_code,
        "type": kind,
        "location": response.get("Location"),
        "shown": [value for value in shown if " ".join(value.split()) in text],
        "secret": [value for value in secret if " ".join(value.split()) in text],
    }


def staff_client(user):
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    # The current code asks staff for a second factor (django-otp) before any admin page;
    # the previous code had none. Passed here as the sign-in page records it.
    if apps.is_installed("django_otp"):
        from django.http import HttpRequest
        from django_otp import login
        from django_otp.plugins.otp_totp.models import TOTPDevice

        request = HttpRequest()
        request.session, request.user = client.session, user
        login(request, TOTPDevice.objects.create(user=user, name="Authenticator app"))
        request.session.save()
    return client


def site_facts(plan):
    public = Client()
    pages = {url: page_facts(public, url, plan) for url in plan["urls"]}
    staff_pages = {}
    for name, page in plan["staff_pages"].items():
        url = page.get("url")
        if "admin_form_of" in page:
            content_type_id, pk = page["admin_form_of"]
            content_type = ContentType.objects.filter(pk=content_type_id).first()
            model = content_type.model_class() if content_type else None
            if model is None:
                staff_pages[name] = {"url": None, "status": None, "secret": []}
                continue
            opts = model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
        client = staff_client(User.objects.get(username=page["user"]))
        staff_pages[name] = {"url": url, **page_facts(client, url, plan)}
    return {"pages": pages, "staff_pages": staff_pages}


class Rollback(Exception):
    pass


def main(out, baseline_path=None):
    baseline = json.loads(Path(baseline_path).read_text()) if baseline_path else None
    # Looking must change nothing (sign-ins add sessions and log lines, and a content
    # type is created when asked for a model without one), so it all runs in a
    # transaction that is then rolled back.
    try:
        with transaction.atomic():
            snapshot = database_facts(baseline)
            plan = baseline["plan"] if baseline else what_to_look_at()
            snapshot.update(site_facts(plan))
            raise Rollback
    except Rollback:
        pass
    snapshot["plan"] = plan
    Path(out).write_text(json.dumps(snapshot, indent=1, sort_keys=True, default=str))


if __name__ == "__main__":
    arguments = sys.argv[1:]
    baseline = None
    if "--baseline" in arguments:
        index = arguments.index("--baseline")
        baseline = arguments[index + 1]
        del arguments[index : index + 2]
    main(arguments[0], baseline)
