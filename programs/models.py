"""Programs, their components, timelines and events."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Organization
from publishing.models import (
    MARKDOWN_HELP,
    ContentHistory,
    MarkdownMixin,
    Publishable,
    PublishableQuerySet,
    help_with,
    http_url_validator,
    markdown_html_field,
    source_url_field,
)

IN_SHORT_HELP = _(
    "Two short sentences at the top of the page: what it is and what it means for "
    "residents. Use short, common words; only facts already on the site."
)


class Program(MarkdownMixin, Publishable):
    title = models.CharField(max_length=200)
    short_name = models.CharField(
        max_length=30, blank=True, help_text=_("Acronym residents may search for, e.g. PSR.")
    )
    summary = models.CharField(
        max_length=300, help_text=_("One plain sentence shown on cards and in link previews.")
    )
    body = models.TextField(blank=True, help_text=MARKDOWN_HELP)
    body_html = markdown_html_field()
    lead_agency = models.ForeignKey(
        "partners.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_programs",
    )
    more_info_url = models.URLField(
        blank=True, validators=[http_url_validator], help_text=_("Leave empty until confirmed.")
    )
    more_info_label = models.CharField(
        max_length=120,
        blank=True,
        help_text=_(
            "Describe where the link goes, e.g. 'Portland Street Response on portland.gov'."
        ),
    )
    in_short = models.TextField(_("in short"), blank=True, help_text=IN_SHORT_HELP)
    help_how = models.TextField(
        _("how to get help"),
        blank=True,
        help_text=help_with(
            _(
                "Fill this in for a service residents call in a crisis: the page then opens "
                "with a 'How to get help' box. Say what number to call and what to ask for."
            ),
            MARKDOWN_HELP,
        ),
    )
    help_how_html = markdown_html_field()
    help_responds_to = models.TextField(
        _("it responds to"),
        blank=True,
        help_text=help_with(_("The City's criteria, one per line."), MARKDOWN_HELP),
    )
    help_responds_to_html = markdown_html_field()
    help_not_for = models.TextField(
        _("it does not respond when"),
        blank=True,
        help_text=help_with(_("The City's criteria, one per line."), MARKDOWN_HELP),
    )
    help_not_for_html = markdown_html_field()
    help_hours = models.CharField(
        _("hours"),
        max_length=200,
        blank=True,
        help_text=_("As the City states them, e.g. every day."),
    )
    help_hours_stated_on = models.DateField(
        _("hours checked on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the hours were read on the City's page. Hours change: keep it current."
        ),
    )
    help_source_url = source_url_field()
    order = models.PositiveSmallIntegerField(default=0)
    history = ContentHistory()

    markdown_fields = ("body", "help_how", "help_responds_to", "help_not_for")
    # Rows edited inline with a program, restored with it from its history.
    history_inlines = ("components", "milestones")

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programs:detail", kwargs={"slug": self.slug})

    def get_data_url(self):
        return reverse("programs:detail-json", kwargs={"slug": self.slug})


class ComponentQuerySet(models.QuerySet):
    def with_stated_amount(self, programs):
        """Parts of ``programs`` the City gave an amount for, such as Safer Summer PDX's
        $2.4 million, in the programs' order."""
        return (
            self.filter(program__in=programs.values("pk"), amount__isnull=False)
            .select_related("program")
            .order_by("program__order", "program__title", "order", "pk")
        )


class Component(MarkdownMixin, models.Model):
    """A part of a program, e.g. one of the three prongs of Safer Summer PDX."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="components")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text=MARKDOWN_HELP)
    description_html = markdown_html_field()
    amount = models.DecimalField(
        _("funding (US dollars)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Leave empty when no amount has been published."),
    )
    organizations = models.ManyToManyField(
        "partners.Organization",
        blank=True,
        related_name="program_components",
        help_text=_("Teams and groups that carry out this part."),
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = ContentHistory(m2m_fields=[organizations])

    markdown_fields = ("description",)

    objects = ComponentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class MilestoneQuerySet(models.QuerySet):
    def latest_public(self):
        """Dated milestones of published programs, newest first, with their program.

        >>> Milestone.objects.latest_public()[:4]
        """
        return (
            self.filter(program__in=Program.objects.published().values("pk"))
            .exclude(date=None)
            .select_related("program")
            .order_by("-date", "-pk")
        )


class Milestone(models.Model):
    class Precision(models.TextChoices):
        DAY = "day", _("Exact day")
        MONTH = "month", _("Month only")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(
        null=True, blank=True, help_text=_("Leave empty for a step that has no date yet.")
    )
    date_precision = models.CharField(
        max_length=5,
        choices=Precision,
        default=Precision.DAY,
        help_text=_("Choose 'Month only' when just the month is known; the day is then ignored."),
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    organization = models.ForeignKey(
        "partners.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
        help_text=_("Who took this step, if one body did."),
    )
    is_done = models.BooleanField(_("done"), default=True)
    source_url = source_url_field(help_text=_("The public page that states this step, if any."))
    history = ContentHistory()

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        # Undated steps are still ahead, so they sort last.
        ordering = [models.F("date").asc(nulls_last=True), "pk"]

    def __str__(self):
        return self.title

    @property
    def is_ahead(self):
        """Still to come by its date: not done, and undated or dated after today. A step
        whose date has passed is never called planned, even before staff tick 'done'."""
        if self.is_done:
            return False
        return self.date is None or self.date > timezone.localdate()

    def clean(self):
        if self.is_done and self.date and self.date > timezone.localdate():
            raise ValidationError(
                {"is_done": _("A step dated in the future cannot be done yet. Untick 'done'.")}
            )


class EventQuerySet(PublishableQuerySet):
    def with_program(self):
        return self.select_related("program")

    def upcoming(self):
        return self.filter(start_date__gte=timezone.localdate())


class Event(MarkdownMixin, Publishable):
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    description = models.TextField(
        blank=True, help_text=help_with(_("Shown until the day of the event."), MARKDOWN_HELP)
    )
    description_html = markdown_html_field()
    description_after = models.TextField(
        _("description after the event"),
        blank=True,
        help_text=help_with(
            _(
                "Shown instead of the description once the day of the event has passed; "
                "write it in the past tense. Left empty, a past event shows its summary only."
            ),
            MARKDOWN_HELP,
        ),
    )
    description_after_html = markdown_html_field()
    start_date = models.DateField()
    start_time = models.TimeField(
        null=True, blank=True, help_text=_("Pacific time. Leave empty when no time is announced.")
    )
    end_time = models.TimeField(null=True, blank=True, help_text=_("Pacific time."))
    location = models.CharField(
        max_length=300, blank=True, help_text=_("Leave empty until the place is announced.")
    )
    host = models.ForeignKey(
        "partners.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_events",
    )
    history = ContentHistory()

    objects = EventQuerySet.as_manager()
    markdown_fields = ("description", "description_after")

    class Meta:
        ordering = ["-start_date", "start_time"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programs:event", kwargs={"slug": self.slug})

    @property
    def is_past(self):
        return self.start_date < timezone.localdate()

    @property
    def is_today(self):
        return self.start_date == timezone.localdate()

    @property
    def date_intro(self):
        """One sentence placing the event in time, in the tense today's date calls for."""
        day = formats.date_format(self.start_date, "l, F j, Y")
        if self.is_past:
            return _("This event took place on %(day)s.") % {"day": day}
        if self.is_today:
            return _("This event is today, %(day)s.") % {"day": day}
        return _("This event will take place on %(day)s.") % {"day": day}

    @property
    def current_description_html(self):
        """Staff text that is still true today: the past-tense text once the day has
        passed, never the invitation."""
        if self.is_past:
            return self.description_after_html
        return self.description_html

    def get_data_url(self):
        return reverse("programs:event-json", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.end_time and not self.start_time:
            # Every page and the calendar file read an end only after a start.
            raise ValidationError(
                {
                    "start_time": _(
                        "An end time needs a start time: fill in when the event "
                        "starts, or empty the end time."
                    )
                }
            )
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The end time must be after the start time.")})

    def get_ics_url(self):
        return reverse("programs:event-ics", kwargs={"slug": self.slug})


def program_detail_prefetches():
    """Everything a program page shows, in a fixed number of queries."""
    # Budget items point at programs, not the other way round: reach them through
    # the relation so that programs need not import the budget app.
    budget_item = Program._meta.get_field("budget_items").related_model

    return [
        Prefetch(
            "components",
            queryset=Component.objects.prefetch_related(
                Prefetch("organizations", queryset=Organization.objects.published())
            ),
        ),
        Prefetch("milestones", queryset=Milestone.objects.select_related("organization")),
        Prefetch("events", queryset=Event.objects.published().order_by("start_date")),
        Prefetch(
            "budget_items",
            queryset=budget_item.objects.published().select_related("budget"),
        ),
    ]


def program_timeline(program):
    """Milestones and events of a prefetched program, oldest first, undated steps last."""
    entries = [
        {"date": m.date, "milestone": m, "done": not m.is_ahead} for m in program.milestones.all()
    ] + [{"date": e.start_date, "event": e, "done": e.is_past} for e in program.events.all()]
    return sorted(entries, key=lambda entry: (entry["date"] is None, entry["date"] or 0))
