"""Agencies and groups by jurisdiction, advisory councils, and 311 with its channels."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from publishing.models import (
    MARKDOWN_HELP,
    ContentHistory,
    MarkdownMixin,
    Publishable,
    http_url_validator,
    markdown_html_field,
    source_url_field,
)


class Organization(MarkdownMixin, Publishable):
    """An agency, office, team or group that works on community safety."""

    class Jurisdiction(models.TextChoices):
        CITY = "city", _("City of Portland")
        COUNTY = "county", _("Multnomah County")
        STATE = "state", _("State of Oregon")
        COMMUNITY = "community", _("Community")

    class Kind(models.TextChoices):
        AGENCY = "agency", _("Agency or bureau")
        OFFICE = "office", _("Office or division")
        TEAM = "team", _("Team")
        OVERSIGHT = "oversight", _("Oversight or advisory group")
        SERVICE = "service", _("Public service")

    name = models.CharField(max_length=200)
    short_name = models.CharField(
        max_length=30, blank=True, help_text=_("Acronym residents know it by, e.g. BOEC.")
    )
    jurisdiction = models.CharField(max_length=12, choices=Jurisdiction, db_index=True)
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.AGENCY)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text=_("The agency this one is part of, if any."),
    )
    is_listed_partner = models.BooleanField(
        _("listed as a community safety partner"),
        default=False,
        help_text=_("Shown under its jurisdiction at the top of the partners page."),
    )
    description = models.TextField(blank=True, help_text=MARKDOWN_HELP)
    description_html = markdown_html_field()
    website = models.URLField(
        blank=True,
        validators=[http_url_validator],
        help_text=_("Leave empty until the address is confirmed."),
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = ContentHistory()

    markdown_fields = ("description",)

    class Meta:
        ordering = ["jurisdiction", "order", "name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return f"{self.name} ({self.short_name})" if self.short_name else self.name

    def get_absolute_url(self):
        return reverse("partners:list") + f"#{self.slug}"


class CouncilGroup(MarkdownMixin, Publishable):
    """A grouping of advisory councils, e.g. the police bureau's community-led councils."""

    name = models.CharField(max_length=200)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="council_groups"
    )
    description = models.TextField(blank=True, help_text=MARKDOWN_HELP)
    description_html = markdown_html_field()
    url = models.URLField(_("more information at"), blank=True, validators=[http_url_validator])
    order = models.PositiveSmallIntegerField(default=0)
    history = ContentHistory()

    markdown_fields = ("description",)
    history_inlines = ("councils",)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class AdvisoryCouncil(models.Model):
    group = models.ForeignKey(CouncilGroup, on_delete=models.CASCADE, related_name="councils")
    name = models.CharField(max_length=200)
    url = models.URLField(blank=True, validators=[http_url_validator])
    order = models.PositiveSmallIntegerField(default=0)
    history = ContentHistory()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Resource(Publishable):
    """A document or page elsewhere that residents are pointed to."""

    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    url = models.URLField(
        blank=True,
        validators=[http_url_validator],
        help_text=_("Leave empty until the address is confirmed."),
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="resources"
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = ContentHistory()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title


class Service(MarkdownMixin, Publishable):
    """A public service residents contact directly, such as PDX 311."""

    name = models.CharField(max_length=200)
    tagline = models.CharField(max_length=120, blank=True, help_text=_("A short call to action."))
    summary = models.TextField(blank=True, help_text=MARKDOWN_HELP)
    summary_html = markdown_html_field()
    is_primary_contact = models.BooleanField(
        default=False,
        help_text=_("Shown on every page as the way to reach the city. Keep only one."),
    )
    website = models.URLField(
        blank=True,
        validators=[http_url_validator],
        help_text=_("The service's own page. Leave empty until the address is confirmed."),
    )
    emergency_number = models.CharField(
        max_length=20,
        blank=True,
        help_text=_(
            "Digits to dial in an emergency, e.g. 911. Shown at the top of every page "
            "of the primary contact as 'Emergency: call …'."
        ),
    )
    emergency_label = models.CharField(
        max_length=20, blank=True, help_text=_("The number as residents read it, e.g. 9-1-1.")
    )
    emergency_note = models.CharField(
        max_length=200,
        blank=True,
        help_text=_(
            "When not to use this service, e.g. '311 is for everything except emergencies.'"
        ),
    )
    emergency_source_url = source_url_field()
    hours = models.CharField(
        max_length=300, blank=True, help_text=_("When staff answer, in one plain sentence.")
    )
    hours_source_url = source_url_field()
    languages = models.CharField(
        max_length=400, blank=True, help_text=_("The languages staff speak, in one plain sentence.")
    )
    languages_source_url = source_url_field()
    access_note = models.CharField(
        _("interpretation and access"),
        max_length=400,
        blank=True,
        help_text=_(
            "How to ask for translation, interpretation or disability access, and "
            "whether it is free."
        ),
    )
    access_source_url = source_url_field()
    history = ContentHistory()

    markdown_fields = ("summary",)
    history_inlines = ("channels", "links")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        # The primary contact's full block is on the home page; it is the service's page.
        return reverse("home") + "#contact-311"

    @property
    def has_unlinked_reports(self):
        return any(not link.url for link in self.links.all())

    @property
    def phone_channels(self):
        return [channel for channel in self.channels.all() if channel.kind == "phone"]

    @property
    def email_channels(self):
        return [channel for channel in self.channels.all() if channel.kind == "email"]


class ContactChannel(models.Model):
    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("Email")
        IN_PERSON = "in_person", _("In person")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(max_length=10, choices=Kind)
    label = models.CharField(
        max_length=120, help_text=_("What residents see, e.g. (503) 823-4000.")
    )
    value = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Phone: digits to dial, e.g. +15038234000. Email: the address."),
    )
    address = models.CharField(
        max_length=200, blank=True, help_text=_("Street address, in person.")
    )
    note = models.CharField(max_length=200, blank=True, help_text=_("e.g. within Multnomah County"))
    source_url = source_url_field()
    order = models.PositiveSmallIntegerField(default=0)
    history = ContentHistory()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.label}"

    @property
    def href(self):
        if self.kind == self.Kind.PHONE and self.value:
            return f"tel:{self.value}"
        if self.kind == self.Kind.EMAIL and self.value:
            return f"mailto:{self.value}"
        return ""


class ServiceLinkQuerySet(models.QuerySet):
    def published(self):
        """The links residents see: those of published services."""
        return self.filter(service__in=Service.objects.published().values("pk"))


class ServiceLink(models.Model):
    """Something residents can do online through the service, e.g. report an abandoned vehicle."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(max_length=200)
    url = models.URLField(
        blank=True,
        validators=[http_url_validator],
        help_text=_("Leave empty until the address is confirmed."),
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = ContentHistory()

    objects = ServiceLinkQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        # Without a confirmed address, the service's block says how to make the report.
        return self.url or reverse("home") + "#contact-311"
