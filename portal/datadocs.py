"""What each export holds, field by field. The /data/ page is rendered from this.

The site's own exports (home, search, this guide, the feeds) are documented here;
each content app documents its exports in its ``contributions`` module. Field
names are a public interface: tests compare these lists with what the exports
really contain, and pin the names, so a rename cannot slip through.
"""

from django.urls import reverse

from publishing import registry
from publishing.registry import Export, ExportLink

SITE_FEEDS = (
    ExportLink("updates_feed", "updates-feed", "Updates, Atom.", feed=True),
    ExportLink("sitemap", "sitemap", "Every public page, XML sitemap.", feed=True),
)

HOME_FIELDS = (
    ("name", "The site's name."),
    ("url", "The home page's address."),
    ("contact", "The City's primary contact (311), or null."),
    ("contact.name", "The service's name."),
    ("contact.channels", "Ways to reach it."),
    ("contact.channels[].kind", "phone, email or in_person."),
    ("contact.channels[].label", "What residents see, such as a phone number."),
    ("contact.channels[].value", "What to dial or write to, or null."),
    ("contact.channels[].address", "Street address for in-person visits, or null."),
    ("contact.channels[].note", "A condition, such as where a number works, or null."),
    ("programs", "Featured programs."),
    ("programs[].title", "The program's name."),
    ("programs[].url", "Its page."),
    ("events", "Latest events."),
    ("events[].title", "The event's name."),
    ("events[].start_date", "Its day (YYYY-MM-DD)."),
    ("events[].url", "Its page."),
    ("exports", "Addresses of the collection exports and feeds."),
)

DATA = Export(
    "data",
    "This guide",
    "The list of exports and fields on this page, for programs that read it.",
    ("/data.json",),
    (
        ("exports", "Each export."),
        ("exports[].slug", "A short name for it."),
        ("exports[].title", "Its title on this page."),
        ("exports[].description", "What it holds."),
        ("exports[].urls", "Its addresses; <slug> and <words> stand for your choice."),
        ("exports[].fields", "Its fields."),
        ("exports[].fields[].name", "The field's name, with [] for lists and . for objects."),
        ("exports[].fields[].meaning", "What it holds."),
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
        "Home page",
        "The site at a glance: how to reach 311, programs, latest events and the exports.",
        ("/index.json",),
        (
            *HOME_FIELDS,
            *((f"exports.{link.name}", link.description) for link in export_links()),
        ),
    )


def spelled_out(words):
    return f"{', '.join(words[:-1])} or {words[-1]}" if len(words) > 1 else "".join(words)


def search_export():
    kinds = spelled_out([*(source.kind for source in registry.search_sources()), "section"])
    return Export(
        "search",
        "Search results",
        "The search page's results for ?q= (and ?page=), best first.",
        ("/search.json?q=<words>",),
        (
            ("query", "The search as the site read it (at most 200 characters)."),
            ("count", "How many results in all."),
            ("page", "This page's number."),
            ("pages", "How many pages."),
            (
                "results",
                "Up to 20 results; on the first page, the sections of the site the words name "
                "(such as the budget page for “how much”) come first.",
            ),
            ("results[].type", f"{kinds}."),
            ("results[].title", "The item's name."),
            ("results[].text", "The start of its description."),
            ("results[].url", "Its page."),
        ),
    )


def feeds_export():
    updates, sitemap = (reverse(link.url_name) for link in SITE_FEEDS)
    app_feeds = [reverse(link.url_name) for link in registry.export_links() if link.feed]
    return Export(
        "feeds",
        "Feeds and calendar",
        "For feed readers and calendar apps: subscribe to these addresses.",
        (updates, *app_feeds, sitemap),
        (),
    )


def exports():
    """Every export in the order /data/ lists them: the home page, each app's, the site's."""
    return [home_export(), *registry.exports(), search_export(), DATA, feeds_export()]
