"""`campaign preview`: a live preview of a leaflet for translators (see README)."""

from __future__ import annotations

import socket

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


__all__ = ["command"]
