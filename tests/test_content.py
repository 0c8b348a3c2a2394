"""What the built leaflets say (issue 15): the crisis and self-harm messages,
the removal tool's limits, the school's safeguarding lead, what a child who
already sent a picture should hear, and the regional wording (Spain's Spanish,
US spelling). Each check reads the text of a real PDF."""

import re

import pytest
from click.testing import CliRunner

from campaign.catalogs import load_catalog
from campaign.cli import main
from helpers import pdf_text

# English source messages each leaflet must print (in translation elsewhere).
NEW_CONTENT = {
    "children": [
        "asks you to video call or go live",
        "wants to meet you in person",
        "Even if you already sent a picture, it is not your fault. Tell a trusted grown-up.",
        "Telling a grown-up is always the right thing to do. It is never too late to tell.",
    ],
    "teens": [
        "If a friend tells you someone is pressuring or threatening them online, listen and "
        "don't judge. Help them tell an adult they trust.",
        "Can't cope, or thinking about hurting yourself? Talk to someone now: call a helpline "
        "on the back of this leaflet, or the emergency number if you are in danger.",
        "Asking for help is always the right thing to do. The services on the back are there "
        "to help you, not to blame you.",
        "<strong>Don't pay</strong> and don't send anything more. Paying rarely makes it stop. "
        "If you have already paid, stop paying now.",
        "<strong>Report</strong> the account in the app and say you are under 18. Report to "
        "the hotline or the police too.",
        "<strong>Get it taken down</strong>: Take It Down makes a digital fingerprint of the "
        "image on your phone, and the image never leaves it. It works only with the apps and "
        "sites that take part. More services are on the back.",
    ],
    "parents": [
        "<strong>Involve the school</strong> if it helps, ideally with your child's agreement: "
        "ask for the safeguarding lead, the person responsible for child protection.",
        "<strong>Support them</strong> in the days after, offer a counsellor, and watch for "
        "signs of self-harm. If you are worried, call a helpline now.",
    ],
}

# A promise not every national partner can keep (issue 15): no leaflet makes it.
BROKEN_PROMISE = "not be in trouble"


def squeeze(text: str) -> str:
    """Text without tags, spaces and hyphens, so a sentence is found across
    line breaks and hyphenation (a soft hyphen in the text layer) in
    pdftotext's output, and without the word joiners that keep a short
    fragment with its hyphen ("self-harm", scripts.py)."""
    return re.sub(r"[\s\-‐\u00ad\u2060]+", "", re.sub(r"<[^>]+>", "", text)).replace("’", "'")


@pytest.fixture(scope="module")
def built(module_project_copy):
    project = module_project_copy
    result = CliRunner().invoke(main, ["--project", str(project.root), "build", "--country", "GB",
                                       "--country", "FR", "--country", "ES", "--country", "MX",
                                       "--country", "US"])
    assert result.exit_code == 0, result.output
    return project


def leaflet(project, country, locale, audience) -> str:
    return squeeze(pdf_text(project.output_dir / country / locale / f"{audience}.pdf", raw=True))


@pytest.mark.parametrize("audience", sorted(NEW_CONTENT))
@pytest.mark.parametrize("country, locale", [("GB", "en_GB"), ("FR", "fr_FR")])
def test_new_content_is_printed(built, country, locale, audience):
    translations = load_catalog(built, locale).translations
    text = leaflet(built, country, locale, audience)
    for message in NEW_CONTENT[audience]:
        printed = translations.gettext(message)
        if locale != "en_GB":
            assert printed != message, f"{locale} has no translation of {message!r}"
        assert squeeze(printed) in text, f"{country}/{locale}/{audience} lacks {printed!r}"
    assert squeeze(BROKEN_PROMISE) not in text


def test_spain_prints_the_spanish_of_spain(built):
    spain = leaflet(built, "ES", "es_ES", "parents")
    mexico = leaflet(built, "MX", "es_MX", "parents")
    us = leaflet(built, "US", "es_US", "parents")
    # Apps in Spain say "denunciar"; Latin America says "reportar".
    assert squeeze("“¿Sabes cómo bloquear y denunciar a alguien?”") in spain
    for latin_america in (mexico, us):
        assert squeeze("“¿Sabes cómo bloquear y reportar a alguien?”") in latin_america
        assert "denunciaraalguien" not in latin_america
    assert "reportaraalguien" not in spain
    assert "vídeos" in leaflet(built, "ES", "es_ES", "children")
    assert "vídeos" not in leaflet(built, "MX", "es_MX", "children")


def test_us_english_has_us_spelling(built):
    us = leaflet(built, "US", "en_US", "parents")
    gb = leaflet(built, "GB", "en_GB", "parents")
    assert "counselor" in us and "counsellor" not in us
    assert "caregivers" in us and "carers" not in us
    assert "counsellor" in gb and "caregivers" not in gb


def test_a_qr_code_is_a_grey_png_that_reads_back_as_its_address():
    """Grey, not RGB (the print target's files hold none) nor 1-bit (WeasyPrint
    writes that as RGB); black on white; sharp modules of QR_MODULE_PIXELS."""
    import base64
    import io

    import zxingcpp
    from PIL import Image

    from campaign.content import QR_MODULE_PIXELS, qr_data_url

    url = "https://www.pointdecontact.net/"
    prefix = "data:image/png;base64,"
    data_url = qr_data_url(url)
    assert data_url.startswith(prefix)
    image = Image.open(io.BytesIO(base64.b64decode(data_url[len(prefix):])))
    assert image.mode == "L" and set(image.tobytes()) == {0, 255}
    assert image.width == image.height and image.width % QR_MODULE_PIXELS == 0
    [found] = zxingcpp.read_barcodes(image)
    assert found.text == url
