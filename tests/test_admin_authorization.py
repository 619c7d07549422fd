"""Admin-wide authorization: nothing an Editor sends through any admin URL changes live
content, the site alert, or who may do what.

The URLs are not listed by hand: they are read from the admin itself (every registered
ModelAdmin's ``get_urls()``, the site's own URLs, and the list and change-form actions each
admin offers), and ``test_every_admin_url_has_a_probe`` fails when the admin exposes a URL
that no probe here covers. Every probe is then fired by an Editor, once per registered
model, each as its own test id; after every single request the live part of the database
must be exactly as it was.

"Live" here is what residents (or the permission system) rely on:

* every row of a publishable model whose status is ``published`` (all its columns), and the
  ids of every row that is or was public (an editor may never delete those);
* rows edited inline with a published parent (milestones, awards, contact channels…);
* many-to-many links of live rows;
* the site alert, change notes, permanent links of live items, and the auth tables.

Drafts, held changes (``PendingChange``), history rows and the admin log are left out: an
editor changing those is the workflow working, not a hole.

Only POSTs are sent: Django's admin views write nothing on GET (the change form opens a
write transaction only for other methods), so a GET is read-only by construction.

``test_the_same_requests_from_a_publisher_do_change_live_data`` sends the main probes as a
publisher, who may do what they ask: it proves their form data is valid, so an editor's
probe passing means refused, not malformed.

Some harm happens later, when a publisher applies an editor's held change; the
``test_applying_*`` tests replay that step.

The seed and a target for every registered model (a live row, a draft, a once-public row,
two history versions) are built once for the module; every test runs in a savepoint.
"""

import itertools
from dataclasses import dataclass, field
from datetime import timedelta
from http.cookies import SimpleCookie

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import FieldDoesNotExist
from django.core.management import call_command
from django.core.validators import MaxLengthValidator
from django.db import connection, models, transaction
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone

from publishing.models import PermanentLink, Publishable, SiteAlert

from .conftest import APPLY, MODEL_BACKEND, STAFF_PASSWORD, form_post_data, make_staff

pytestmark = pytest.mark.django_db

# An editor's held change (PendingChange), found by its table so that a rename of the
# model does not break this file.
HELD_CHANGE = next(m for m in apps.get_models() if m._meta.db_table == "pdxsafety_pendingchange")

SITE = admin.site
REGISTRY = dict(sorted(SITE._registry.items(), key=lambda item: item[0]._meta.label))
_numbers = itertools.count(1)

# The admin's own URLs that change no content, so no probe fires at them. Keep this short,
# and say why each one is here.
READ_ONLY_SITE_URLS = {
    "index",  # GET: the list of models
    "app_list",  # GET: one app's models
    "login",  # signs a user in; changes no content
    "logout",  # signs the user out
    "password_change",  # the signed-in user's own password, never anyone else's
    "password_change_done",  # GET: the confirmation page
    "autocomplete",  # GET: search results for autocomplete widgets
    "jsi18n",  # GET: the admin's JavaScript translations
    "view_on_site",  # GET: a redirect to the public page of an item
    "route:(?P<url>.*)$",  # the catch-all: a redirect (adds the slash) or a 404
}


# --- What the admin exposes ------------------------------------------------------------


def url_key(model_admin, pattern):
    """A model URL's name without the '<app>_<model>_' part; an unnamed one by its route."""
    opts = model_admin.model._meta
    if pattern.name is None:
        return f"route:{pattern.pattern}"
    return pattern.name.removeprefix(f"{opts.app_label}_{opts.model_name}_")


def exposed_urls(model_admin):
    return {url_key(model_admin, pattern) for pattern in model_admin.get_urls()}


def superuser_request(user=None):
    request = RequestFactory().get("/")
    request.user = user or User(username="collector", is_superuser=True, is_active=True)
    return request


def exposed_actions(model_admin, location):
    """The actions this admin offers anyone (a superuser sees them all)."""
    return sorted(model_admin.get_actions(superuser_request(), action_location=location))


# --- The live part of the database -----------------------------------------------------


def is_history_model(model):
    return model._meta.model_name.startswith("historical") or model.__module__ == (
        "simple_history.models"
    )


def owning_parents(model):
    """Foreign keys through which a row belongs to a publishable parent (deleted with it)."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.many_to_one
        and issubclass(f.related_model, Publishable)
        and f.remote_field.on_delete is models.CASCADE
    ]


WHOLE_TABLES = {SiteAlert, Group, User, apps.get_model("publishing", "ChangeNote")}
# Residents' feedback is never public: marking it read is an editor's everyday work.
SKIPPED = {HELD_CHANGE, apps.get_model("feedback", "Feedback")}


def live_querysets():
    """(label, queryset) for every part of the database an editor must never change."""
    now = timezone.now()
    live_pks = {}
    result = []
    all_models = [m for m in apps.get_models(include_auto_created=True) if not is_history_model(m)]

    def add(model, queryset, label=None):
        live_pks[model] = queryset.values("pk")
        result.append((label or model._meta.label, queryset.order_by("pk")))

    registered_other = {m for m in REGISTRY if not issubclass(m, Publishable)}
    for model in all_models:
        if model in SKIPPED or model._meta.auto_created:
            continue
        manager = model._base_manager
        if issubclass(model, Publishable):
            add(model, manager.filter(status=Publishable.Status.PUBLISHED))
            was_public = manager.filter(
                models.Q(status=Publishable.Status.PUBLISHED) | models.Q(published_at__lte=now)
            )
            result.append(
                (f"{model._meta.label}: is or was public (ids)", was_public.order_by("pk"))
            )
        elif model in WHOLE_TABLES or model in registered_other:
            add(model, manager.all())
    for model in all_models:
        parents = owning_parents(model)
        if model in live_pks or model._meta.auto_created or not parents:
            continue
        condition = models.Q()
        for parent in parents:
            condition &= models.Q(**{f"{parent.name}__in": live_pks[parent.related_model]})
        add(model, model._base_manager.filter(condition))
    for model in all_models:
        source = model._meta.auto_created
        if not source or source not in live_pks:
            continue
        to_source = next(
            f for f in model._meta.concrete_fields if f.many_to_one and f.related_model is source
        )
        add(model, model._base_manager.filter(**{f"{to_source.name}__in": live_pks[source]}))
    # Old addresses that lead to a live item.
    links = models.Q(pk__in=[])
    for model, pks in live_pks.items():
        if issubclass(model, Publishable):
            links |= models.Q(
                content_type__app_label=model._meta.app_label,
                content_type__model=model._meta.model_name,
                object_id__in=pks,
            )
    result.append(("publishing.PermanentLink", PermanentLink.objects.filter(links).order_by("pk")))
    return result


class Snapshot:
    """The live part of the database; the queries are compiled once, then rerun cheaply."""

    def __init__(self):
        self.queries = []
        for label, queryset in live_querysets():
            if label.endswith("(ids)"):
                queryset = queryset.values_list("pk", flat=True)
            else:
                queryset = queryset.values()
            self.queries.append((label, *queryset.query.sql_with_params()))

    def take(self):
        state = {}
        with connection.cursor() as cursor:
            for label, sql, params in self.queries:
                cursor.execute(sql, params)
                columns = [column[0] for column in cursor.description]
                rows = cursor.fetchall()
                if label.endswith("(ids)"):
                    state[label] = [row[0] for row in rows]
                else:
                    state[label] = [dict(zip(columns, row, strict=True)) for row in rows]
        return state


def describe_difference(before, after):
    lines = []
    for label in before:
        old, new = before[label], after[label]
        if old == new:
            continue
        lines.append(f"{label}:")
        if label.endswith("(ids)"):
            lines.append(
                f"  gone: {sorted(set(old) - set(new))}, new: {sorted(set(new) - set(old))}"
            )
            continue
        old_rows = {row["id"]: row for row in old} if old and "id" in old[0] else {}
        new_rows = {row["id"]: row for row in new} if new and "id" in new[0] else {}
        if not old_rows and not new_rows:
            lines.append(f"  before: {old}\n  after:  {new}")
            continue
        for pk in sorted(old_rows.keys() | new_rows.keys()):
            a, b = old_rows.get(pk), new_rows.get(pk)
            if a == b:
                continue
            if a is None:
                lines.append(f"  row {pk} appeared: {b}")
            elif b is None:
                lines.append(f"  row {pk} disappeared (deleted, or no longer live): {a}")
            else:
                changed = {k: (a[k], b[k]) for k in a if a[k] != b[k]}
                lines.append(f"  row {pk} changed: {changed}")
    return "\n".join(lines)


# --- The world each probe runs in ------------------------------------------------------


def minimal_row(model, **fixed):
    """A row with every required field filled with something plausible."""
    values = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.has_default() or f.null or f.blank or f.name in fixed:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            continue
        if isinstance(f, models.GenericIPAddressField):
            values[f.name] = "127.0.0.1"
        elif isinstance(f, models.CharField | models.TextField):
            values[f.name] = f"probe-{next(_numbers)}"
        elif isinstance(f, models.IntegerField):
            values[f.name] = 1
        elif isinstance(f, models.DateTimeField):
            values[f.name] = timezone.now()
        elif isinstance(f, models.BooleanField):
            values[f.name] = False
        else:
            pytest.fail(f"Say how to make a {model._meta.label} row ({f.name}) for the probes.")
    return model._base_manager.create(**values, **fixed)


def clone(obj, **changes):
    """A new row with ``obj``'s values, fresh unique ones (no links, no inline rows)."""
    model = type(obj)
    saved = model._base_manager.get(pk=obj.pk)
    values = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            continue
        if f.name in changes:
            values[f.name] = changes[f.name]
        elif f.unique:
            values[f.attname] = f"{getattr(saved, f.attname)}-{next(_numbers)}"[-f.max_length :]
        else:
            values[f.attname] = getattr(saved, f.attname)
    return model._base_manager.create(**values)


def inline_relations(model_admin):
    """(inline model, foreign key to the parent) for each inline."""
    for inline in model_admin.inlines:
        fk = next(
            f
            for f in inline.model._meta.concrete_fields
            if f.many_to_one and f.related_model is model_admin.model
        )
        yield inline.model, fk


def is_or_was_public(obj):
    """Published, or residents could once see it (then an editor may not delete it)."""
    published_at = obj.published_at
    return obj.status == Publishable.Status.PUBLISHED or (
        published_at is not None and published_at <= timezone.now()
    )


def named(obj):
    return f"{obj._meta.label} #{obj.pk} “{obj}”"


def save_as(user, obj):
    obj._history_user = user
    obj.save()


@dataclass
class World:
    model: type
    model_admin: admin.ModelAdmin
    editor: User
    publisher: User
    superuser: User
    live: models.Model  # what must not change
    draft: models.Model | None = None  # something an editor may edit, as a way in
    once_public: models.Model | None = None  # unpublished, but residents saw it
    clients: dict = field(default_factory=dict)
    live_state: object = None  # a Snapshot

    @property
    def targets(self):
        return [obj for obj in (self.live, self.draft, self.once_public) if obj is not None]

    def url(self, key, *args):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{key}", args=args)

    def oldest_version(self, obj):
        return obj.history.order_by("history_date", "history_id").first()


@dataclass
class Staff:
    editor: User
    publisher: User
    superuser: User
    cookies: dict  # role -> the signed-in session's cookies


def sign_in_staff():
    editor, other_editor, publisher = (
        make_staff("editor"),
        make_staff("editor"),
        make_staff("publisher"),
    )
    superuser = User.objects.create_superuser(f"root-{next(_numbers)}", password=STAFF_PASSWORD)
    cookies = {}
    for role, user in [
        ("editor", editor),
        ("other editor", other_editor),
        ("publisher", publisher),
    ]:
        client = Client()
        client.force_login(user, backend=MODEL_BACKEND)
        cookies[role] = client.cookies
    return Staff(editor, publisher, superuser, cookies)


def build_world(label, staff):
    model = apps.get_model(label)
    model_admin = REGISTRY[model]
    editor, publisher = staff.editor, staff.publisher
    world = World(model, model_admin, editor, publisher, staff.superuser, live=None)

    if issubclass(model, Publishable):
        relations = list(inline_relations(model_admin))
        candidates = model._base_manager.filter(status=Publishable.Status.PUBLISHED)
        if not candidates.exists():
            pytest.fail(f"The seed has no published {label} to guard.")
        # The published row with the most rows edited inline with it.
        world.live = max(
            candidates.order_by("pk"),
            key=lambda obj: sum(
                child._base_manager.filter(**{fk.name: obj}).count() for child, fk in relations
            ),
        )
        for child, fk in relations:
            rows = child._base_manager.filter(**{fk.name: world.live})
            if not rows.exists():
                extra = (
                    {"status": Publishable.Status.PUBLISHED}
                    if issubclass(child, Publishable)
                    else {}
                )
                minimal_row(child, **{fk.name: world.live}, **extra)
            for row in rows:
                save_as(publisher, row)  # so that the rows have a history, as in real use
        # Two versions: the probes revert to the older one.
        save_as(publisher, world.live)
        text = next(f for f in model._meta.concrete_fields if is_free_text(f) and f.editable)
        setattr(world.live, text.name, f"v2 {getattr(world.live, text.name)}"[: text.max_length])
        save_as(publisher, world.live)
        world.live.refresh_from_db()
        assert is_or_was_public(world.live)

        world.draft = clone(world.live, status="draft", published_at=None, expires_at=None)
        for child, fk in relations:
            if issubclass(child, Publishable):
                # A published row inside a draft parent: an editor saves the parent directly.
                live_child = child._base_manager.filter(
                    **{fk.name: world.live}, status=Publishable.Status.PUBLISHED
                ).first()
                clone(live_child, **{fk.name: world.draft})
        world.once_public = clone(
            world.live, status="draft", published_at=timezone.now() - timedelta(days=30)
        )
    elif model is SiteAlert:
        world.live = SiteAlert.objects.create(message="Old wording", is_on=True)
        world.live.message = "311 phone lines are down until 3 PM."
        save_as(publisher, world.live)
        world.draft = SiteAlert.objects.create(message="A switched-off alert", is_on=False)
    elif model is User:
        world.live, world.draft = editor, publisher  # promote oneself, demote a publisher
    elif model is Group:
        world.live = Group.objects.get(name="Editor")
        world.draft = Group.objects.get(name="Publisher")
    else:
        world.live = model._base_manager.order_by("pk").first() or minimal_row(model)
    return world


@pytest.fixture(scope="module")
def worlds(django_db_setup, django_db_blocker):
    """The seed, the staff, and a world for every registered model, built once for the
    module inside a transaction; each test runs in a savepoint of it, rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed", verbosity=0)
        staff = sign_in_staff()
        built = {model._meta.label: build_world(model._meta.label, staff) for model in REGISTRY}
        yield staff, built, Snapshot()
        transaction.set_rollback(True)


@pytest.fixture
def world_for(worlds):
    staff, built, live = worlds

    def world_for(label):
        world = built[label]
        world.live_state = live
        world.clients = {}
        for role, cookies in staff.cookies.items():
            client = Client()
            client.cookies = SimpleCookie(cookies)
            world.clients[role] = client
        return world

    return world_for


# --- Form data, as a browser would send it back, then tampered with ---------------------


EDITABLE_TEXT = (models.CharField, models.TextField)


def is_free_text(model_field):
    return (
        type(model_field) in EDITABLE_TEXT
        and not model_field.choices
        and not model_field.unique
        and all(isinstance(v, MaxLengthValidator) for v in model_field.validators)
    )


@dataclass
class FormPost:
    """A change form's data, with the forms behind it, to tamper with knowingly."""

    data: dict
    forms: dict  # prefix ("" or "items-0-") -> (form, model)
    formsets: list


def change_form_post(world, obj, *, history_of=None):
    """What the change form (or a history version's form) sends back, unchanged, as a
    superuser sees it: every field, the publishing ones included."""
    request = superuser_request(world.superuser)
    model_admin = world.model_admin
    obj = type(obj)._base_manager.get(pk=obj.pk)  # as saved now, like a page opened now
    if history_of is not None:
        form_class = model_admin.get_form(request, history_of)
        form, formsets = form_class(instance=history_of), []
    else:
        fieldsets = model_admin.get_fieldsets(request, obj)
        form_class = model_admin.get_form(
            request, obj, change=True, fields=flatten_fieldsets(fieldsets)
        )
        form = form_class(instance=obj)
        formsets, _ = model_admin._create_formsets(request, obj, change=True)
    post = FormPost({}, {"": (form, world.model)}, formsets)
    form_post_data(form, post.data)
    for formset in formsets:
        form_post_data(formset.management_form, post.data)
        for row in formset.forms:
            form_post_data(row, post.data)
            post.forms[f"{row.prefix}-"] = (row, formset.model)
    return post


PAST = ("2001-01-01", "09:00:00")
LATER_PAST = ("2001-06-01", "09:00:00")


def set_moment(data, key, moment):
    data[f"{key}_0"], data[f"{key}_1"] = moment or ("", "")


def edit_text(post, prefix=""):
    form, model = post.forms[prefix]
    for name in form.fields:
        key = f"{prefix}{name}"
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field
            continue
        if key in post.data and is_free_text(model_field):
            limit = model_field.max_length or 10_000
            post.data[key] = f"Edited by an editor: {post.data[key]}"[:limit]


def flip_publishing(post, prefix, obj):
    """Publish a draft; unpublish, expire and backdate a published item."""
    form, model = post.forms[prefix]
    if issubclass(model, Publishable):
        live = obj is not None and obj.status == Publishable.Status.PUBLISHED
        if "status" in form.fields:
            post.data[f"{prefix}status"] = "draft" if live else "published"
        if "published_at" in form.fields:
            set_moment(post.data, f"{prefix}published_at", PAST)
        if "expires_at" in form.fields:
            set_moment(post.data, f"{prefix}expires_at", LATER_PAST if live else None)
    if model is SiteAlert:
        post.data["is_on"] = "on"
        post.data["severity"] = SiteAlert.Severity.URGENT
        set_moment(post.data, "starts_at", PAST)
        set_moment(post.data, "ends_at", None)


def escalate(post):
    """Whatever the form offers to give rights: superuser, the Publisher group, publish."""
    form, _ = post.forms[""]
    for name, form_field in form.fields.items():
        if isinstance(form_field, forms.BooleanField) and name in ("is_superuser", "is_staff"):
            post.data[name] = "on"
        elif isinstance(form_field, forms.ModelMultipleChoiceField):
            extra = []
            if form_field.queryset.model is Permission:
                extra = list(
                    Permission.objects.filter(
                        codename__in=["publish", "change_sitealert", "change_user", "change_group"]
                    ).values_list("pk", flat=True)
                )
            elif form_field.queryset.model is Group:
                extra = list(Group.objects.values_list("pk", flat=True))
            if extra:
                current = post.data.get(name, [])
                post.data[name] = sorted({*current, *map(str, extra)})


def tampered(world, obj, *, history_of=None):
    """The change form for ``obj`` with every field an editor might abuse changed."""
    post = change_form_post(world, obj, history_of=history_of)
    edit_text(post)
    flip_publishing(post, "", obj)
    escalate(post)
    return post


def inline_rows(post, *, publishable=None):
    for prefix, (form, model) in post.forms.items():
        if not prefix or form.instance.pk is None:
            continue
        if publishable is None or issubclass(model, Publishable) == publishable:
            yield prefix, form


def with_inline_rows_tampered(post):
    """Every inline row edited, its publishing state flipped, and a new published row."""
    return with_new_inline_rows(with_inline_rows_edited(post))


def with_inline_rows_edited(post):
    for prefix, form in inline_rows(post):
        edit_text(post, prefix)
        flip_publishing(post, prefix, form.instance)
    return post


def with_new_inline_rows(post):
    """A new row in every inline, copied from the first one, asking to be published."""
    for formset in post.formsets:
        first = next((f for f in formset.forms if f.instance.pk is not None), None)
        if first is None:
            continue
        index = int(post.data[f"{formset.prefix}-TOTAL_FORMS"])
        for key, value in list(post.data.items()):
            if key.startswith(f"{first.prefix}-") and not key.endswith(("-id", "-DELETE")):
                post.data[key.replace(f"{first.prefix}-", f"{formset.prefix}-{index}-", 1)] = value
        new_prefix = f"{formset.prefix}-{index}-"
        for name in ("slug",):
            if f"{new_prefix}{name}" in post.data:
                post.data[f"{new_prefix}{name}"] = f"new-row-{next(_numbers)}"
        if "status" in formset.form.base_fields:
            post.data[f"{new_prefix}status"] = "published"
        # A link no other row has (an award goes to a grantee once per round).
        for name, form_field in formset.form.base_fields.items():
            if name == formset.fk.name or not isinstance(form_field, forms.ModelChoiceField):
                continue
            if isinstance(form_field, forms.ModelMultipleChoiceField):
                continue
            used = {post.data.get(f"{row.prefix}-{name}") for row in formset.forms}
            free = form_field.queryset.exclude(pk__in=[pk for pk in used if pk]).first()
            if free is not None:
                post.data[f"{new_prefix}{name}"] = str(free.pk)
        post.data[f"{formset.prefix}-TOTAL_FORMS"] = str(index + 1)
    return post


def with_inline_rows_deleted(post):
    """A small edit to the item, and every row edited inline with it marked for deletion."""
    edit_text(post)
    for prefix, _ in inline_rows(post):
        post.data[f"{prefix}DELETE"] = "on"
    return post


def as_new(world, post):
    """The change form's data turned into an add form's: fresh unique values, new rows."""
    data = dict(post.data)
    data.pop("last_seen", None)
    for f in world.model._meta.concrete_fields:
        if f.unique and not f.primary_key and f.name in data:
            data[f.name] = f"new-{next(_numbers)}"
    for formset in post.formsets:
        data[f"{formset.prefix}-INITIAL_FORMS"] = "0"
        for index in range(int(data[f"{formset.prefix}-TOTAL_FORMS"])):
            row = f"{formset.prefix}-{index}-"
            data.pop(f"{row}id", None)
            data.pop(f"{row}{formset.fk.name}", None)
            if f"{row}slug" in data:
                data[f"{row}slug"] = f"new-row-{next(_numbers)}"
            if "status" in formset.form.base_fields:
                data[f"{row}status"] = "published"
    for name in ("password1", "password2"):  # the user admin's add form
        data[name] = STAFF_PASSWORD
    data.setdefault("username", f"new-user-{next(_numbers)}")
    return data


# --- Probes: every write-capable way in, per admin URL ----------------------------------


@dataclass
class Request:
    what: str
    url: str
    data: dict
    method: str = "post"


@dataclass(frozen=True)
class Probe:
    url: str  # the admin URL (name without '<app>_<model>_', or 'route:...') it goes through
    kind: str  # the test id
    requests: object  # world -> iterable of Request
    prepare: object = None  # world -> None, run before the snapshot
    applies: object = None  # model admin -> bool; None: wherever the URL is


def probe_changelist_action(action):
    def requests(world):
        pks = [str(obj.pk) for obj in world.targets]
        # 'post' confirms a deletion; other actions ignore it.
        base = {"action": action, "index": "0", "_selected_action": pks, "post": "yes"}
        yield Request(f"list action {action!r}", world.url("changelist"), base)

    return Probe("changelist", f"changelist:action={action}", requests)


def probe_change_form_action(action):
    def requests(world):
        for obj in (world.live, world.draft):
            if obj is None:
                continue
            url = world.url("change", obj.pk)
            bare = {"CHANGE_FORM-action": action, "_selected_action": [str(obj.pk)]}
            yield Request(f"change-form action {action!r} on {named(obj)}", url, bare)
        # With the whole form and no '_save': for an editor it is a save (held for review).
        url = world.url("change", world.live.pk)
        full = {**change_form_post(world, world.live).data, **bare}
        full["_selected_action"] = [str(world.live.pk)]
        yield Request(f"change form + action {action!r} on {named(world.live)}", url, full)

    return Probe("change", f"change:form_action={action}", requests)


def list_editable_requests(world):
    # Only for an admin with list_editable (none today): the changelist saves rows then.
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "_save": "Save"}
    data["form-0-id"] = str(world.live.pk)
    post = tampered(world, world.live)
    data.update({f"form-0-{k}": v for k, v in post.data.items() if "-" not in k})
    yield Request("changelist formset save", world.url("changelist"), data)


def publishing_everything(world):
    """The live item's form, edited, asking for it and every row inline with it to go live."""
    post = with_inline_rows_tampered(change_form_post(world, world.live))
    edit_text(post)
    flip_publishing(post, "", None)
    escalate(post)
    for prefix, _ in inline_rows(post, publishable=True):
        post.data[f"{prefix}status"] = "published"
    return post


def add_requests(world):
    data = as_new(world, publishing_everything(world))
    yield Request("add, published", world.url("add"), data)


def change_fields_requests(world):
    for obj in world.targets:
        post = tampered(world, obj)
        yield Request(
            f"change {named(obj)}: fields + publishing", world.url("change", obj.pk), post.data
        )


def change_inlines_requests(world):
    for obj in (world.live, world.draft):
        if obj is None:
            continue
        post = with_inline_rows_edited(change_form_post(world, obj))
        edit_text(post)
        yield Request(
            f"change {named(obj)}: inline rows edited", world.url("change", obj.pk), post.data
        )
        # Published rows cannot be edited here, which refuses the whole form above; so also
        # a form that only adds rows.
        post = with_new_inline_rows(change_form_post(world, obj))
        edit_text(post)
        yield Request(
            f"change {named(obj)}: inline row added", world.url("change", obj.pk), post.data
        )


def change_inline_delete_requests(world):
    for obj in (world.live, world.draft):
        if obj is None:
            continue
        post = with_inline_rows_deleted(change_form_post(world, obj))
        yield Request(
            f"change {named(obj)}: delete inline rows", world.url("change", obj.pk), post.data
        )


def saveasnew_requests(world):
    post = publishing_everything(world)
    post.data["_saveasnew"] = "Save as new"
    for f in world.model._meta.concrete_fields:
        if f.unique and not f.primary_key and f.name in post.data:
            post.data[f.name] = f"copy-{next(_numbers)}"
    for prefix, _ in inline_rows(post):
        if f"{prefix}slug" in post.data:
            post.data[f"{prefix}slug"] = f"copy-{next(_numbers)}"
    yield Request("save as new", world.url("change", world.live.pk), post.data)


def hold_a_change(world):
    """Another editor's change to the live item, waiting for a publisher's review."""
    if not issubclass(world.model, Publishable):
        return
    post = change_form_post(world, world.live)
    edit_text(post)
    world.clients["other editor"].post(world.url("change", world.live.pk), post.data)
    assert HELD_CHANGE.objects.exists(), "the other editor's change was not held"


def pending_button_requests(world):
    url = world.url("change", world.live.pk)
    yield Request("apply the held change", url, APPLY)
    yield Request("discard the held change", url, {"_discard_pending": "1"})


def delete_requests(world):
    for obj in (world.live, world.once_public):
        if obj is not None:
            yield Request(f"delete {named(obj)}", world.url("delete", obj.pk), {"post": "yes"})


def history_post_requests(world):
    # A read-only page; a POST to it must not save anything either.
    post = tampered(world, world.live)
    yield Request("POST to the history list", world.url("history", world.live.pk), post.data)


def revert_requests(world):
    # The draft first: a switched-off site alert is the draft's counterpart.
    for obj in (world.draft, world.live):
        if obj is None:
            continue
        version = world.oldest_version(obj)
        url = world.url("simple_history", obj.pk, version.pk)
        post = tampered(world, obj, history_of=version.instance)
        yield Request(f"revert {named(obj)}, tampered", url, post.data)


def legacy_redirect_requests(world):
    post = tampered(world, world.live)
    yield Request(
        "POST to the old change URL",
        world.url("change", world.live.pk)[: -len("change/")],
        post.data,
    )


def password_requests(world):
    for user in (world.live, world.draft):
        url = world.url("password_change", user.pk)
        yield Request(
            f"set {user}'s password",
            url,
            {"password1": "x-new-password-42", "password2": "x-new-password-42"},
        )


def has_inlines(model_admin):
    return bool(model_admin.inlines)


MODEL_URL_PROBES = [
    Probe(
        "changelist",
        "changelist:list_editable",
        list_editable_requests,
        applies=lambda model_admin: bool(model_admin.list_editable),
    ),
    Probe("add", "add:published", add_requests),
    Probe("change", "change:fields", change_fields_requests),
    Probe("change", "change:inlines", change_inlines_requests, applies=has_inlines),
    Probe("change", "change:inline_delete", change_inline_delete_requests, applies=has_inlines),
    Probe("change", "change:saveasnew", saveasnew_requests),
    Probe("change", "change:pending_buttons", pending_button_requests, prepare=hold_a_change),
    Probe("delete", "delete", delete_requests),
    Probe("history", "history:post", history_post_requests),
    Probe("simple_history", "simple_history:revert", revert_requests),
    Probe("route:<path:object_id>/", "redirect:post", legacy_redirect_requests),
    Probe("password_change", "password_change", password_requests),  # the user admin's
]


def probes_for(model_admin):
    urls = exposed_urls(model_admin)
    probes = [
        probe
        for probe in MODEL_URL_PROBES
        if probe.url in urls and (probe.applies is None or probe.applies(model_admin))
    ]
    probes += [
        probe_changelist_action(name)
        for name in exposed_actions(model_admin, ActionLocation.CHANGE_LIST)
    ]
    probes += [
        probe_change_form_action(name)
        for name in exposed_actions(model_admin, ActionLocation.CHANGE_FORM)
    ]
    return probes


PROBED = [
    pytest.param(model._meta.label, probe, id=f"{model._meta.label}-{probe.kind}")
    for model, model_admin in REGISTRY.items()
    for probe in probes_for(model_admin)
]


# --- The enumeration is real ------------------------------------------------------------


@pytest.mark.parametrize("label", [m._meta.label for m in REGISTRY])
def test_every_admin_url_has_a_probe(label):
    model_admin = REGISTRY[apps.get_model(label)]
    exposed = exposed_urls(model_admin)
    covered = {probe.url for probe in probes_for(model_admin)}
    assert exposed - covered == set(), "admin URLs no probe goes through: add a probe"
    # Write actions are probed one by one: each name the admin offers is a test id.
    kinds = {probe.kind for probe in probes_for(model_admin)}
    for location, prefix in [
        (ActionLocation.CHANGE_LIST, "changelist:action="),
        (ActionLocation.CHANGE_FORM, "change:form_action="),
    ]:
        for name in exposed_actions(model_admin, location):
            assert f"{prefix}{name}" in kinds


def test_every_site_url_is_a_model_admin_or_read_only():
    names, included = set(), set()
    for pattern in SITE.get_urls():
        if isinstance(pattern, URLResolver):  # a model admin's URLs, probed above
            included |= {
                p.callback.model_admin.model
                for p in pattern.url_patterns
                if hasattr(p.callback, "model_admin")
            }
            continue
        assert isinstance(pattern, URLPattern)
        names.add(pattern.name or f"route:{pattern.pattern}")
    assert names == READ_ONLY_SITE_URLS
    assert included == set(REGISTRY)


def test_the_probed_models_include_every_content_model_and_the_site_alert():
    content = {m for m in apps.get_models() if issubclass(m, Publishable)}
    assert content <= set(REGISTRY)
    assert SiteAlert in REGISTRY


# --- Editors: nothing live changes, whatever they send ------------------------------------


def fire(world, probe, role="editor"):
    """Send the probe's requests one by one; after each, nothing live may have changed."""
    if probe.prepare:
        probe.prepare(world)
    live = world.live_state
    before = live.take()
    client = world.clients[role]
    sent = 0
    for request in probe.requests(world):
        response = getattr(client, request.method)(request.url, request.data)
        sent += 1
        after = live.take()
        if after != before:
            pytest.fail(
                f"{role} changed live data with: {request.what} "
                f"(POST {request.url} -> {response.status_code})\n"
                + describe_difference(before, after)
            )
    assert sent, "the probe sent nothing"


@pytest.mark.parametrize(("label", "probe"), PROBED)
def test_an_editor_changes_nothing_live(world_for, label, probe):
    world = world_for(label)
    fire(world, probe)


# --- The probes have teeth: the same requests, sent by a publisher, do change live data ----

# Each of these probes' requests is valid form data; a publisher may do what they ask.
# (Save-as-new and the list actions reuse the add form's data and bare POSTs.)
CONTROL_KINDS = {"add:published", "change:fields", "change:inlines", "simple_history:revert"}
CONTROLS = [
    pytest.param(model._meta.label, probe, id=f"{model._meta.label}-{probe.kind}")
    for model, model_admin in REGISTRY.items()
    if issubclass(model, Publishable) or model is SiteAlert
    for probe in probes_for(model_admin)
    if probe.kind in CONTROL_KINDS
]


@pytest.mark.parametrize(("label", "probe"), CONTROLS)
def test_the_same_requests_from_a_publisher_do_change_live_data(world_for, label, probe):
    world = world_for(label)
    before = world.live_state.take()
    for request in probe.requests(world):
        world.clients["publisher"].post(request.url, request.data)
        if world.live_state.take() != before:
            return
    pytest.fail("no request changed live data, even for a publisher: is the form data valid?")


# --- Held changes: applying one never does what the publisher was not shown ---------------


def publishing_state(obj):
    row = type(obj)._base_manager.filter(pk=obj.pk).values("status", "published_at", "expires_at")
    return row.first()


def held_change_for(obj):
    return HELD_CHANGE.objects.filter(
        content_type__app_label=obj._meta.app_label,
        content_type__model=obj._meta.model_name,
        object_id=obj.pk,
    )


def hold_then_apply(world, obj, data, benign):
    """The editor saves ``data`` (held for review), then a publisher applies it.

    Refusing the editor's save outright is a fine answer too; then there is nothing to
    apply, but ``benign`` (the same edit without the trick) must still be held, or this
    test would prove nothing."""
    url = world.url("change", obj.pk)
    world.clients["editor"].post(url, data)
    if not held_change_for(obj).exists():
        world.clients["editor"].post(url, benign)
        assert held_change_for(obj).exists(), "not even the plain edit was held: fix the test"
        return None
    response = world.clients["publisher"].post(url, APPLY)
    assert response.status_code in (200, 302)
    return response


def published_ids():
    return {
        model._meta.label: set(
            model._base_manager.filter(status=Publishable.Status.PUBLISHED).values_list(
                "pk", flat=True
            )
        )
        for model in apps.get_models()
        if issubclass(model, Publishable)
    }


PUBLISHABLE_INLINES = [
    pytest.param(
        model._meta.label, child._meta.label, id=f"{model._meta.label}-{child._meta.label}"
    )
    for model, model_admin in REGISTRY.items()
    if issubclass(model, Publishable)
    for child, _ in inline_relations(model_admin)
    if issubclass(child, Publishable)
]


@pytest.mark.parametrize(("label", "child_label"), PUBLISHABLE_INLINES)
def test_applying_a_held_change_never_deletes_live_rows_edited_inline(
    world_for, label, child_label
):
    """An editor cannot delete a live budget item; marking it for deletion in a held change,
    which a publisher then applies for its other edits, must not delete it either."""
    world = world_for(label)
    child = apps.get_model(child_label)
    fk = next(f for m, f in inline_relations(world.model_admin) if m is child)
    rows = [
        row for row in child._base_manager.filter(**{fk.name: world.live}) if is_or_was_public(row)
    ]
    assert rows, f"the live {label} has no public {child_label} to guard"
    # A small edit, and '<prefix>-N-DELETE=on' on every row edited inline.
    post = with_inline_rows_deleted(change_form_post(world, world.live))
    benign = {k: v for k, v in post.data.items() if not k.endswith("-DELETE")}
    assert benign != post.data
    hold_then_apply(world, world.live, post.data, benign)
    kept = set(
        child._base_manager.filter(pk__in=[row.pk for row in rows]).values_list("pk", flat=True)
    )
    deleted = [named(row) for row in rows if row.pk not in kept]
    assert not deleted, (
        f"applying the editor's held change deleted public {child._meta.verbose_name_plural}: "
        f"{deleted}"
    )


PUBLISHABLE_ADMINS = [m._meta.label for m in REGISTRY if issubclass(m, Publishable)]


@pytest.mark.parametrize("label", PUBLISHABLE_ADMINS)
def test_applying_a_held_change_keeps_the_publishing_state(world_for, label):
    """An editor's held change that says unpublish, expire and backdate (the item and the
    publishable rows edited inline with it) changes only the content when it is applied."""
    world = world_for(label)
    benign = change_form_post(world, world.live)
    edit_text(benign)
    post = tampered(world, world.live)
    watched = [world.live]
    for prefix, form in inline_rows(post, publishable=True):
        flip_publishing(post, prefix, form.instance)
        watched.append(form.instance)
    with_new_inline_rows(post)  # new rows that ask to be published
    before, published = [publishing_state(obj) for obj in watched], published_ids()
    response = hold_then_apply(world, world.live, post.data, benign.data)
    if response is None:
        return  # the editor's save was refused, and nothing changed
    assert response.status_code == 302, "the held change was not applied"
    assert [publishing_state(obj) for obj in watched] == before
    assert published_ids() == published


HELD_ACTIONS = [
    pytest.param(model._meta.label, action, id=f"{model._meta.label}-{action}")
    for model, model_admin in REGISTRY.items()
    if issubclass(model, Publishable)
    for action in exposed_actions(model_admin, ActionLocation.CHANGE_FORM)
]


@pytest.mark.parametrize(("label", "action"), HELD_ACTIONS)
def test_applying_a_held_change_never_runs_a_change_form_action(world_for, label, action):
    """An editor's POST may name a change-form action (publish, unpublish) without '_save':
    for the editor it is an ordinary save, held for review. Applying the held change must not
    run the action as the publisher."""
    world = world_for(label)
    # Scheduled: published, going live next month. Publishing it now, or unpublishing it,
    # both show; and an editor's change to it is held, as for a live item.
    obj = clone(world.live, status="published", published_at=timezone.now() + timedelta(days=30))
    before = publishing_state(obj)
    post = change_form_post(world, obj)
    edit_text(post)
    data = {**post.data, "CHANGE_FORM-action": action, "_selected_action": [str(obj.pk)]}
    hold_then_apply(world, obj, data, post.data)
    after = publishing_state(obj)
    assert after == before, (
        f"the publisher's 'apply' ran the editor's {action!r} action on {named(obj)}: "
        f"{before} -> {after}"
    )
