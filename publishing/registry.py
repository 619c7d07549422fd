"""What each content app adds to the pages that span the whole site.

A content app's ``contributions`` module registers here, the way its ``admin``
module registers with the admin site: its search sources, feed updates, sitemaps,
list pages, export documentation and export addresses. Any app, the site layer
included, may offer one of its pages as a search result with ``section()``. Registering makes it a
content app, so the staff roles cover its models. ``PublishingConfig.ready()``
imports every app's ``contributions`` module, so the site layer reads these lists
without importing any content app, and a new kind of content touches only its app.

Every list comes back in INSTALLED_APPS order, then in the order each app
registered its entries, whatever order the modules happened to be imported in.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps as django_apps
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Source:
    """One kind of content for site search; ``kind`` is its name in the results."""

    kind: str
    label: str
    model: type
    title: str
    # (field, weight) pairs. The GIN index in the app's migrations repeats them in
    # this order: change one, change the other, or PostgreSQL stops using the index.
    weighted_fields: tuple
    text: object
    acronym: str | None = None
    # How a result row finds its page: ``model(key=..., link=...).get_absolute_url()``.
    # ``link`` names a field the address depends on besides the key (e.g. a City URL).
    key: str = "slug"
    link: str | None = None
    # Added to every match's score: lifts the kinds that are whole pages (a program)
    # over those that are one line of a page (a budget item) when both match alike.
    boost: float = 0.0
    # Comma-separated words residents use for this kind of content as a whole: a query
    # made of them ("grantees") lists every item of the kind.
    keywords: str = ""


@dataclass(frozen=True)
class Section:
    """A page of the site offered as a search result when a resident names what it holds.

    ``keywords`` is a comma-separated list of the words residents use for it; synonyms
    staff keep in the admin widen it further.
    """

    url_name: str
    title: str
    description: str
    keywords: str
    fragment: str = ""

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse(self.url_name) + (f"#{self.fragment}" if self.fragment else "")


@dataclass
class Update:
    """One entry of the Atom feed of updates."""

    kind: str
    key: str
    title: str
    description: str
    url: str
    updated: datetime.datetime
    guid: str = ""


@dataclass(frozen=True)
class Export:
    """What one export holds, field by field, as /data/ shows it."""

    slug: str
    title: str
    description: str
    urls: tuple
    fields: tuple


@dataclass(frozen=True)
class ExportLink:
    """An address the home page's JSON twin lists under ``exports``."""

    name: str
    url_name: str
    description: str
    # Feeds and calendars are listed after the collection exports.
    feed: bool = False


@dataclass
class ContentApp:
    """What one content app registers; ``content_app(label)`` hands it out."""

    label: str
    search_sources: list = field(default_factory=list)
    update_sources: list = field(default_factory=list)
    sitemaps: list = field(default_factory=list)
    list_pages: list = field(default_factory=list)
    exports: list = field(default_factory=list)
    export_links: list = field(default_factory=list)

    def search(self, *sources):
        self.search_sources.extend(sources)

    def updates(self, function):
        """Registers ``function(limit)``, which returns the app's latest Updates.

        Usable as a decorator.
        """
        self.update_sources.append(function)
        return function

    def sitemap(self, name, model):
        """Lists every published ``model`` item in /sitemap.xml, under ``name``."""
        self.sitemaps.append((name, model))

    def list_page(self, url_name):
        """Lists a page of the app's content among /sitemap.xml's sections."""
        self.list_pages.append(url_name)

    def export(self, *exports):
        self.exports.extend(exports)

    def export_link(self, name, url_name, description, *, feed=False):
        self.export_links.append(ExportLink(name, url_name, description, feed))


@dataclass
class DeskRow:
    label: str
    url: str | None
    note: str = ""
    when: datetime.datetime | None = None


@dataclass
class DeskNotice:
    """A short list an app shows on the staff desk: its count, at most a few rows, and
    where to see them all."""

    title: str
    count: int
    rows: list
    url: str | None = None
    # Headings of the label, note and date columns.
    columns: tuple = ("Item", "Note", "When (Pacific)")


_registered = {}
_desk_sections = []
_role_permissions = {}
_sections = []


def section(url_name, title, description, keywords, fragment=""):
    """Offers a page of the site as a search result; one call per page, from any app."""
    entry = Section(url_name, title, description, keywords, fragment)
    if entry not in _sections:
        _sections.append(entry)
    return entry


def sections():
    return list(_sections)


_site_models = []


def site_model(app_label, model_name):
    """A model of site-wide settings that is live once saved, with no draft to review:
    publishers may change it, editors only see it (publishing.roles)."""
    if (app_label, model_name) not in _site_models:
        _site_models.append((app_label, model_name))


def site_models():
    return list(_site_models)


def content_app(label):
    """The registrations of the app ``label``; the first call makes it a content app."""
    return _registered.setdefault(label, ContentApp(label))


def content_apps():
    """The registered apps that are installed, in INSTALLED_APPS order."""
    return [
        _registered[config.label]
        for config in django_apps.get_app_configs()
        if config.label in _registered
    ]


def content_app_labels():
    return [app.label for app in content_apps()]


def _contributed(attribute):
    return [entry for app in content_apps() for entry in getattr(app, attribute)]


def search_sources():
    return _contributed("search_sources")


def update_sources():
    return _contributed("update_sources")


def sitemaps():
    """(name, model) pairs."""
    return _contributed("sitemaps")


def list_pages():
    """URL names."""
    return _contributed("list_pages")


def exports():
    return _contributed("exports")


def export_links():
    return _contributed("export_links")


def desk_section(function):
    """Registers ``function(user)``, which returns a DeskNotice for the staff desk, or None
    when there is nothing for that person. Usable as a decorator."""
    _desk_sections.append(function)
    return function


def desk_notices(user):
    return [notice for function in _desk_sections if (notice := function(user)) is not None]


def role_permissions(app_label, *, editor=(), publisher=()):
    """Permissions of an app that is not content (its models have no publishing state)
    that the Editor and Publisher roles also get, by codename."""
    _role_permissions[app_label] = {"Editor": tuple(editor), "Publisher": tuple(publisher)}


def extra_role_permissions(role):
    """{app label: codenames} for the role "Editor" or "Publisher"."""
    return {label: roles[role] for label, roles in _role_permissions.items()}


def autodiscover():
    autodiscover_modules("contributions")
