"""`campaign preview`: translators see their words on the leaflet as they type.

Modules, one concern each:

- `marking`: preview-only gettext hook that wraps every translated message in a
  `<span data-message>` so its boxes can be found after layout;
- `boxes`: reads those spans' boxes (page, panel, rectangle) from WeasyPrint's
  layout tree;
- `messages`: what the pointer shows for a message (English, translation,
  translator comment, PO file and line, check problems);
- `snapshot`: lays one edition out with a warm EditionBuilder and rasterises
  its pages (pypdfium2);
- `worker`: the warm worker thread that lays editions out again on change;
- `server`: the Starlette app (page, images, server-sent events) and the
  file watcher (watchfiles);
- `screenshots`: `campaign catalog screenshots`: one picture per message.

Nothing here is used by `campaign build`, so normal builds stay byte-identical.
"""
