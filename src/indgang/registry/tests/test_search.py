import pytest

from indgang.registry.selectors import search_companies
from indgang.registry.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def companies():
    return {
        "vestas": CompanyFactory(
            name="VESTAS WIND SYSTEMS A/S",
            municipality_id="727",
            db07_code="281100",
            db07_section_id="C",
            employees_band="1000+",
        ),
        "vestjysk": CompanyFactory(name="Vestjysk Vindservice ApS", municipality_id="657"),
        "novo": CompanyFactory(
            name="NOVO NORDISK A/S",
            municipality_id="210",
            db07_section_id="C",
            secondary_names=["Novo Industri A/S"],
        ),
        "closed": CompanyFactory(name="Vestas Gammel ApS", municipality_id="101", status="closed"),
    }


def names(page):
    return [c.name for c in page.companies]


def test_a_cvr_number_finds_exactly_that_company(companies):
    cvr = companies["novo"].cvr
    assert names(search_companies(cvr)) == ["NOVO NORDISK A/S"]
    assert names(search_companies(f"DK {cvr[:2]} {cvr[2:4]} {cvr[4:6]} {cvr[6:]}")) == [
        "NOVO NORDISK A/S"
    ]


def test_a_name_without_the_last_letters_or_the_company_form_is_found(companies):
    page = search_companies("Vestas Wind System")
    assert names(page) == ["VESTAS WIND SYSTEMS A/S"] and not page.fuzzy


def test_typos_are_forgiven(companies):
    page = search_companies("Vestsa Wnd Systems")
    assert page.fuzzy
    assert names(page)[0] == "VESTAS WIND SYSTEMS A/S"
    assert "NOVO NORDISK A/S" not in names(page)


def test_secondary_names_and_lower_case_are_found(companies):
    assert names(search_companies("novo industri")) == ["NOVO NORDISK A/S"]


def test_filters_narrow_the_result(companies):
    assert names(search_companies("vestas", status="closed")) == ["Vestas Gammel ApS"]
    assert names(search_companies("vestas", municipality="727")) == ["VESTAS WIND SYSTEMS A/S"]
    assert names(search_companies("", region="1082", section="C")) == ["VESTAS WIND SYSTEMS A/S"]
    assert names(search_companies("", employees_band="1000+")) == ["VESTAS WIND SYSTEMS A/S"]
    assert search_companies("", region="1084").total == 2  # København and Fredensborg


def test_paging_counts_all_matches(companies):
    page = search_companies("", limit=2, offset=2)
    assert page.total == 4 and len(page.companies) == 2


def test_imported_companies_are_found_with_typos(tmp_path):
    from django.core.management import call_command

    path = tmp_path / "companies.csv"
    path.write_text(
        "cvr,name,municipality_code,db07_code,company_form,founded_date,closed_date,status,"
        "employees_band\n75881398,Møllekøkken Nordvest I/S,101,412000,I/S,,,active,10-19\n",
        encoding="utf-8",
    )
    call_command("import_companies", str(path), stdout=None)
    page = search_companies("Mølekøkken Nordvst")
    assert page.fuzzy and names(page) == ["Møllekøkken Nordvest I/S"]


def test_each_misspelt_word_is_matched_with_the_words_of_the_names(companies):
    page = search_companies("Vestsa Wnd Systms")
    assert page.fuzzy and names(page)[0] == "VESTAS WIND SYSTEMS A/S"
    assert search_companies("Qxzvbk Plokjuh").total == 0


def test_many_matches_come_in_the_same_order_and_count(companies, monkeypatch):
    """With many matches SQLite reads the page in the order of the name index; the page
    and the count are the same as sorting every match."""
    from indgang.registry import selectors

    expected = [(p.total, names(p)) for p in _pages()]
    monkeypatch.setattr(selectors, "ORDERED_SCAN_FROM", 1)
    assert [(p.total, names(p)) for p in _pages()] == expected
    assert expected[0] == (3, ["Vestas Gammel ApS", "VESTAS WIND SYSTEMS A/S"])


def _pages():
    return [
        search_companies("vest", limit=2),
        search_companies("vest", limit=2, offset=2),
        search_companies("vest", region="1082"),
        search_companies("a", limit=3),
    ]
