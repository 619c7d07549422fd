"""Grantees, grant rounds and the awards that join them."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from publishing.models import (
    MARKDOWN_HELP,
    ContentHistory,
    MarkdownMixin,
    Publishable,
    PublishableQuerySet,
    http_url_validator,
    markdown_html_field,
    money_field,
)


class Grantee(MarkdownMixin, Publishable):
    """A community organization that received a grant. Its page is partners' permalink."""

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=30, blank=True, help_text=_("e.g. ARIO"))
    summary = models.CharField(
        max_length=300, blank=True, help_text=_("One sentence for cards and link previews.")
    )
    in_short = models.TextField(
        _("in short"),
        blank=True,
        help_text=_(
            "Two short sentences at the top of the page: what the group does and the "
            "City grant it got. Use short, common words; only facts already on the site."
        ),
    )
    description = models.TextField(blank=True, help_text=MARKDOWN_HELP)
    description_html = markdown_html_field()
    website = models.URLField(
        blank=True, validators=[http_url_validator], help_text=_("Leave empty until confirmed.")
    )
    history = ContentHistory()

    markdown_fields = ("description",)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return f"{self.name} ({self.short_name})" if self.short_name else self.name

    def get_absolute_url(self):
        return reverse("grants:grantee", kwargs={"slug": self.slug})

    def get_data_url(self):
        return reverse("grants:grantee-json", kwargs={"slug": self.slug})


class GrantRoundQuerySet(PublishableQuerySet):
    def with_grantee_count(self):
        published = Grantee.objects.published().values("pk")
        return self.annotate(
            grantee_count=models.Count("awards", filter=models.Q(awards__grantee__in=published))
        )


class GrantRound(MarkdownMixin, Publishable):
    title = models.CharField(max_length=200)
    period = models.CharField(max_length=60, help_text=_("When it was awarded, e.g. Spring 2022."))
    awarded_by = models.ForeignKey(
        "partners.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grant_rounds",
    )
    description = models.TextField(blank=True, help_text=MARKDOWN_HELP)
    description_html = markdown_html_field()
    more_info_url = models.URLField(
        blank=True, validators=[http_url_validator], help_text=_("Leave empty until confirmed.")
    )
    grantees = models.ManyToManyField(Grantee, through="Award", related_name="grant_rounds")
    order = models.PositiveSmallIntegerField(default=0)
    history = ContentHistory()

    objects = GrantRoundQuerySet.as_manager()
    markdown_fields = ("description",)
    history_inlines = ("awards",)

    class Meta:
        ordering = ["order", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("grants:list") + f"#{self.slug}"


class Award(models.Model):
    grant_round = models.ForeignKey(GrantRound, on_delete=models.CASCADE, related_name="awards")
    grantee = models.ForeignKey(Grantee, on_delete=models.PROTECT, related_name="awards")
    amount = money_field()
    history = ContentHistory()

    class Meta:
        ordering = ["grantee__name"]
        constraints = [
            models.UniqueConstraint(fields=["grant_round", "grantee"], name="one_award_per_round")
        ]

    def __str__(self):
        return f"{self.grantee} — {self.grant_round}"
