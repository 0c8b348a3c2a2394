"""`campaign preview`: a live preview of a leaflet for translators (see README)."""

from __future__ import annotations

import socket
from pathlib import Path

import click

from campaign.errors import CampaignError

HOST = "127.0.0.1"  # loopback only: the preview is for the person at this computer


@click.command("preview")
@click.option("--port", type=click.IntRange(0, 65535), default=8017, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.pass_context
def command(ctx: click.Context, port: int) -> None:
    """Show leaflets in the browser, laid out again whenever a catalog,
    template or registry file is saved."""
    import uvicorn

    from campaign.preview.server import PreviewServer

    project = ctx.obj.project
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((HOST, port))
        # Listening before the address is printed: a browser that connects at
        # once waits in the queue until the server is up, instead of failing.
        listener.listen(128)
    except OSError as error:
        raise CampaignError(f"cannot listen on {HOST}:{port}: {error.strerror}; try --port 0") from None
    address = f"http://{HOST}:{listener.getsockname()[1]}/"
    server = uvicorn.Server(uvicorn.Config(PreviewServer(project).app(), log_level="warning"))
    click.echo(f"Preview of {project.root} at {address}  (Ctrl+C stops it)", nl=True)
    server.run(sockets=[listener])


@click.command("screenshots")
@click.argument("catalog")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write (default: output/screenshots/CATALOG/).")
@click.pass_context
def screenshots(ctx: click.Context, catalog: str, output: Path | None) -> None:
    """Write a picture of each message of CATALOG in its leaflet panel, highlighted,
    and screenshots.json mapping messages to pictures (for Weblate and the review sheet)."""
    from campaign.errors import display_path
    from campaign.locales import normalize
    from campaign.preview.screenshot_map import MAPPING_NAME, screenshots_dir
    from campaign.preview.screenshots import ScreenshotMaker

    project = ctx.obj.project
    name = normalize(catalog)
    output = output or screenshots_dir(project, name)
    mapping = ScreenshotMaker(project, name).make(output)
    click.echo(f"Wrote {len(mapping['screenshots'])} pictures and "
               f"{display_path(output / MAPPING_NAME, project.root)}")
    if mapping["without_picture"]:
        click.echo(f"{len(mapping['without_picture'])} messages are not printed as text in these "
                   "editions (alternative texts, help-panel labels for services they do not list); "
                   "they have no picture")


__all__ = ["command", "screenshots"]
