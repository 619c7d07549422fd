"""What grantees and grant rounds add to site search, the feeds, the sitemap and /data/."""

from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from publishing.data import PAGE_LINKS, under
from publishing.registry import Export, Source, Update, content_app, section

from .models import Award, Grantee, GrantRound

app = content_app("grants")

app.search(
    Source(
        "grantee",
        _("Grantee"),
        Grantee,
        "name",
        (("name", "A"), ("short_name", "A"), ("summary", "B"), ("description", "C")),
        Coalesce(NullIf(F("summary"), Value("")), F("description_html")),
        "short_name",
        boost=10.0,
        keywords=_("grantee, grantees, grant recipient, community organization"),
    ),
)

section(
    "grants:list",
    _("Grants"),
    _("The City's grant rounds and the community organizations each one funded."),
    _("grant, grants, grantee, grantees, award, grant round"),
)


@app.updates
def award_updates(limit):
    awards = (
        Award.objects.filter(
            grantee__in=Grantee.objects.published().values("pk"),
            grant_round__in=GrantRound.objects.published().values("pk"),
        )
        .select_related("grantee", _("grant_round"))
        .order_by(F("grant_round__published_at").desc(), "grantee__name")[:limit]
    )
    return [
        Update(
            kind="award",
            key=str(award.pk),
            title=gettext("Grant: %(grantee)s, %(round)s")
            % {"grantee": award.grantee.name, "round": award.grant_round.title},
            description=gettext("%(grantee)s received a grant in the %(round)s.")
            % {"grantee": award.grantee.name, "round": award.grant_round.title},
            url=award.grantee.get_absolute_url(),
            updated=award.grant_round.published_at,
        )
        for award in awards
    ]


app.sitemap("grantees", Grantee)
app.list_page("grants:list")

app.export_link(
    "grant_rounds", "grants:list-json", _("All grant rounds with their grantees, JSON.")
)
app.export_link("grantees", "grants:grantees-json", _("All grantees with their awards, JSON."))

AWARD = (
    ("grant_round", _("The grant round's name.")),
    ("period", _("When the round was awarded, such as Spring 2022.")),
    ("awarded_by", _("The agency that awarded it, or null.")),
    ("amount_usd", _("The award in US dollars, or null when not published.")),
    ("url", _("The round on the grants page.")),
)

GRANTEE = (
    ("name", _("The organization's name.")),
    ("short_name", _("Its acronym as the organization writes it, such as B.M.I.T.")),
    *PAGE_LINKS,
    ("slug", _("The permanent last part of its page address.")),
    ("summary", _("One sentence about the organization; may be empty.")),
    ("description_html", _("What it does.")),
    ("website", _("Its own website, or null until confirmed.")),
    ("awards", _("Its City grants.")),
    *under("awards[].", AWARD),
    ("updated_at", _("When the City last changed this record.")),
)

app.export(
    Export(
        "grant-rounds",
        _("Grant rounds"),
        _("Every published grant round with the organizations it funded."),
        ("/grants.json",),
        (
            ("count", _("How many rounds.")),
            ("grant_rounds", _("The rounds.")),
            ("grant_rounds[].slug", _("The round's anchor on the grants page.")),
            ("grant_rounds[].title", _("The round's name.")),
            ("grant_rounds[].period", _("When it was awarded.")),
            ("grant_rounds[].awarded_by", _("The awarding agency, or null.")),
            ("grant_rounds[].description_html", _("About the round.")),
            ("grant_rounds[].more_info_url", _("Where to read more, or null until confirmed.")),
            ("grant_rounds[].url", _("The round on the grants page.")),
            ("grant_rounds[].awards", _("The organizations funded.")),
            ("grant_rounds[].awards[].name", _("The organization's name.")),
            ("grant_rounds[].awards[].short_name", _("Its acronym; may be empty.")),
            ("grant_rounds[].awards[].url", _("Its profile page (a permanent address).")),
            ("grant_rounds[].awards[].data_url", _("Its profile as JSON.")),
            ("grant_rounds[].awards[].amount_usd", _("The award in US dollars, or null.")),
        ),
    ),
    Export(
        "grantees",
        _("Grantees"),
        _("Every published grantee with its awards."),
        ("/grantees.json",),
        (
            ("count", _("How many grantees.")),
            ("grantees", _("The grantees, by name.")),
            *under("grantees[].", GRANTEE),
        ),
    ),
    Export(
        "grantee",
        _("A grantee"),
        _("One grantee's profile: the permanent address partners link to."),
        ("/grantees/<slug>.json",),
        GRANTEE,
    ),
)
