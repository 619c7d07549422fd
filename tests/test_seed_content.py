"""Every fact of the seed page is on the page where a resident would look for it."""

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
            "3-1-1",
            "(503) 823-4000",
            "within Multnomah County",
            "The Portland Building’s Customer Service Desk",
            "1120 Southwest Fifth Avenue",
            "File a police report online",
            "Report an abandoned vehicle",
            "Report an illegally parked vehicle",
        ],
    )
    assert 'href="tel:911"' in client.get("/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/",
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
        ],
    )
    assert page.index("July 2022") < page.index("September 2022") < page.index("April 25, 2023")
    event = text(client, "/events/gunshot-detection-townhall/")
    assert_all_in(
        event,
        [
            "Tuesday, April 25, 2023",
            "engage with the potential contractors and learn more about these technologies",
        ],
    )


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
