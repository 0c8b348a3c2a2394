"""`campaign countries`, `countries show` and `countries check`."""

import datetime
import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from campaign.cli import main
from campaign.commands import countries
from campaign.errors import CampaignError, InputError
from campaign.project import Project
from campaign.registry import STALE_AFTER_MONTHS, load_registry, months_before

REPO_ROOT = Path(__file__).resolve().parent.parent


def run(args, root: Path = REPO_ROOT):
    """Invoke the countries group as `campaign` would, with a project located."""
    locator = SimpleNamespace(project=Project(root))
    return CliRunner().invoke(countries.command, args, obj=locator)


def project_with_belgium(root: Path, edit) -> Path:
    """A project with a copy of the real registry whose BE.toml text went through `edit`."""
    shutil.copytree(REPO_ROOT / "registry", root / "registry")
    for marker in ("templates", "locales"):
        (root / marker).mkdir()
    belgium = root / "registry" / "countries" / "BE.toml"
    belgium.write_text(edit(belgium.read_text(encoding="utf-8")), encoding="utf-8")
    return root


@pytest.fixture
def broken_project(tmp_path) -> Path:
    """A copy of the real registry with a malformed phone number and paper size."""
    return project_with_belgium(
        tmp_path, lambda text: text.replace('phone = "102"', 'phone = "1O2"').replace('"A4"', '"A3"'))


@pytest.mark.registry_data
def test_json_lists_all_55_countries():
    result = run(["--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["count"] == 55 and len(data["countries"]) == 55
    by_code = {country["code"]: country for country in data["countries"]}
    assert by_code["XK"]["locales"] == ["sq_XK", "sr_Latn_XK"]
    assert by_code["US"]["paper"] == "Letter"
    assert by_code["BE"]["services"] == {"verified": 8, "unverified": 0}
    # 116 000 is the missing-children line, so the German edition lacks a child helpline.
    assert by_code["BE"]["gaps"] == ["no child helpline in the de_BE edition",
                                     "no crisis line in the de_BE edition"]
    assert by_code["AT"]["gaps"] == []
    assert any(gap.startswith("no national hotline") for gap in by_code["AM"]["gaps"])


@pytest.mark.registry_data
def test_table_lists_countries_and_says_plainly_which_have_gaps():
    result = run([])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "LOCALES", "PAPER", "VERIFIED", "UNVERIFIED", "GAPS"]
    assert any(line.startswith("RS ") and "sr_Cyrl_RS" in line for line in lines)
    assert any(line.startswith("XK ") and "Kosovo" in line for line in lines)
    gap_line = next(line for line in lines if "countries have gaps:" in line)
    for code in ("AM", "CR", "GE", "MD", "ME", "XK"):
        assert code in gap_line
    assert "AT" not in gap_line.split(": ", 1)[1].split(", ")
    assert "  MD: no national hotline; reports go to NCMEC CyberTipline" in lines


@pytest.mark.registry_data
def test_show_lists_services_with_sources_and_dates():
    result = run(["show", "BE"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("BE  Belgium  (Belgium)")
    assert "child_helpline: Awel  [verified, not yet confirmed]" in out
    assert "source:              weekend.knack.be (Mar 2018, article 971559); hln.be (Feb 2020)" in out
    assert "checked:             2026-11-22" in out
    assert "removal: Take It Down  [verified, not yet confirmed]" in out and "(shared-services.toml)" in out
    assert "Gaps: no child helpline in the de_BE edition; no crisis line in the de_BE edition" in out
    assert "kind" not in out.split("child_helpline: Awel")[1].split("\n\n")[0]  # in the heading


@pytest.mark.registry_data
def test_show_prints_names_per_language_and_text_routes():
    out = run(["show", "CA"]).output
    kids = out.split("child_helpline: Kids Help Phone")[1].split("\n\n")[0]
    assert "name_by_language:    fr: Jeunesse, J'écoute" in kids
    assert "sms:                 686868" in kids and "sms_keyword:         CONNECT" in kids
    data = json.loads(run(["show", "CA", "--format", "json"]).output)
    cybertip = next(s for s in data["services"] if s["id"] == "cybertip-ca")
    assert cybertip["name_by_language"] == {"fr": "Cyberaide.ca"}
    assert cybertip["web_by_language"] == {"fr": "https://cyberaide.ca"}
    assert cybertip["confirmed"] is None and cybertip["confirmed_by"] is None


@pytest.mark.registry_data
def test_show_in_a_locale_uses_babel_names_and_says_what_that_edition_prints():
    result = run(["show", "be", "--locale", "fr_BE"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "(Belgique)" in out
    assert "nl_BE (néerlandais (Belgique))" in out
    awel = out.split("child_helpline: Awel")[1].split("\n\n")[0]
    assert "in fr_BE:            not printed" in awel
    ecoute = out.split("child_helpline: Écoute-Enfants")[1].split("\n\n")[0]
    assert "in fr_BE:            printed" in ecoute


@pytest.mark.registry_data
def test_show_marks_unverified_entries_and_their_reason():
    result = run(["show", "NO"])
    assert "child_helpline: Kors på halsen  [UNVERIFIED, not printed]" in result.output
    assert "2004/05 article" in result.output


def test_show_serbian_and_kosovo_names():
    result = run(["show", "RS", "--locale", "sr_Cyrl_RS"])
    assert "(Србија)" in result.output and "српски (ћирилица, Србија)" in result.output
    result = run(["show", "XK", "--locale", "sq_XK"])
    assert "(Kosovë)" in result.output


@pytest.mark.registry_data
def test_show_json():
    data = json.loads(run(["show", "US", "--format", "json"]).output)
    cybertipline = next(s for s in data["services"] if s["id"] == "cybertipline")
    assert cybertipline["phone"] == "1-800-843-5678" and cybertipline["printable"]


def test_show_unknown_country_names_valid_codes():
    result = run(["show", "QQ"])
    assert isinstance(result.exception, CampaignError)
    assert "unknown country 'QQ'" in str(result.exception) and "XK" in str(result.exception)


def test_show_rejects_an_unknown_locale():
    result = run(["show", "BE", "--locale", "xx_YY"])
    assert result.exit_code == 2
    assert "unknown locale 'xx_YY'" in result.output


def real_entries():
    """Every service of the real registry, loaded as of the newest check date."""
    return load_registry(REPO_ROOT / "registry", today=NEWEST_CHECK).entries()


def _newest_check() -> datetime.date:
    # Loading without `today` would refuse nothing: the newest date is the registry's own.
    return max(service.checked for _, service in load_registry(
        REPO_ROOT / "registry", today=datetime.date.max).entries())


NEWEST_CHECK = _newest_check()
A_YEAR_LATER = months_before(NEWEST_CHECK, -12)


@pytest.mark.registry_data
def test_check_validates_the_real_registry():
    result = run(["check", "--today", NEWEST_CHECK.isoformat()])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Registry OK: 55 countries")
    cutoff = months_before(NEWEST_CHECK, STALE_AFTER_MONTHS)
    assert all(service.checked >= cutoff for _, service in real_entries())
    assert f"No entry was last checked before {cutoff.isoformat()}" in result.output
    assert "  NO kors-pa-halsen (child_helpline):" in result.output
    # A shared entry is listed once, not once per country that attaches it.
    assert result.output.count("iwf-icmec-portal") == 1


@pytest.mark.registry_data
def test_check_lists_entries_older_than_12_months():
    result = run(["check", "--today", A_YEAR_LATER.isoformat()])
    assert result.exit_code == 0, result.output
    cutoff = months_before(A_YEAR_LATER, STALE_AFTER_MONTHS)
    assert f"entries were last checked before {cutoff.isoformat()}" in result.output
    stale = [(owner, s) for owner, s in real_entries() if s.checked < cutoff]
    fresh = [(owner, s) for owner, s in real_entries() if s.checked >= cutoff]
    assert stale and fresh, "the real registry has entries checked on different days"
    for owner, service in stale:
        assert (f"  {owner} {service.id} ({service.kind}, {service.name}): "
                f"checked {service.checked.isoformat()}") in result.output
    for owner, service in fresh:
        assert f"  {owner} {service.id} ({service.kind}, {service.name}): checked" not in result.output


@pytest.mark.registry_data
def test_check_strict_fails_on_stale_entries():
    assert run(["check", "--today", A_YEAR_LATER.isoformat(), "--strict"]).exit_code == 1
    assert run(["check", "--today", NEWEST_CHECK.isoformat(), "--strict"]).exit_code == 0


def test_check_refuses_a_future_check_date():
    the_day_before = NEWEST_CHECK - datetime.timedelta(days=1)
    result = run(["check", "--today", the_day_before.isoformat()])
    assert isinstance(result.exception, InputError)
    assert "is in the future" in str(result.exception)


@pytest.mark.parametrize("args", [[], ["--format", "json"], ["check"], ["show", "BE"]])
def test_every_command_refuses_an_invalid_registry(broken_project, args):
    result = run(args, root=broken_project)
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError)
    message = str(result.exception)
    assert "registry/countries/BE.toml: country BE, services[1].phone: error: malformed phone number '1O2'" in message
    assert "registry/countries/BE.toml: country BE, paper: error: unknown value 'A3'" in message


def test_the_campaign_command_reports_registry_errors_and_exits_1(broken_project):
    result = CliRunner().invoke(main, ["--project", str(broken_project), "countries", "check"])
    assert result.exit_code == 1
    assert "Error: the registry (registry/) has 2 problems" in result.output


@pytest.mark.registry_data
def test_check_lists_what_needs_confirming_country_by_country(tmp_path):
    today = NEWEST_CHECK
    result = run(["check", "--today", today.isoformat()])
    out = result.output
    assert "To confirm with the services before --release" in out
    section = out.split("To confirm with the services before --release")[1]
    assert "\n  BE:\n" in section
    belgium = section.split("\n  BE:\n")[1].split("\n  BG:\n")[0]
    assert "    awel (Awel; 102): not yet confirmed with the service" in belgium
    assert "\n  shared:\n    take-it-down (Take It Down; takeitdown.ncmec.org)" in section
    # Unverified services are not printed, so there is nothing to confirm.
    assert "kors-pa-halsen" not in section


@pytest.mark.registry_data
def test_check_names_confirmations_older_than_12_months(tmp_path):
    project_with_belgium(tmp_path, lambda text: text.replace(
        'phone = "102"', 'phone = "102"\nconfirmed = 2025-01-10\nconfirmed_by = "A. Peeters, phone call to Awel"'))
    today = NEWEST_CHECK
    out = run(["check", "--today", today.isoformat()], root=tmp_path).output
    assert "    awel (Awel; 102): confirmed on 2025-01-10, over 12 months ago" in out
    shown = run(["show", "BE"], root=tmp_path).output
    assert "confirmed_by:        A. Peeters, phone call to Awel" in shown


def test_check_reports_a_wrongly_shaped_field_instead_of_crashing(tmp_path):
    project_with_belgium(tmp_path, lambda text: text.replace(
        'shared_services = ["take-it-down"]', 'shared_services = [["take-it-down"]]'))
    result = run(["check"], root=tmp_path)
    assert isinstance(result.exception, InputError), result.exception
    assert ("registry/countries/BE.toml: country BE, shared_services: error: must be a list of "
            "strings") in str(result.exception)
