"""What every public content model shares: publishing, timestamps, Markdown."""

from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone

from .markdown import render_markdown

MARKDOWN_HELP = (
    "Markdown: **bold**, *italic*, [link text](https://example.org), "
    "lines starting with - for a list, a blank line between paragraphs."
)


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What residents may see: published, and not scheduled for later.

        >>> Program.objects.published().filter(slug="safer-summer-pdx")
        """
        return self.filter(status=Publishable.Status.PUBLISHED, published_at__lte=timezone.now())


class Publishable(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="The last part of the page's web address. Lower-case words joined by hyphens.",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="Pacific time. Left empty, it is set when the item is first published.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class MarkdownMixin:
    """Models list ``markdown_fields``; each ``<name>`` gets a rendered ``<name>_html``."""

    markdown_fields: tuple[str, ...] = ()

    def render_markdown_fields(self):
        for name in self.markdown_fields:
            setattr(self, f"{name}_html", render_markdown(getattr(self, name)))


def markdown_html_field():
    return models.TextField(blank=True, editable=False)


@receiver(pre_save)
def prepare_content(sender, instance, raw, **kwargs):
    # pre_save also runs for fixtures (raw=True), so seed content is rendered too.
    if isinstance(instance, MarkdownMixin):
        instance.render_markdown_fields()
    if not isinstance(instance, Publishable):
        return
    now = timezone.now()
    if raw:
        # Raw saves skip auto_now; fixtures leave timestamps to the moment they are loaded.
        instance.created_at = instance.created_at or now
        instance.updated_at = instance.updated_at or now
    if instance.status == Publishable.Status.PUBLISHED and instance.published_at is None:
        instance.published_at = now
