"""The one Jinja2 environment used to render leaflets and to extract messages.

Extraction and rendering must agree on `trimmed` and on newstyle gettext, or
msgids stop matching (docs/sources.md, "Extraction and rendering must agree
on `trimmed`"), so both take their settings from
here.

Translators' text is data, not markup: the gettext callables below escape every
translation and then let through only the tags in ALLOWED_MESSAGE_TAGS, which
the catalog checks verify are balanced and identical to the source. Nothing a
translator types can add an element, a style or a reference to a file.
"""

from __future__ import annotations

import gettext as gettext_module
import hashlib
import re
from pathlib import Path
from typing import Callable

import jinja2
from markupsafe import Markup, escape

from campaign.errors import CampaignError
from campaign.scripts import NOWRAP_END, NOWRAP_START

NOWRAP_CLASS = "nowrap"  # leaflet.css keeps its text on one line

# Tags a message may contain. The catalog checks require the translation to
# have exactly the same ones as the source.
ALLOWED_MESSAGE_TAGS = ("strong",)
_ALLOWED_TAG_RE = re.compile(
    r"&lt;(/?)(" + "|".join(ALLOWED_MESSAGE_TAGS) + r")&gt;"
)

# Settings shared by extraction (babel's jinja2 extractor options) and runtime.
JINJA_EXTENSIONS = ["jinja2.ext.i18n"]
TRIMMED = True
NEWSTYLE_GETTEXT = True
TEMPLATE_SUFFIXES = (".html",)

# babel.messages.extract method map and options for the leaflet templates.
EXTRACTION_METHOD_MAP = [("**.html", "jinja2")]
EXTRACTION_OPTIONS = {
    "**.html": {
        "extensions": ",".join(JINJA_EXTENSIONS),
        "trimmed": "true" if TRIMMED else "false",
        "newstyle_gettext": "true" if NEWSTYLE_GETTEXT else "false",
        # Babel's jinja2 extractor skips broken templates silently by default.
        "silent": "false",
    }
}
TRANSLATOR_COMMENT_TAG = "Translators:"


# Characters the build inserts for line breaking (scripts.py): they belong in
# laid-out text, not in metadata, bookmarks or alternative text.
_LINE_BREAK_CONTROLS = {**dict.fromkeys(map(ord, "\u200b\u2060\u00ad")), 0xA0: " "}


_NOWRAP_TAGS = (f'<span class="{NOWRAP_CLASS}">', "</span>")  # messages hold no other span


def plain_text(text) -> str:
    """`text` without the line-break controls, for <title> and alt attributes."""
    plain = str(text).translate(_LINE_BREAK_CONTROLS)
    for tag in _NOWRAP_TAGS:
        plain = plain.replace(tag, "")
    return Markup(plain) if isinstance(text, Markup) else plain


def safe_message(text: str) -> str:
    """Escape a (translated) message, then restore the allowed tags only, and
    turn the preparation's keep-together marks (scripts.py) into spans."""
    html = _ALLOWED_TAG_RE.sub(r"<\1\2>", str(escape(text)))
    return html.replace(NOWRAP_START, _NOWRAP_TAGS[0]).replace(NOWRAP_END, _NOWRAP_TAGS[1])


def _unchanged(text: str) -> str:
    return text


def _escaping(func, prepare, record, has_context):
    def wrapped(*args):
        if record is not None:
            record((args[0], args[1]) if has_context else (None, args[0]))
        return safe_message(prepare(func(*args)))

    return wrapped


def install_translations(
    env: jinja2.Environment,
    translations: gettext_module.NullTranslations,
    prepare: Callable[[str], str] = _unchanged,
    record: Callable[[tuple], None] | None = None,
) -> None:
    """Install `translations` so every message is escaped before use.

    `prepare` transforms each looked-up message first; the build uses it for
    script-specific text preparation such as Khmer line-break opportunities.
    `record`, if given, is called with (msgctxt, msgid) of every message
    looked up, so the build knows which messages an edition prints.
    """
    env.install_gettext_callables(
        gettext=_escaping(translations.gettext, prepare, record, False),
        ngettext=_escaping(translations.ngettext, prepare, record, False),
        pgettext=_escaping(translations.pgettext, prepare, record, True),
        npgettext=_escaping(translations.npgettext, prepare, record, True),
        newstyle=NEWSTYLE_GETTEXT,
    )


class ConfinedLoader(jinja2.FileSystemLoader):
    """Loads only templates that really are inside the templates folder.

    A template that is a symbolic link leading out of the folder is refused,
    as the renderer refuses such assets (render.ConfinedURLFetcher).
    """

    def __init__(self, templates_dir: Path):
        super().__init__(str(templates_dir))
        self.root = Path(templates_dir).resolve()

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        if not real.is_relative_to(self.root):
            raise CampaignError(
                f"refused template {template}: it leads to {real}, "
                f"outside the project's templates folder {self.root}"
            )
        return source, filename, uptodate


def make_environment(templates_dir: Path) -> jinja2.Environment:
    """A sandbox-free but autoescaping environment over the project's templates."""
    env = jinja2.Environment(
        loader=ConfinedLoader(templates_dir),
        autoescape=True,
        extensions=JINJA_EXTENSIONS,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.policies["ext.i18n.trimmed"] = TRIMMED
    env.filters["plain_text"] = plain_text
    install_translations(env, gettext_module.NullTranslations())
    return env


def compiled_template_cache(cache_dir: Path) -> jinja2.BytecodeCache:
    """Templates compiled once, kept in `cache_dir` for later processes.

    Compiling the leaflet templates costs every process about 30 ms, a tenth
    of a leaflet. Jinja2 recompiles a template whose source changed; the
    folder's name also changes with this module and Jinja2's version, since
    the compiled code depends on the environment's settings (extensions,
    trimming), which live here.
    """
    digest = hashlib.sha256(jinja2.__version__.encode() + Path(__file__).read_bytes())
    folder = cache_dir / "templates" / digest.hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


__all__ = [
    "ALLOWED_MESSAGE_TAGS",
    "EXTRACTION_METHOD_MAP",
    "EXTRACTION_OPTIONS",
    "Markup",
    "compiled_template_cache",
    "install_translations",
    "make_environment",
    "safe_message",
]
