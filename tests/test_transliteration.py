"""Serbian Latin catalog from the Cyrillic one: the mapping, and
`campaign catalog transliterate SOURCE TARGET [--check]` end to end."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from campaign.catalogs import load_catalog
from campaign.po_files import po_path, read_catalog, write_catalog
from campaign.commands.catalog import command
from campaign.project import Project
from campaign.transliteration import CYRILLIC_TO_LATIN, TRANSLITERATED_FROM_HEADER, transliterate
from helpers import CATALOG_FIXTURES, catalog_project, invoke

FIXTURES = CATALOG_FIXTURES
REPOSITORY = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------
# The mapping
# --------------------------------------------------------------------------


def test_whole_alphabet_lower_and_upper_case():
    cyrillic = "абвгдђежзијклљмнњопрстћуфхцчџш"
    latin = "abvgdđežzijklljmnnjoprstćufhcčdžš"
    assert transliterate(cyrillic) == latin
    assert transliterate(cyrillic.upper()) == latin.upper()
    assert len(CYRILLIC_TO_LATIN) == 60  # 30 letters, both cases


@pytest.mark.parametrize("cyrillic, latin", [
    ("Љубав", "Ljubav"), ("ЉУБАВ", "LJUBAV"), ("љубав", "ljubav"),
    ("Њега", "Njega"), ("ЊЕГА", "NJEGA"),
    ("Џеп", "Džep"), ("ЏЕП", "DŽEP"),
    ("Ђак", "Đak"), ("Ћерка", "Ćerka"), ("Чаша", "Čaša"), ("Шума", "Šuma"), ("Жаба", "Žaba"),
    ("ПРИЈАТЕЉ", "PRIJATELJ"), ("Пријатељ", "Prijatelj"),  # digraph last in a word
    ("ЊУ Љ Џ", "NJU Lj Dž"),  # a capital alone is written as in a sentence
    ("Помоћ – Србија", "Pomoć – Srbija"),
])
def test_words_and_digraph_capitalisation(cyrillic, latin):
    assert transliterate(cyrillic) == latin


def test_placeholders_tags_and_latin_text_are_kept():
    assert transliterate("Помоћ – %(country)s") == "Pomoć – %(country)s"
    assert transliterate("QR код који отвара %(address)s") == "QR kod koji otvara %(address)s"
    assert transliterate("<strong>Не плаћај</strong> и не шаљи ништа.") == "<strong>Ne plaćaj</strong> i ne šalji ništa."
    assert transliterate("{count} фотографија, 100 %%") == "{count} fotografija, 100 %%"
    assert transliterate("Позови Take It Down или 116 111.") == "Pozovi Take It Down ili 116 111."
    assert transliterate("„сексторзија“") == "„sekstorzija“"
    assert transliterate("") == ""


def test_placeholder_names_are_never_transliterated():
    """Even an (unusual) Cyrillic placeholder name or tag attribute stays as written."""
    assert transliterate("%(земља)s и <strong>") == "%(земља)s i <strong>"
    assert transliterate("<strong>Џ</strong>") == "<strong>Dž</strong>"


# --------------------------------------------------------------------------
# The catalog and the command
# --------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return catalog_project(tmp_path)


def run(project: Project, *args: str):
    return invoke(command, project, *args)


CYRILLIC = {
    "Draft translation, not yet reviewed.": "Радна верзија превода, још није проверена.",
    "Staying safe online": "Безбедно на интернету",
    "Tell a <strong>trusted grown-up</strong>.": "Реци <strong>одраслој особи којој верујеш</strong>.",
    "You can always say no, even to someone you like.": "Увек можеш да кажеш „не“, чак и некоме ко ти је драг.",
    "Help in %(country)s": "Помоћ – %(country)s",
    "Call Childline on 116 111 or visit www.childline.org.uk.":
        "Позови Childline на 116 111 или посети www.childline.org.uk.",
}
PLURAL = ("Подељена је %(count)s фотографија.", "Подељене су %(count)s фотографије.", "Подељено је %(count)s фотографија.")


def make_serbian(project: Project) -> Path:
    """A Cyrillic sr catalog: some messages translated, one plural, one fuzzy."""
    assert run(project, "extract").exit_code == 0
    assert run(project, "init", "sr").exit_code == 0
    path = po_path(project, "sr")
    catalog, _ = read_catalog(path, "sr")
    for english, serbian in CYRILLIC.items():
        catalog.get(english).string = serbian
    plural = next(m for m in catalog if isinstance(m.id, tuple))
    plural.string = PLURAL
    report = catalog.get("Report", context="verb")
    report.string = "Пријави"
    report.flags.add("fuzzy")
    write_catalog(path, catalog)
    return path


def test_transliterate_writes_the_latin_catalog(project):
    make_serbian(project)
    result = run(project, "transliterate", "sr", "sr_Latn")
    assert result.exit_code == 0, result.output
    assert "Wrote locales/sr_Latn/LC_MESSAGES/leaflets.po" in result.output
    path = po_path(project, "sr_Latn")
    latin, _ = read_catalog(path, "sr_Latn")
    assert latin.raw_headers["language"] == "sr_Latn"
    assert latin.raw_headers[TRANSLITERATED_FROM_HEADER.lower()] == "sr"
    assert latin.get("Staying safe online").string == "Bezbedno na internetu"
    assert latin.get("Tell a <strong>trusted grown-up</strong>.").string == \
        "Reci <strong>odrasloj osobi kojoj veruješ</strong>."
    assert latin.get("Help in %(country)s").string == "Pomoć – %(country)s"
    assert latin.get("Call Childline on 116 111 or visit www.childline.org.uk.").string == \
        "Pozovi Childline na 116 111 ili poseti www.childline.org.uk."
    plural = next(m for m in latin if isinstance(m.id, tuple))
    assert plural.string == ("Podeljena je %(count)s fotografija.", "Podeljene su %(count)s fotografije.",
                             "Podeljeno je %(count)s fotografija.")
    # Same messages, comments and flags as the source; a fuzzy message stays fuzzy.
    source, _ = read_catalog(po_path(project, "sr"), "sr")
    assert [(m.id, m.context) for m in latin] == [(m.id, m.context) for m in source]
    assert latin.get("Report", context="verb").fuzzy
    assert latin.get("Staying safe online").auto_comments == source.get("Staying safe online").auto_comments
    assert not any(ord(char) in range(0x400, 0x500) for m in latin if m.id
                   for form in (m.string if isinstance(m.string, tuple) else (m.string,)) for char in form)


def test_generated_catalog_passes_check(project):
    make_serbian(project)
    run(project, "transliterate", "sr", "sr_Latn")
    result = run(project, "check", "sr_Latn", "--strict")
    assert result.exit_code == 0, result.output
    assert "1 catalog(s) checked: 0 error(s), 0 warning(s)" in result.output


def test_check_detects_a_missing_or_stale_target(project):
    path = make_serbian(project)
    missing = run(project, "transliterate", "sr", "sr_Latn", "--check")
    assert missing.exit_code == 1 and "OUT OF DATE" in missing.output
    assert not po_path(project, "sr_Latn").exists()  # --check writes nothing

    run(project, "transliterate", "sr", "sr_Latn")
    fresh = run(project, "transliterate", "sr", "sr_Latn", "--check")
    assert fresh.exit_code == 0 and "up to date" in fresh.output

    catalog, _ = read_catalog(path, "sr")
    catalog.get("Staying safe online").string = "Безбедни на мрежи"
    write_catalog(path, catalog)
    before = po_path(project, "sr_Latn").read_bytes()
    stale = run(project, "transliterate", "sr", "sr_Latn", "--check")
    assert stale.exit_code == 1 and "OUT OF DATE" in stale.output
    assert po_path(project, "sr_Latn").read_bytes() == before

    assert run(project, "transliterate", "sr", "sr_Latn").exit_code == 0
    latin, _ = read_catalog(po_path(project, "sr_Latn"), "sr_Latn")
    assert latin.get("Staying safe online").string == "Bezbedni na mreži"
    assert run(project, "transliterate", "sr", "sr_Latn", "--check").exit_code == 0


def test_hand_edit_of_the_target_is_reported_as_out_of_date(project):
    make_serbian(project)
    run(project, "transliterate", "sr", "sr_Latn")
    path = po_path(project, "sr_Latn")
    latin, _ = read_catalog(path, "sr_Latn")
    latin.get("Staying safe online").string = "Bezbedno onlajn"
    write_catalog(path, latin)
    assert run(project, "transliterate", "sr", "sr_Latn", "--check").exit_code == 1


def test_running_again_changes_nothing(project):
    make_serbian(project)
    run(project, "transliterate", "sr", "sr_Latn")
    before = po_path(project, "sr_Latn").read_bytes()
    result = run(project, "transliterate", "sr", "sr_Latn")
    assert result.exit_code == 0 and "Unchanged:" in result.output
    assert po_path(project, "sr_Latn").read_bytes() == before


def test_reviews_carry_over_to_the_transliteration(project):
    path = make_serbian(project)
    catalog, _ = read_catalog(path, "sr")
    for message in catalog:
        if message.id:
            message.flags.discard("fuzzy")
            if isinstance(message.id, tuple):
                message.string = PLURAL
            elif not message.string:
                message.string = "Пријави"
    write_catalog(path, catalog)
    result = run(project, "review", "sr", "--reviewer", "Ana Petrović <ana@example.org>", "--all",
                 "--date", "2026-11-20")
    assert result.exit_code == 0 and "0 message(s) still unreviewed" in result.output
    run(project, "transliterate", "sr", "sr_Latn")
    latin = load_catalog(project, "sr_Latn_RS")
    assert (latin.status, latin.reviewed_by, latin.review_date) == \
        ("reviewed", "Ana Petrović <ana@example.org>", "2026-11-20")
    assert run(project, "check", "sr_Latn").exit_code == 0
    refused = run(project, "review", "sr_Latn", "--reviewer", "Bo <bo@example.org>", "--all")
    assert refused.exit_code != 0 and "review sr" in refused.output

    # One message changed in the source: its review is gone, in both scripts.
    catalog.get("Staying safe online").string = "Безбедно на интернету!"
    write_catalog(path, catalog)
    assert run(project, "transliterate", "sr", "sr_Latn", "--check").exit_code == 1
    run(project, "transliterate", "sr", "sr_Latn")
    latin = load_catalog(project, "sr_Latn_RS")
    assert latin.status == "draft"
    assert latin.for_messages([(None, "Staying safe online")]).status == "draft"
    assert latin.for_messages([(None, "Help in %(country)s")]).status == "reviewed"


def test_never_overwrites_a_catalog_it_did_not_make(project):
    make_serbian(project)
    assert run(project, "init", "sr_Latn").exit_code == 0
    path = po_path(project, "sr_Latn")
    before = path.read_bytes()
    result = run(project, "transliterate", "sr", "sr_Latn")
    assert result.exit_code == 1 and "not made by `campaign catalog transliterate`" in result.output
    assert path.read_bytes() == before


def test_a_transliteration_whose_header_field_a_tool_dropped_is_still_recognised(project):
    """pybabel update drops X-Transliterated-From; the header comment names the command."""
    make_serbian(project)
    run(project, "transliterate", "sr", "sr_Latn")
    path = po_path(project, "sr_Latn")
    latin, _ = read_catalog(path, "sr_Latn")
    latin.set_header(TRANSLITERATED_FROM_HEADER, None)
    write_catalog(path, latin)
    assert TRANSLITERATED_FROM_HEADER not in path.read_text(encoding="utf-8")
    result = run(project, "transliterate", "sr", "sr_Latn")
    assert result.exit_code == 0, result.output
    assert TRANSLITERATED_FROM_HEADER in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("source, target", [("de", "sr_Latn"), ("sr", "sr"), ("sr", "hr"), ("sr_Latn", "sr")])
def test_rejects_locales_that_are_not_cyrillic_to_latin_serbian(project, source, target):
    make_serbian(project)
    result = run(project, "transliterate", source, target)
    assert result.exit_code == 1 and "Error:" in result.output


def test_missing_source_is_an_error(project):
    run(project, "extract")
    result = run(project, "transliterate", "sr", "sr_Latn")
    assert result.exit_code == 1 and "no catalog for sr" in result.output


@pytest.mark.skipif(not po_path(Project(REPOSITORY), "sr").is_file(), reason="no Serbian catalog in the project yet")
def test_the_projects_serbian_catalog_transliterates_cleanly(tmp_path):
    """The real sr catalog gives an sr_Latn catalog without errors, and the committed
    sr_Latn (if any) is up to date with it."""
    for name in ("templates", "locales", "registry"):
        shutil.copytree(REPOSITORY / name, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
    project = Project(tmp_path)
    if po_path(project, "sr_Latn").is_file():
        result = run(project, "transliterate", "sr", "sr_Latn", "--check")
        assert result.exit_code == 0, result.output
    shutil.rmtree(tmp_path / "locales" / "sr_Latn", ignore_errors=True)
    assert run(project, "transliterate", "sr", "sr_Latn").exit_code == 0
    result = run(project, "check", "sr_Latn")
    assert result.exit_code == 0 and " 0 error(s)" in result.output, result.output


def test_bosnia_and_montenegro_print_ijekavian_serbian(tmp_path):
    """Serbian in Bosnia and Herzegovina and in Montenegro is ijekavian: their
    regional catalogs override the ekavian sr wording (sr_Latn_ME is the
    transliteration of sr_Cyrl_BA), and Serbia and Kosovo keep ekavian."""
    from campaign.catalogs import load_catalog

    for name in ("templates", "locales", "registry"):
        shutil.copytree(REPOSITORY / name, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
    project = Project(tmp_path)
    result = run(project, "transliterate", "sr_Cyrl_BA", "sr_Latn_ME", "--check")
    assert result.exit_code == 0, result.output
    expected = {"sr_Cyrl_RS": "Где", "sr_Latn_XK": "Gde", "sr_Cyrl_BA": "Гдје", "sr_Latn_ME": "Gdje"}
    for locale, where in expected.items():
        heading = load_catalog(project, locale).translations.gettext("Where to get help")
        assert heading.split()[0] == where, (locale, heading)
