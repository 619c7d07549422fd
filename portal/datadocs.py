"""What each export holds, field by field. The /data/ page is rendered from this.

The site's own exports (home, search, this guide, the feeds) are documented here;
each content app documents its exports in its ``contributions`` module. Field
names are a public interface: tests compare these lists with what the exports
really contain, and pin the names, so a rename cannot slip through.
"""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from publishing import registry
from publishing.registry import Export, ExportLink

SITE_FEEDS = (
    ExportLink("updates_feed", "updates-feed", _("Updates, Atom."), feed=True),
    ExportLink("sitemap", "sitemap", _("Every public page, XML sitemap."), feed=True),
)

HOME_FIELDS = (
    ("name", _("The site's name.")),
    ("url", _("The home page's address.")),
    ("contact", _("The City's primary contact (311), or null.")),
    ("contact.name", _("The service's name.")),
    ("contact.channels", _("Ways to reach it.")),
    ("contact.channels[].kind", _("phone, email or in_person.")),
    ("contact.channels[].label", _("What residents see, such as a phone number.")),
    ("contact.channels[].value", _("What to dial or write to, or null.")),
    ("contact.channels[].address", _("Street address for in-person visits, or null.")),
    ("contact.channels[].note", _("A condition, such as where a number works, or null.")),
    ("programs", _("Featured programs.")),
    ("programs[].title", _("The program's name.")),
    ("programs[].url", _("Its page.")),
    ("events", _("Latest events.")),
    ("events[].title", _("The event's name.")),
    ("events[].start_date", _("Its day (YYYY-MM-DD).")),
    ("events[].url", _("Its page.")),
    ("exports", _("Addresses of the collection exports and feeds.")),
)

DATA = Export(
    "data",
    _("This guide"),
    _("The list of exports and fields on this page, for programs that read it."),
    ("/data.json",),
    (
        ("exports", _("Each export.")),
        ("exports[].slug", _("A short name for it.")),
        ("exports[].title", _("Its title on this page.")),
        ("exports[].description", _("What it holds.")),
        ("exports[].urls", _("Its addresses; <slug> and <words> stand for your choice.")),
        ("exports[].fields", _("Its fields.")),
        ("exports[].fields[].name", _("The field's name, with [] for lists and . for objects.")),
        ("exports[].fields[].meaning", _("What it holds.")),
    ),
)


def export_links():
    """What the home page's JSON twin lists under ``exports``: collections, then feeds."""
    links = registry.export_links()
    return [
        *(link for link in links if not link.feed),
        *(link for link in links if link.feed),
        *SITE_FEEDS,
    ]


def home_export():
    return Export(
        "home",
        _("Home page"),
        _("The site at a glance: how to reach 311, programs, latest events and the exports."),
        ("/index.json",),
        (
            *HOME_FIELDS,
            *((f"exports.{link.name}", link.description) for link in export_links()),
        ),
    )


def spelled_out(words):
    if len(words) < 2:
        return "".join(words)
    return gettext("%(list)s or %(last)s") % {"list": ", ".join(words[:-1]), "last": words[-1]}


def search_export():
    kinds = spelled_out([*(source.kind for source in registry.search_sources()), "section"])
    return Export(
        "search",
        _("Search results"),
        _("The search page's results for ?q= (and ?page=), best first."),
        ("/search.json?q=<words>",),
        (
            ("query", _("The search as the site read it (at most 200 characters).")),
            ("count", _("How many results in all.")),
            ("page", _("This page's number.")),
            ("pages", _("How many pages.")),
            (
                "results",
                _(
                    "Up to 20 results; on the first page, the sections of the site the words name "
                    "(such as the budget page for “how much”) come first."
                ),
            ),
            ("results[].type", f"{kinds}."),
            ("results[].title", _("The item's name.")),
            ("results[].text", _("The start of its description.")),
            ("results[].url", _("Its page.")),
        ),
    )


def feeds_export():
    updates, sitemap = (reverse(link.url_name) for link in SITE_FEEDS)
    app_feeds = [reverse(link.url_name) for link in registry.export_links() if link.feed]
    return Export(
        "feeds",
        _("Feeds and calendar"),
        _("For feed readers and calendar apps: subscribe to these addresses."),
        (updates, *app_feeds, sitemap),
        (),
    )


def exports():
    """Every export in the order /data/ lists them: the home page, each app's, the site's."""
    return [home_export(), *registry.exports(), search_export(), DATA, feeds_export()]
