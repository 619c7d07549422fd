"""What each export holds, field by field. The /data/ page is rendered from this.

Field names are a public interface: tests compare these lists with what the
exports really contain, and pin the names, so a rename cannot slip through.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Export:
    slug: str
    title: str
    description: str
    urls: tuple
    fields: tuple


def under(prefix, fields):
    return tuple((f"{prefix}{name}", meaning) for name, meaning in fields)


PAGE_LINKS = (
    ("url", "Address of the item's page on this site."),
    ("data_url", "Address of the item's JSON twin."),
)

TOTAL = (
    ("amount_usd", "Sum of the published amounts, in US dollars."),
    ("items_with_amount", "How many items have a published amount."),
    ("items_without_amount", "How many items have no published amount (not counted as $0)."),
)

PROGRAM_SUMMARY = (
    ("title", "The program's name."),
    ("short_name", "Its acronym, such as PSR; empty when it has none."),
    ("summary", "One plain sentence about the program."),
    *PAGE_LINKS,
)

EVENT_SUMMARY = (
    ("title", "The event's name."),
    ("start_date", "The day it takes place (YYYY-MM-DD)."),
    *PAGE_LINKS,
)

ORGANIZATION_REF = (
    ("name", "The agency's or group's name."),
    ("short_name", "Its acronym; empty when it has none."),
    ("url", "Its entry on the partners page."),
)

AWARD = (
    ("grant_round", "The grant round's name."),
    ("period", "When the round was awarded, such as Spring 2022."),
    ("awarded_by", "The agency that awarded it, or null."),
    ("amount_usd", "The award in US dollars, or null when not published."),
    ("url", "The round on the grants page."),
)

GRANTEE = (
    ("name", "The organization's name."),
    ("short_name", "Its acronym as the organization writes it, such as B.M.I.T."),
    *PAGE_LINKS,
    ("slug", "The permanent last part of its page address."),
    ("summary", "One sentence about the organization; may be empty."),
    ("description_html", "What it does."),
    ("website", "Its own website, or null until confirmed."),
    ("awards", "Its City grants."),
    *under("awards[].", AWARD),
    ("updated_at", "When the City last changed this record."),
)

EXPORTS = (
    Export(
        "home",
        "Home page",
        "The site at a glance: how to reach 311, programs, latest events and the exports.",
        ("/index.json",),
        (
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
            ("exports.programs", "All programs, JSON."),
            ("exports.grant_rounds", "All grant rounds with their grantees, JSON."),
            ("exports.grantees", "All grantees with their awards, JSON."),
            ("exports.budget", "The budget, JSON."),
            ("exports.budget_csv", "The budget table, CSV."),
            ("exports.partners", "Agencies, councils and resources, JSON."),
            ("exports.events_calendar", "All events, iCalendar."),
            ("exports.updates_feed", "Updates, Atom."),
            ("exports.sitemap", "Every public page, XML sitemap."),
        ),
    ),
    Export(
        "programs",
        "Programs",
        "Every published program.",
        ("/programs.json",),
        (
            ("count", "How many programs."),
            ("programs", "The programs, in the order the programs page shows them."),
            *under("programs[].", PROGRAM_SUMMARY),
        ),
    ),
    Export(
        "program",
        "A program",
        "One program with everything its page shows.",
        ("/programs/<slug>.json",),
        (
            *PROGRAM_SUMMARY,
            ("slug", "The last part of its page address."),
            ("body_html", "The full description."),
            ("lead_agency", "The agency that runs it, or null."),
            *under("lead_agency.", ORGANIZATION_REF),
            ("more_info_url", "Where to read more elsewhere, or null until confirmed."),
            ("components", "Its parts, such as the three prongs of Safer Summer PDX."),
            ("components[].title", "The part's name."),
            ("components[].description_html", "What it does."),
            ("components[].amount_usd", "Its funding in US dollars, or null when not published."),
            ("components[].organizations", "Names of the teams and groups that carry it out."),
            ("milestones", "Its timeline, oldest first; undated steps last."),
            ("milestones[].date", "The day (YYYY-MM-DD), or null when not yet dated."),
            ("milestones[].date_precision", "day, or month when only the month is known."),
            ("milestones[].title", "What happened."),
            ("milestones[].description", "More detail; may be empty."),
            ("milestones[].done", "true once the step is complete."),
            ("events", "Its events."),
            *under("events[].", EVENT_SUMMARY),
            ("funding", "Budget items that fund it."),
            ("funding[].title", "The budget item."),
            ("funding[].budget", "The budget it belongs to."),
            ("funding[].amount_usd", "Its amount in US dollars, or null when not published."),
            ("funding[].url", "The item on the budget page."),
            ("updated_at", "When the City last changed this record."),
        ),
    ),
    Export(
        "event",
        "An event",
        "One event. The same event for a calendar app is at ics_url.",
        ("/events/<slug>.json",),
        (
            *EVENT_SUMMARY,
            ("slug", "The last part of its page address."),
            ("ics_url", "The event as an iCalendar file."),
            ("summary", "One sentence about the event."),
            ("description_html", "The full description."),
            ("start", "Start with Portland's UTC offset, or just the date when no time is set."),
            ("end", "End with Portland's UTC offset, or null."),
            ("time_zone", "Always America/Los_Angeles."),
            ("location", "Where it takes place, or null until announced."),
            ("program", "The program it belongs to, or null."),
            ("program.title", "The program's name."),
            ("program.url", "The program's page."),
            ("host", "Who hosts it, or null."),
            *under("host.", ORGANIZATION_REF),
            ("updated_at", "When the City last changed this record."),
        ),
    ),
    Export(
        "grant-rounds",
        "Grant rounds",
        "Every published grant round with the organizations it funded.",
        ("/grants.json",),
        (
            ("count", "How many rounds."),
            ("grant_rounds", "The rounds."),
            ("grant_rounds[].slug", "The round's anchor on the grants page."),
            ("grant_rounds[].title", "The round's name."),
            ("grant_rounds[].period", "When it was awarded."),
            ("grant_rounds[].awarded_by", "The awarding agency, or null."),
            ("grant_rounds[].description_html", "About the round."),
            ("grant_rounds[].more_info_url", "Where to read more, or null until confirmed."),
            ("grant_rounds[].url", "The round on the grants page."),
            ("grant_rounds[].awards", "The organizations funded."),
            ("grant_rounds[].awards[].name", "The organization's name."),
            ("grant_rounds[].awards[].short_name", "Its acronym; may be empty."),
            ("grant_rounds[].awards[].url", "Its profile page (a permanent address)."),
            ("grant_rounds[].awards[].data_url", "Its profile as JSON."),
            ("grant_rounds[].awards[].amount_usd", "The award in US dollars, or null."),
        ),
    ),
    Export(
        "grantees",
        "Grantees",
        "Every published grantee with its awards.",
        ("/grantees.json",),
        (
            ("count", "How many grantees."),
            ("grantees", "The grantees, by name."),
            *under("grantees[].", GRANTEE),
        ),
    ),
    Export(
        "grantee",
        "A grantee",
        "One grantee's profile: the permanent address partners link to.",
        ("/grantees/<slug>.json",),
        GRANTEE,
    ),
    Export(
        "budget",
        "Budget",
        "The budget page's figures. Totals are the same numbers as on the budget page.",
        ("/budget.json",),
        (
            ("budgets", "Each budget decision, such as an adopted budget."),
            ("budgets[].slug", "The budget's anchor on the budget page."),
            ("budgets[].title", "Its name."),
            ("budgets[].short_name", "Its short name; may be empty."),
            ("budgets[].fiscal_year", "Such as FY22-23 (July 2022 to June 2023), or null."),
            ("budgets[].intro_html", "About this budget."),
            ("budgets[].total", "Its total."),
            *under("budgets[].total.", TOTAL),
            ("budgets[].priorities", "Its items grouped by priority."),
            ("budgets[].priorities[].priority", "refocus, reform, restaff, or null."),
            ("budgets[].priorities[].label", "The priority's name as the page shows it."),
            ("budgets[].priorities[].total", "The group's total."),
            *under("budgets[].priorities[].total.", TOTAL),
            ("budgets[].items", "Its items."),
            ("budgets[].items[].slug", "The item's anchor on the budget page."),
            ("budgets[].items[].title", "What the money is for."),
            ("budgets[].items[].priority", "refocus, reform, restaff, or null."),
            ("budgets[].items[].amount_usd", "The amount in US dollars, or null."),
            ("budgets[].items[].one_time", "true for money approved once, not ongoing."),
            ("budgets[].items[].description_html", "What the item means."),
            ("budgets[].items[].url", "The item on the budget page."),
            ("budgets[].items[].programs", "Programs it funds."),
            ("budgets[].items[].programs[].title", "The program's name."),
            ("budgets[].items[].programs[].url", "The program's page."),
            ("totals_by_fiscal_year", "Totals across budgets of the same fiscal year."),
            ("totals_by_fiscal_year[].fiscal_year", "The fiscal year, or null."),
            ("totals_by_fiscal_year[].total", "The year's total."),
            *under("totals_by_fiscal_year[].total.", TOTAL),
        ),
    ),
    Export(
        "budget-csv",
        "Budget table (CSV)",
        "The budget page's table, one row per item. An unpublished amount is an empty cell.",
        ("/budget.csv",),
        (
            ("budget", "The budget's name."),
            ("fiscal_year", "Such as FY22-23; may be empty."),
            ("priority", "Refocus, Reform or Restaff; may be empty."),
            ("item", "What the money is for."),
            ("amount_usd", "The amount in US dollars; empty when not published."),
            ("amount_published", "yes or no."),
            ("one_time", "yes for money approved once."),
            ("programs", "Programs it funds, separated by semicolons."),
        ),
    ),
    Export(
        "partners",
        "Partners",
        "Agencies and groups by jurisdiction, advisory councils and resources.",
        ("/partners.json",),
        (
            ("count", "How many agencies and groups."),
            ("organizations", "The agencies and groups."),
            ("organizations[].slug", "Its anchor on the partners page."),
            ("organizations[].name", "Its name."),
            ("organizations[].short_name", "Its acronym; may be empty."),
            ("organizations[].jurisdiction", "city, county, state or community."),
            ("organizations[].kind", "agency, office, team, oversight or service."),
            ("organizations[].listed_partner", "true for listed community safety partners."),
            ("organizations[].parent", "The agency it is part of, or null."),
            ("organizations[].description_html", "What it does."),
            ("organizations[].website", "Its website, or null until confirmed."),
            ("organizations[].url", "Its entry on the partners page."),
            ("organizations[].updated_at", "When the City last changed this record."),
            ("council_groups", "Groups of advisory councils."),
            ("council_groups[].name", "The group's name."),
            ("council_groups[].organization", "The agency it advises, or null."),
            ("council_groups[].description_html", "About the group."),
            ("council_groups[].url", "Where to read more, or null."),
            ("council_groups[].councils", "Its councils."),
            ("council_groups[].councils[].name", "The council's name."),
            ("council_groups[].councils[].url", "Its page, or null."),
            ("resources", "Documents and pages elsewhere."),
            ("resources[].title", "Its title."),
            ("resources[].summary", "What it is; may be empty."),
            ("resources[].url", "Its address, or null until confirmed."),
        ),
    ),
    Export(
        "search",
        "Search results",
        "The search page's results for ?q= (and ?page=), best first.",
        ("/search.json?q=<words>",),
        (
            ("query", "The search as the site read it (at most 200 characters)."),
            ("count", "How many results in all."),
            ("page", "This page's number."),
            ("pages", "How many pages."),
            ("results", "Up to 20 results."),
            ("results[].type", "program, grantee, organization, budget_item, service or event."),
            ("results[].title", "The item's name."),
            ("results[].text", "The start of its description."),
            ("results[].url", "Its page."),
        ),
    ),
    Export(
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
    ),
    Export(
        "feeds",
        "Feeds and calendar",
        "For feed readers and calendar apps: subscribe to these addresses.",
        ("/updates.atom", "/events.ics", "/sitemap.xml"),
        (),
    ),
)
