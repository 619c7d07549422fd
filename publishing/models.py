"""What every public content model shares: publishing, timestamps, Markdown, permanent links."""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models.signals import post_delete, pre_save
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .changes import PUBLISHING_FIELDS  # noqa: F401 -- the publishing state's one definition
from .markdown import render_markdown

MARKDOWN_HELP = _(
    "Markdown: **bold**, *italic*, [link text](https://example.org), "
    "## for a heading, lines starting with - for a list, a blank line between paragraphs."
)

PACIFIC_HELP = _("Pacific time (Portland), e.g. 2026-05-01 09:00.")


def help_with(text, general):
    """A field's own help followed by a general one (Markdown, time zone), kept lazy."""
    return format_lazy("{} {}", text, general)


class State(models.TextChoices):
    """Where an item stands right now, worked out from its status and dates."""

    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    LIVE = "live", _("Live")
    EXPIRED = "expired", _("Expired")


class PublishableQuerySet(models.QuerySet):
    def due_for_review(self, today=None):
        """Items whose review-by date has come: staff should check them again.

        >>> Program.objects.due_for_review()
        """
        return self.filter(review_by__lte=today or timezone.localdate())

    def published(self):
        """What residents may see: published, already live, not yet expired.

        Decided at query time, so a scheduled go-live or an expiry can never be missed.

        >>> Program.objects.published().filter(slug="safer-summer-pdx")
        """
        return self.in_state(State.LIVE)

    def in_state(self, state):
        now = timezone.now()
        published = models.Q(status=Publishable.Status.PUBLISHED)
        not_expired = models.Q(expires_at=None) | models.Q(expires_at__gt=now)
        conditions = {
            State.DRAFT: ~published,
            State.SCHEDULED: published & models.Q(published_at__gt=now),
            State.LIVE: published & models.Q(published_at__lte=now) & not_expired,
            State.EXPIRED: published & models.Q(published_at__lte=now, expires_at__lte=now),
        }
        return self.filter(conditions[state])

    def visible_to(self, user):
        """Published items, plus drafts for staff who may view this kind of content (preview)."""
        if can_preview(user, self.model):
            return self.all()
        return self.published()


def can_preview(user, model):
    opts = model._meta
    return (
        user.is_active
        and user.is_staff
        and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
    )


class Publishable(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text=_("The last part of the page's web address. Lower-case words joined by hyphens."),
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(
        _("goes live at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=help_with(
            PACIFIC_HELP,
            _(
                "Left empty, it is set when the item is first published. "
                "A time in the future schedules it."
            ),
        ),
    )
    expires_at = models.DateTimeField(
        _("expires at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=help_with(PACIFIC_HELP, _("Optional: the item leaves the site at this time.")),
    )
    reviewed_on = models.DateField(
        _("content checked on"),
        null=True,
        blank=True,
        help_text=_(
            "The day someone last checked this content against its sources. Shown on "
            "the page as 'Content checked on'. Leave empty if nobody has checked it yet."
        ),
    )
    review_by = models.DateField(
        _("check again by"),
        null=True,
        blank=True,
        help_text=_("From this day on, the item is listed on the staff desk as due for a check."),
    )
    last_major_update = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("When a publisher last marked a change as major; shown as 'Last updated'."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        before = self._as_loaded()
        super().save(*args, **kwargs)
        if before is None or before["slug"] != self.slug:
            self._keep_links_working(before)
        self._loaded = {"slug": self.slug, "published_at": self.published_at}

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        item = super().from_db(db, field_names, values, **kwargs)
        # What the row held when loaded, so a save knows about a rename without a query.
        item._loaded = {name: item.__dict__.get(name) for name in ("slug", "published_at")}
        return item

    def _as_loaded(self):
        """Slug and go-live time as the database has them, None for a new item."""
        loaded = getattr(self, "_loaded", None)
        if loaded and loaded["slug"] is not None:
            return loaded
        saved = self.saved_copy()
        return saved and {"slug": saved.slug, "published_at": saved.published_at}

    def _keep_links_working(self, before):
        # A rename before the item was ever public leaves no trace.
        went_live = before and before["published_at"]
        if went_live and went_live <= timezone.now():
            PermanentLink.remember(self, before["slug"])
        # The new slug may be one an old link still answers for: the item takes it back.
        PermanentLink.reclaim(self)

    @property
    def state(self):
        now = timezone.now()
        if self.status != self.Status.PUBLISHED:
            return State.DRAFT
        if self.published_at is not None and self.published_at > now:
            return State.SCHEDULED
        if self.expires_at is not None and self.expires_at <= now:
            return State.EXPIRED
        return State.LIVE

    def is_due_for_review(self):
        return self.review_by is not None and self.review_by <= timezone.localdate()

    def is_live(self):
        """Residents can see it now."""
        return self.state == State.LIVE

    def was_ever_public(self):
        """Residents could have seen it (and linked to it) at some point."""
        return self.published_at is not None and self.published_at <= timezone.now()

    def is_released(self):
        """A publisher has let it out: live, scheduled or expired. Editors' changes to it
        are held for review."""
        return self.status == self.Status.PUBLISHED

    def is_or_was_public(self):
        """Released or once visible: taking it off the site is a publisher's decision."""
        return self.is_released() or self.was_ever_public()

    def saved_copy(self):
        """The row as it is in the database now, or None for an unsaved item."""
        if self.pk is None:
            return None
        return type(self)._base_manager.filter(pk=self.pk).first()

    def clean(self):
        super().clean()
        if self.expires_at and self.published_at and self.expires_at <= self.published_at:
            raise ValidationError({"expires_at": _("The expiry must be after the go-live time.")})
        if self.reviewed_on and self.reviewed_on > timezone.localdate():
            raise ValidationError({"reviewed_on": _("The check cannot be dated in the future.")})
        if self.reviewed_on and self.review_by and self.review_by <= self.reviewed_on:
            raise ValidationError(
                {"review_by": _("The next check must be after the day it was last checked.")}
            )
        holder = PermanentLink.holder_of(self)
        if holder is not None:
            raise ValidationError(
                {
                    "slug": _(
                        "The address '%(slug)s' still leads to another item, “%(holder)s”, "
                        "whose old links must keep working. Choose another slug."
                    )
                    % {"slug": self.slug, "holder": holder}
                }
            )


class HistoryRecord(models.Model):
    """What a content history row records beyond simple-history's own: who wrote the
    change, when that was not the person who saved it (an editor's held change,
    applied by a publisher)."""

    history_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )

    class Meta:
        abstract = True


class ContentHistory(HistoricalRecords):
    """simple-history as content uses it: the writer and the saver of each change, a
    change note of any length, and the tracker reachable from the model, so that a
    first version can be recorded for content that arrived without one (fixtures)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("bases", [HistoryRecord])
        kwargs.setdefault("history_change_reason_field", models.TextField(null=True))
        super().__init__(**kwargs)

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if self.cls is sender:
            sender._content_history = self

    def record_first_version(self, instance, reason):
        instance._history_date = getattr(instance, "updated_at", None) or timezone.now()
        instance._change_reason = reason
        self.create_historical_record(instance, "+")


def credit_author(sender, instance, history_instance, **kwargs):
    """The writer of a change is its saver unless the workflow said otherwise."""
    history_instance.history_author = (
        getattr(instance, "_history_author", None) or history_instance.history_user
    )


class MarkdownMixin:
    """Models list ``markdown_fields``; each ``<name>`` gets a rendered ``<name>_html``."""

    markdown_fields: tuple[str, ...] = ()

    def render_markdown_fields(self):
        for name in self.markdown_fields:
            setattr(self, f"{name}_html", render_markdown(getattr(self, name)))

    def save(self, *args, **kwargs):
        self.render_markdown_fields()
        super().save(*args, **kwargs)


def markdown_html_field():
    return models.TextField(blank=True, editable=False)


class PermanentLink(models.Model):
    """A slug residents could once see. It redirects to the item's current address,
    or answers 410 Gone once the item has been deleted (``object_id`` is then empty)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    slug = models.SlugField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The table kept its name when this model moved here from the project package.
        db_table = "pdxsafety_permanentlink"
        constraints = [
            models.UniqueConstraint(fields=["content_type", "slug"], name="one_link_per_slug")
        ]

    def __str__(self):
        return f"{self.content_type.model}/{self.slug}"

    @classmethod
    def holder_of(cls, item):
        """The other item an old slug still redirects to, if any."""
        link = (
            cls.objects.filter(content_type=ContentType.objects.get_for_model(item), slug=item.slug)
            .exclude(object_id=None)
            .exclude(object_id=item.pk)
            .first()
        )
        if link is None:
            return None
        return type(item)._base_manager.filter(pk=link.object_id).first()

    @classmethod
    def remember(cls, item, old_slug):
        cls.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(item),
            slug=old_slug,
            defaults={"object_id": item.pk},
        )

    @classmethod
    def reclaim(cls, item):
        """An item taking a slug back (its own old one, or a deleted item's) ends that link."""
        cls.objects.filter(
            models.Q(object_id=None) | models.Q(object_id=item.pk),
            content_type=ContentType.objects.get_for_model(item),
            slug=item.slug,
        ).delete()


class ChangeNote(models.Model):
    """A publisher's one-line public note about a major change to an item."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(db_index=True)
    note = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "pdxsafety_changenote"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.note

    @classmethod
    def record(cls, item, note, moment):
        return cls.objects.create(
            content_type=ContentType.objects.get_for_model(item),
            object_id=item.pk,
            note=note,
            created_at=moment,
        )


class HeldChangeQuerySet(models.QuerySet):
    def for_item(self, item):
        return (
            self.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)
            .select_related("author", "content_type")
            .first()
        )


class HeldChange(models.Model):
    """An editor's change to a released item, held until a publisher applies it, so that
    an editor's save never changes what residents see.

    ``changes`` holds only what the editor changed, keyed as in ``publishing.changes``
    (field values, rows edited with the item, rows added or deleted); ``base`` holds the
    same keys as they were when the editor started, so that applying it later merges by
    field with whatever changed meanwhile instead of overwriting it.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    changes = models.JSONField(default=dict)
    base = models.JSONField(default=dict)
    summary = models.CharField(max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = HeldChangeQuerySet.as_manager()

    class Meta:
        db_table = "pdxsafety_pendingchange"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_pending_change_per_item"
            )
        ]

    def __str__(self):
        return f"Held change to {self.content_type.model} {self.object_id}"

    @property
    def item(self):
        model = self.content_type.model_class()
        return model._base_manager.filter(pk=self.object_id).first()


class SiteAlertQuerySet(models.QuerySet):
    def active(self):
        now = timezone.now()
        return self.filter(
            models.Q(ends_at=None) | models.Q(ends_at__gt=now), is_on=True, starts_at__lte=now
        ).order_by("-severity_rank", "-starts_at")


class SiteAlert(models.Model):
    """A message shown at the top of every page, e.g. a 311 outage or an emergency."""

    class Severity(models.TextChoices):
        INFO = "info", _("Information")
        WARNING = "warning", _("Warning")
        URGENT = "urgent", _("Urgent")

    SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.URGENT: 2}

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        SHOWING = "showing", _("Showing")
        OVER = "over", _("Over")
        OFF = "off", _("Turned off")

    message = models.CharField(
        max_length=300, help_text=_("One or two plain sentences. Shown on every page.")
    )
    severity = models.CharField(max_length=10, choices=Severity, default=Severity.INFO)
    severity_rank = models.PositiveSmallIntegerField(default=0, editable=False)
    is_on = models.BooleanField(_("turned on"), default=True)
    starts_at = models.DateTimeField(default=timezone.now, help_text=PACIFIC_HELP)
    ends_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=help_with(PACIFIC_HELP, _("Leave empty to show until turned off.")),
    )
    # Every page shows the alert, so HTTP caching needs to know when it last changed.
    updated_at = models.DateTimeField(auto_now=True)
    history = ContentHistory(table_name="pdxsafety_historicalsitealert")

    objects = SiteAlertQuerySet.as_manager()

    class Meta:
        db_table = "pdxsafety_sitealert"
        ordering = ["-starts_at"]
        # Site-wide permission for the Publisher role; it lives here because every
        # permission needs a model.
        permissions = [("publish", "Can publish, unpublish and delete published content")]

    def __str__(self):
        return self.message

    def save(self, *args, **kwargs):
        self.severity_rank = self.SEVERITY_RANK[self.severity]
        super().save(*args, **kwargs)

    def clean(self):
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must be after the start.")})

    @property
    def state(self):
        """Where the alert stands now; the same rule as ``SiteAlert.objects.active()``."""
        now = timezone.now()
        if not self.is_on:
            return self.State.OFF
        if self.ends_at is not None and self.ends_at <= now:
            return self.State.OVER
        if self.starts_at > now:
            return self.State.SCHEDULED
        return self.State.SHOWING


def prepare_fixture_row(sender, instance, raw, **kwargs):
    """Loading fixtures saves rows raw, past ``save()``: do its bookkeeping here."""
    if not raw:
        return
    if isinstance(instance, MarkdownMixin):
        instance.render_markdown_fields()
    if isinstance(instance, Publishable):
        now = timezone.now()
        # Raw saves skip auto_now; fixtures leave timestamps to the moment they are loaded.
        instance.created_at = instance.created_at or now
        instance.updated_at = instance.updated_at or now
        if instance.status == Publishable.Status.PUBLISHED and instance.published_at is None:
            instance.published_at = now


def retire_permanent_links(sender, instance, **kwargs):
    """A deleted item's addresses answer 410 Gone. A receiver rather than ``delete()``,
    because bulk and cascading deletes never call ``delete()``."""
    if not instance.was_ever_public():
        return
    content_type = ContentType.objects.get_for_model(instance)
    PermanentLink.objects.filter(content_type=content_type, object_id=instance.pk).update(
        object_id=None
    )
    PermanentLink.objects.update_or_create(
        content_type=content_type, slug=instance.slug, defaults={"object_id": None}
    )


def connect_receivers(models):
    """Connected model by model (from the app config), so no other model's save pays."""
    from simple_history.signals import pre_create_historical_record

    for model in models:
        if hasattr(model, "_content_history"):
            pre_create_historical_record.connect(credit_author, sender=model.history.model)
        if issubclass(model, MarkdownMixin | Publishable):
            pre_save.connect(prepare_fixture_row, sender=model)
        if issubclass(model, Publishable):
            post_delete.connect(retire_permanent_links, sender=model)


# Staff paste links residents will follow: only web addresses, never ftp: or javascript:.
http_url_validator = URLValidator(
    schemes=["http", "https"], message=_("Enter a web address starting with https:// or http://.")
)


AMOUNT_LABEL = _("amount (US dollars)")
SOURCE_LABEL = _("source")


def money_field(verbose_name=AMOUNT_LABEL):
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Leave empty when no amount has been published; it is then never shown as $0."),
    )


def source_url_field(verbose_name=SOURCE_LABEL, help_text=""):
    """The public page that states a fact, shown next to it as its source."""
    return models.URLField(
        verbose_name,
        blank=True,
        max_length=300,
        validators=[http_url_validator],
        help_text=help_text or _("The City page that states this, shown as its source."),
    )


def content_checked_on(items):
    """The day every one of ``items`` had last been checked (the oldest check), or None
    when any of them was never checked: a page never claims a check that did not happen.
    """
    items = list(items)
    if not items or any(getattr(item, "reviewed_on", None) is None for item in items):
        return None
    return min(item.reviewed_on for item in items)
