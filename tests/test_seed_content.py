"""Every fact of the seed page is on the page where a resident would look for it."""

import re

import pytest

from .conftest import page_text

pytestmark = pytest.mark.usefixtures("seeded")


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return page_text(response)


def assert_all_in(page, facts):
    missing = [fact for fact in facts if fact not in page]
    assert not missing, f"missing: {missing}"


def test_311_on_home_with_every_channel_and_online_report(client):
    page = text(client, "/")
    assert_all_in(
        page,
        [
            "Are you looking to report issues, request services or find information?",
            "PDX 311 improves access to local government within Multnomah County by providing a "
            "single point of contact – in person, online or over the phone.",
            "Start with 311",
            "311@portlandoregon.gov",
            "3-1-1 within Multnomah County",
            "(503) 823-4000 from anywhere",
            "The Portland Building’s Customer Service Desk",
            "1120 Southwest Fifth Avenue",
            "Open on weekdays.",
            "File a police report online",
            "Report an abandoned vehicle",
            "Report an illegally parked vehicle",
        ],
    )
    assert "(503) 823-4000 within Multnomah County" not in page
    assert 'href="tel:911"' in client.get("/").content.decode()


ABOUT_311 = "https://www.portland.gov/311/about311"
ACCESS = "https://www.portland.gov/bps/about-bps/request-translation-interpretation-and-access"


def test_311_hours_languages_free_interpretation_and_relay_with_sources(client):
    html = client.get("/programs/").content.decode()
    footer = html[html.index("<footer") :]
    page = " ".join(footer.split())
    for fact, source in [
        ("7:00 a.m. to 8:00 p.m., except on federal holidays", ABOUT_311),
        ("Tagalog, Japanese, Mandarin Chinese and Vietnamese", ABOUT_311),
        ("It is free.", ACCESS),
        ("311 is for everything except emergencies.", ABOUT_311),
    ]:
        # The fact, then its source, in the same element.
        element = re.search(rf"{re.escape(fact)}(.*?)</(dd|p)>", page)
        assert element, fact
        assert f'<a href="{source}">' in element[1], fact
    relay = re.search(r'href="tel:711">711 \(Relay\)</a>(.*?)</li>', page)
    assert relay and f'<a href="{ACCESS}">' in relay[1]


def test_the_home_page_shows_the_311_block_once(client):
    html = client.get("/").content.decode()
    visible = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    assert visible.count('href="tel:+15038234000"') == 1
    assert visible.count("Start with 311") == 1
    # The header's "Contact 311" goes to the block in the page, not to a footer copy.
    assert 'class="nav-311" href="#contact-311"' in html


def test_reports_without_an_address_say_what_to_do_and_are_not_links(client):
    html = client.get("/").content.decode()
    assert (
        '<a href="https://www.portlandoregon.gov/police/cor/">File a police report online</a>'
        in html
    )
    for title in ["Report an abandoned vehicle", "Report an illegally parked vehicle"]:
        item = html[html.index(title) - 80 : html.index(title) + 200]
        assert f'<span class="report-name">{title}</span>' in item
        assert "<a" not in item.split("<li", 1)[1].split("</li>", 1)[0]
        assert "Call or email 311 to make this report." in item


@pytest.mark.parametrize(
    "url",
    [
        "/programs/",
        "/grants/",
        "/budget/",
        "/partners/",
        "/grantees/ario/",
        "/programs/safer-summer-pdx/",
        "/nowhere/",
    ],
)
def test_311_contact_with_tel_links_in_every_footer(client, url):
    html = client.get(url).content.decode()
    footer = html[html.index("<footer") :]
    assert 'href="tel:311"' in footer
    assert 'href="tel:+15038234000"' in footer
    assert 'href="mailto:311@portlandoregon.gov"' in footer
    assert "1120 Southwest Fifth Avenue" in footer


def test_safer_summer_pdx_purpose_prongs_teams_and_investment(client):
    page = text(client, "/programs/safer-summer-pdx/")
    assert_all_in(
        page,
        [
            "focuses on the short-term task of reducing gun murders and shootings",
            "upstream violence prevention and community equity transformation",
            "direct resources to garner near-term results",
            "three-pronged approach",
            "Focused Intervention",
            "Focused Impact Reduction",
            "Focused Investment",
            "Focused Intervention Team (FIT)",
            "FITCOG",
            "Enhanced Community Safety Team",
            "Street Services Coordination Center (SSCC)",
            "houseless individuals who are at high-risk",
            "Office of Violence Prevention",
            "$2.4 million",
            "specifically over the summer months",
        ],
    )


def test_gunshot_detection_timeline_and_townhall(client):
    page = text(client, "/programs/gunshot-detection-pilot/")
    assert_all_in(
        page,
        [
            "July 2022",
            "Official Recommendation On the Implementation of ShotSpotter Technology as a Focused "
            "Deterrence Tool to Address Gun Violence in Portland",
            "September 2022",
            "Portland Police Chief Chuck Lovell officially recommended that Mayor Wheeler begin "
            "implementing ShotSpotter on a pilot basis",
            "Mayor Wheeler will work with Council offices and make outreach to the community to "
            "determine what details the pilot will entail",
            "April 25, 2023",
            "Gunshot Detection Townhall",
            "June 2, 2023",
            "now was not the time to go ahead with a gunshot detection pilot",
            "Portland Ceasefire",
            "Cure Violence Global",
            "Portland State University researchers",
        ],
    )
    timeline = page[page.index("Timeline") :]
    assert (
        timeline.index("July 2022")
        < timeline.index("September 2022")
        < timeline.index("April 25, 2023")
        < timeline.index("June 2, 2023")
    )
    # The Mayor's plan is quoted once, as what was said at the time, not as a step under way.
    assert page.count("Mayor Wheeler will work with Council offices") == 1
    assert "in progress" not in page
    html = client.get("/programs/gunshot-detection-pilot/").content.decode()
    assert (
        'href="https://www.portland.gov/wheeler/news/2023/6/2/'
        'mayor-wheeler-releases-statement-use-gunshot-detection-technology-gdt-0"'
    ) in html
    event = text(client, "/events/gunshot-detection-townhall/")
    assert_all_in(
        event,
        [
            "Tuesday, April 25, 2023",
            "This event took place on Tuesday, April 25, 2023.",
            "The City of Portland hosted a Gunshot Detection Townhall",
            "engage with the potential contractors and learn more about these technologies",
        ],
    )
    assert "will host" not in event and "will provide" not in event


GRANTEES = {
    "ario": [
        "African Refugee and Immigrant Organization",
        "ARIO",
        "non-governmental, non-partisan, non-religious and non-discriminating",
        "assistance services to the African and immigrant residents of Portland",
    ],
    "insight-alliance": [
        "Insight Alliance",
        "works in prisons and in the community",
        "Everything we need to thrive already exists within us.",
    ],
    "bmit": [
        "Black Men In Training",
        "B.M.I.T",
        "committed to helping our youth and our community every step of the way",
    ],
    "help": [
        "Healing Enriching and Learning Purposes",
        "H.E.L.P",
        "eliminate gang and gun violence",
        "24/7 direct support and resources",
    ],
    "eecrc": [
        "Ethiopian and Eritrean Cultural & Resource Center",
        "E.E.C.R.C",
        "501(C)3 organization established in 2017",
        "Southwestern region of Washington State",
    ],
}


def test_spring_2022_grant_round_lists_five_grantees_from_ovp(client):
    page = text(client, "/grants/")
    assert_all_in(
        page,
        [
            "In the Spring of 2022, the Office of Violence Prevention awarded a Gun Violence "
            "Reduction Grant to five community organizations.",
            "Spring 2022",
        ],
    )
    for facts in GRANTEES.values():
        assert facts[0] in page


@pytest.mark.parametrize(("slug", "facts"), GRANTEES.items())
def test_grantee_profile_carries_description_and_award(client, slug, facts):
    page = text(client, f"/grantees/{slug}/")
    assert_all_in(
        page,
        [
            *facts,
            "Gun Violence Reduction Grants, Spring 2022",
            "Office of Violence Prevention",
            "amount not given",
        ],
    )


def test_fy22_23_budget_by_priority(client):
    page = text(client, "/budget/")
    assert_all_in(
        page,
        [
            "FY22-23",
            "top priority for Mayor Wheeler since being elected as Mayor in 2016",
            "transformational change",
            "Refocus",
            "Reform",
            "Restaff",
            "Expand 311’s hours to 24/7 coverage",
            "Bureau of Emergency Communication (BOEC) to reduce 911 wait times",
            "Office of Violence Prevention and Community Safety Division",
            "Portland Street Response’s 24/7 citywide expansion",
            "park ranger program",
            "Portland Committee on Community-Engaged Policing (PCCEP)",
            "body worn cameras",
            "Focused Intervention Team Community Oversight Group (FITCOG)",
            "permanent unarmed Public Safety Specialists (PS3) positions",
        ],
    )


def test_spring_bmp_one_time_ceasefire_funds(client):
    page = text(client, "/budget/")
    assert_all_in(
        page,
        [
            "Spring Budget Monitoring Process",
            "Spring BMP",
            "community-based gun violence ceasefire actions",
            "$1,400,000",
            "one-time",
            "traffic diversion efforts",
            "outreach pilot recently completed at Mt. Scott led by Commissioner Rubio and "
            "Commissioner Hardesty",
            "More details on this will be forthcoming.",
        ],
    )


def test_portland_street_response(client):
    page = text(client, "/programs/portland-street-response/")
    assert_all_in(
        page,
        [
            "In March 2022, Portland Street Response expanded citywide",
            "within Portland Fire & Rescue",
            "mental health and behavioral health crises",
            "The expansion is an integral part of modernizing our public safety system into a "
            "community safety system that works for all",
            "Mayor Wheeler said this during a press conference on March 28",
        ],
    )
    html = client.get("/programs/portland-street-response/").content.decode()
    assert 'href="https://www.portland.gov/fire/streetresponse/psr-faq"' in html


PSR_FAQ = "https://www.portland.gov/fire/streetresponse/psr-faq"


def test_portland_street_response_opens_with_how_to_get_help(client):
    html = client.get("/programs/portland-street-response/").content.decode()
    box = html[html.index('<section class="help-box"') : html.index("</section>")]
    # First thing under the title: before the summary and the seed's own text.
    assert html.index('class="help-box"') < html.index('class="lede"')
    assert html.index('class="help-box"') < html.index("In March 2022")
    text_of_box = " ".join(re.sub(r"<[^>]+>", " ", box).split())
    assert_all_in(
        text_of_box,
        [
            "How to get help",
            "Call 9-1-1 and ask for Portland Street Response.",
            "It responds to",
            "mental health crisis",
            "Someone outside who is yelling",
            "Someone who needs a referral but has no phone",
            "It does not respond when",
            "Weapons are seen",
            "The person is suicidal",
            "The person is inside a private home",
            "8 a.m. to 10 p.m. every day",
            "as stated by the City",
        ],
    )
    assert 'href="tel:911"' in box
    assert f'href="{PSR_FAQ}"' in box


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("/", "https://www.portlandoregon.gov/police/cor/"),
        ("/grants/", "https://www.portland.gov/community-safety/ovp/programs-services"),
        ("/programs/portland-street-response/", PSR_FAQ),
        ("/partners/", "https://www.portland.gov/fitcog"),
        (
            "/partners/",
            "https://www.portland.gov/wheeler/news/2020/6/9/"
            "mayor-wheeler-police-reform-action-plan-june-9-2020",
        ),
        ("/", "https://www.portland.gov/311"),
        ("/programs/gunshot-detection-pilot/", "https://www.portland.gov/wheeler/community-safety"),
    ],
)
def test_the_seeds_here_links_go_to_the_citys_pages(client, url, address):
    assert f'href="{address}"' in client.get(url).content.decode()


def test_advisory_councils_without_an_address_send_residents_to_311(client):
    page = text(client, "/partners/")
    assert page.count("has a variety of advisory councils") == 1
    assert (
        "No web page for these councils is listed here. To find out more, call or email 311."
        in page
    )


def test_police_advisory_councils_reform_plan_and_fit_cog(client):
    page = text(client, "/partners/")
    assert_all_in(
        page,
        [
            "The Portland Police Bureau has a variety of advisory councils",
            "Service and Operation Specific Councils",
            "Community-led, Community-driven councils",
            "Racial justice and the police reform action plan",
            "Focused Intervention Team Community Oversight Group (FITCOG)",
            "FIT COG",
        ],
    )


def test_partner_agencies_grouped_by_jurisdiction(client):
    page = text(client, "/partners/")
    city = page.index("City of Portland")
    county = page.index("Multnomah County", city)
    state = page.index("State of Oregon", county)
    for name in [
        "Portland Bureau of Emergency Management",
        "Portland Bureau of Emergency Communications",
    ]:
        assert city < page.index(name) < county
    for name in [
        "Multnomah County Sheriff's Office",
        "Multnomah County District Attorney",
        "Multnomah County Health Department",
        "Multnomah County Behavioral Health Department",
    ]:
        assert county < page.index(name) < state
    assert "911" in page


def test_home_shows_programs_milestones_events_and_budget(client):
    page = text(client, "/")
    assert_all_in(
        page,
        [
            "Safer Summer PDX",
            "Gunshot detection pilot",
            "Portland Street Response",
            "Latest milestones",
            "September 2022",
            "Gunshot Detection Townhall",
            "Budget at a glance",
            "FY22-23 Budget",
            "$1.4 million",
        ],
    )
