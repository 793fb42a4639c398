"""The registry of real portals (crawler/portals/registry.toml): the shipped file, the loader's checks, and
`portal-archive portals` with its filters. No network: the registry is data, read from disk."""
from __future__ import annotations

import json
import re
import unicodedata
from urllib.parse import urlsplit

import pytest

from crawler.profiles import ProfileError, list_slugs, load_profile
from crawler.registry import PROVINCES, load_registry, select
from tests.conftest import cli

GOOD = {
    "slug": "vi-du", "name": "Cổng thông tin điện tử tỉnh Vĩnh Long (ví dụ)", "kind": "province",
    "province": "Vĩnh Long", "domains": ["vinhlong.example.vn"], "start_urls": ["https://vinhlong.example.vn/"],
    "status": "active", "source": "https://vinhlong.example.vn/nguon",
}


def portal(**changes) -> str:
    """One [[portal]] table: GOOD with ``changes`` (a value of None leaves the key out)."""
    fields = {**GOOD, **changes}
    body = "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in fields.items() if v is not None)
    return "[[portal]]\n" + body


def write(tmp_path, text, name="registry.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path) -> str:
    with pytest.raises(ProfileError) as exc:
        load_registry(path)
    return str(exc.value)


def rows(*args):
    return json.loads(cli("portals", "--json", *args, check=True).stdout)


# --- the shipped registry ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped():
    return load_registry()


def test_there_are_34_provinces_after_the_merger():
    assert len(set(PROVINCES)) == 34


def test_every_province_has_its_portal(shipped):
    assert {e.province for e in shipped if e.kind == "province" and e.former_province is None} == set(PROVINCES)


def test_one_portal_per_province(shipped):
    assert len([e for e in shipped if e.kind == "province" and e.former_province is None]) == 34


def test_every_entry_names_a_source(shipped):
    assert [e.slug for e in shipped if not e.source] == []


def test_every_unverified_entry_says_what_was_read(shipped):
    assert [e.slug for e in shipped if e.status == "unknown" and not e.note] == []


def test_the_seed_region_lists_the_three_legacy_provincial_portals(shipped):
    assert {"travinh", "bentre", "vinhlong"} <= {e.slug for e in shipped}


def test_the_seed_region_lists_party_and_newspaper_sites(shipped):
    assert {e.kind for e in select(shipped, province="vinh long")} >= {"province", "party", "newspaper"}


def test_names_are_nfc(shipped):
    assert [e.slug for e in shipped if not unicodedata.is_normalized("NFC", e.name)] == []


def test_the_registry_file_is_not_a_profile():
    assert "registry" not in list_slugs()


def test_load_profile_refuses_the_registry_file():
    with pytest.raises(ProfileError, match="unknown portal"):
        load_profile("registry")


# --- filters, in the library ------------------------------------------------------------------------------

def test_province_filter_ignores_accents_and_case(shipped):
    assert select(shipped, province="VINH LONG") == select(shipped, province="Vĩnh Long")


def test_province_filter_ignores_a_tinh_or_thanh_pho_prefix(shipped):
    assert "hochiminhcity" in {e.slug for e in select(shipped, province="TP. Hồ Chí Minh")}


def test_province_filter_finds_sites_of_a_former_province(shipped):
    assert "travinh" in {e.slug for e in select(shipped, province="tra vinh")}


def test_former_province_filter_leaves_out_the_new_portal(shipped):
    assert "vinhlong" not in {e.slug for e in select(shipped, province="tra vinh")}


# --- `portal-archive portals` -----------------------------------------------------------------------------

def test_portals_by_province_exits_zero():
    assert cli("portals", "--province", "vinh long").returncode == 0


def test_portals_by_province_lists_the_legacy_portal():
    assert "https://travinh.gov.vn/" in cli("portals", "--province", "vinh long").stdout


def test_portals_by_province_leaves_other_provinces_out():
    assert "hanoi.gov.vn" not in cli("portals", "--province", "vinh long").stdout


def test_portals_by_province_leaves_profiles_out():
    assert "travinh-replica" not in cli("portals", "--province", "vinh long").stdout


def test_portals_is_a_table_with_a_header():
    assert cli("portals").stdout.splitlines()[0].split() == ["SLUG", "KIND", "STATUS", "PROVINCE", "CRAWL",
                                                             "START", "URL"]


def test_portals_lists_profiles_and_registry_entries():
    assert {"travinh-replica", "hanoi"} <= {r["slug"] for r in rows()}


def test_portals_kind_filter():
    assert {r["kind"] for r in rows("--kind", "newspaper")} == {"newspaper"}


def test_portals_status_filter():
    assert {r["status"] for r in rows("--status", "legacy")} == {"legacy"}


def test_portals_filters_combine():
    assert [r["slug"] for r in rows("--province", "ben tre", "--kind", "province")] == ["bentre"]


def test_portals_json_names_the_source():
    assert [r["source"] for r in rows("--province", "da nang")][0].startswith("https://danang.gov.vn/")


def test_portals_rejects_an_unknown_kind():
    assert cli("portals", "--kind", "blog").returncode == 2


def test_portals_with_no_match_says_so():
    assert cli("portals", "--province", "Atlantis").stdout.strip() == "no portals match"


def test_an_entry_naming_its_profile_is_crawlable(tmp_path):
    path = write(tmp_path, portal(slug="travinh-replica", profile="travinh-replica",
                                  domains=["127.0.0.1"], start_urls=["http://127.0.0.1:8701/"],
                                  source="http://127.0.0.1:8701/nguon"))
    assert [r["profile"] for r in rows("--registry", path) if r["slug"] == "travinh-replica"] == ["travinh-replica"]


def test_an_entry_naming_its_profile_replaces_the_profile_row(tmp_path):
    path = write(tmp_path, portal(slug="travinh-replica", profile="travinh-replica",
                                  domains=["127.0.0.1"], start_urls=["http://127.0.0.1:8701/"],
                                  source="http://127.0.0.1:8701/nguon"))
    assert [r["origin"] for r in rows("--registry", path) if r["slug"] == "travinh-replica"] == ["registry"]


# --- a malformed registry: one clear line ------------------------------------------------------------------

BAD = {
    "toml syntax": ("[[portal]\nslug = 'x'\n", "invalid TOML"),
    "unknown top-level key": ('title = "x"\n' + portal(), "unknown top-level key"),
    "unknown key": (portal(url="https://x.vn/"), "unknown key(s) 'url'"),
    "missing source": (portal(source=None), "missing required key 'source'"),
    "kind": (portal(kind="blog"), "kind must be one of province, party, danvan"),
    "status": (portal(status="alive"), "status must be one of active, legacy"),
    "province": (portal(province="Trà Vinh"), "province must be one of the 34 provinces"),
    "slug": (portal(slug="Tra Vinh"), "slug must be lower-case"),
    "nfd name": (portal(name=unicodedata.normalize("NFD", GOOD["name"])), "NFC"),
    "domain with scheme": (portal(domains=["https://vinhlong.example.vn"]), "is not a lower-case hostname"),
    "empty domains": (portal(domains=[]), "'domains' must be a non-empty list"),
    "start url off the domains": (portal(start_urls=["https://elsewhere.vn/"]), "is not on the portal's domains"),
    "start url not http": (portal(start_urls=["ftp://vinhlong.example.vn/"]), "must be an http(s) URL"),
    "redirected without target": (portal(status="redirected"), "says where it redirects to"),
    "redirects_to when active": (portal(redirects_to="https://x.vn/"), "only for status 'redirected'"),
    "legacy without former province": (portal(status="legacy"), "names its former_province"),
    "former province is the province": (portal(former_province="Vinh Long"), "is the province itself"),
    "source not a url": (portal(source="đọc trên báo"), "must be an http(s) URL or owner/repo:path@"),
    "active with a page off the site": (portal(source="https://baochi.example.vn/tin"),
                                        "an active portal's source is a page read on the site itself"),
    "legacy with a page off the site": (portal(status="legacy", former_province="Trà Vinh",
                                               source="https://baochi.example.vn/tin"),
                                        "a legacy portal's source is a page read on the site itself"),
    "profile that does not exist": (portal(profile="no-such-profile"), "names no profile"),
    "slug of a profile": (portal(slug="travinh-replica", domains=["127.0.0.1"],
                                 start_urls=["http://127.0.0.1:8701/"], source="http://127.0.0.1:8701/nguon"),
                          "is a profile's slug"),
    "duplicate slug": (portal() + portal(), "slug already used by the portal at line 1"),
}


@pytest.mark.parametrize("text, needle", BAD.values(), ids=BAD.keys())
def test_a_malformed_registry_is_one_line_naming_the_problem(tmp_path, text, needle):
    assert re.fullmatch(rf"[^\n]*{re.escape(needle)}[^\n]*", error_of(write(tmp_path, text)))


def test_the_error_names_the_line_of_the_bad_portal(tmp_path):
    path = write(tmp_path, portal() + portal(slug="hai", kind="blog"))
    assert f"{path}: line 10, portal 'hai': kind" in error_of(path)


def test_a_repository_source_with_a_commit_is_accepted(tmp_path):
    path = write(tmp_path, portal(source="owner/repo:data/list.py@" + "a" * 40))
    assert load_registry(path)[0].source.endswith("@" + "a" * 40)


def test_an_unknown_entry_may_cite_a_page_off_the_site(tmp_path):
    path = write(tmp_path, portal(status="unknown", source="https://baochi.example.vn/tin"))
    assert load_registry(path)[0].source == "https://baochi.example.vn/tin"


def test_an_active_entry_may_cite_a_page_on_a_sub_domain(tmp_path):
    path = write(tmp_path, portal(source="https://tin.vinhlong.example.vn/bai/1"))
    assert load_registry(path)[0].status == "active"


def test_an_active_entry_may_cite_a_saved_page_in_a_repository(tmp_path):
    path = write(tmp_path, portal(source="owner/repo:saved/page.html@" + "b" * 40))
    assert load_registry(path)[0].status == "active"


def test_every_verified_entry_cites_a_page_on_its_own_site(shipped):
    def on_site(e):
        host = urlsplit(e.source).hostname
        return host is None or any(host == d or host.endswith("." + d) for d in e.domains)
    assert [e.slug for e in shipped if e.status in ("active", "legacy") and not on_site(e)] == []


def test_the_seed_region_lists_its_newspapers(shipped):
    assert {"baovinhlong", "baotravinh", "baodongkhoi"} <= {e.slug for e in select(shipped, kind="newspaper",
                                                                                  province="vinh long")}


def test_a_missing_registry_file_is_one_line(tmp_path):
    assert "no such registry file" in error_of(tmp_path / "none.toml")


def test_the_cli_reports_a_malformed_registry_with_a_non_zero_exit(tmp_path):
    assert cli("portals", "--registry", write(tmp_path, portal(kind="blog"))).returncode == 1


def test_the_cli_reports_a_malformed_registry_in_one_line(tmp_path):
    proc = cli("portals", "--registry", write(tmp_path, portal(kind="blog")))
    assert [line for line in proc.stderr.splitlines() if line.strip()] == [
        f"Error: {tmp_path / 'registry.toml'}: line 1, portal 'vi-du': kind must be one of province, party, "
        "danvan, newspaper, district, commune, department (got 'blog')"]


# the registry entries whose profile was induced from a saved page of the site in the shared corpus
INDUCED = {"baocantho": "01_baocantho", "baolaocai": "02_baolaocai"}


@pytest.mark.parametrize("slug", sorted(INDUCED))
def test_an_entry_with_a_saved_page_names_its_induced_profile(slug):
    assert {e.slug: e.profile for e in load_registry()}[slug] == slug


@pytest.mark.parametrize("field", ["title", "date", "byline", "captions", "counters", "body"])
@pytest.mark.parametrize("slug", sorted(INDUCED))
def test_an_induced_profile_extracts_its_saved_page_as_the_gold_says(slug, field):
    from crawler.evaluate import corpus_dir, score_page
    from crawler.extract.article import extract_article
    from pipelines.normalize import contract_json, normalize_article

    corpus = corpus_dir()
    if not (corpus / "gold" / f"{INDUCED[slug]}.json").is_file():
        pytest.skip("corpus absent (set PORTAL_ARCHIVE_CORPUS)")
    gold = json.loads((corpus / "gold" / f"{INDUCED[slug]}.json").read_text(encoding="utf-8"))
    html = (corpus / "pages" / f"{INDUCED[slug]}.html").read_bytes()
    art = extract_article(html, gold["url"], load_profile(slug))
    assert score_page(contract_json(normalize_article(art)), gold)[field] >= (0.98 if field == "body" else 1.0)


@pytest.mark.parametrize("slug", sorted(INDUCED))
def test_an_induced_profile_knows_the_sites_article_links(slug):
    from crawler.evaluate import corpus_dir

    corpus = corpus_dir()
    if not (corpus / "gold" / f"{INDUCED[slug]}.json").is_file():
        pytest.skip("corpus absent (set PORTAL_ARCHIVE_CORPUS)")
    url = json.loads((corpus / "gold" / f"{INDUCED[slug]}.json").read_text(encoding="utf-8"))["url"]
    assert load_profile(slug).classify_target(urlsplit(url).path) == "article"
