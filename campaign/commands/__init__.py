"""Command groups of the `campaign` command line, one module each."""

from __future__ import annotations

import importlib
import signal
import sys
import threading
from contextlib import contextmanager

import click

from campaign.errors import CampaignError, Interrupted


class CampaignGroup(click.Group):
    """Turns CampaignError into one clear message and exit code 1, and
    Ctrl-C or SIGTERM into one line and exit code 130 or 143.

    Used by the top-level group, and by the catalog group so that it reports
    errors the same way when invoked on its own (as its tests do).

    `lazy` names commands by the module that defines them ({"build":
    "campaign.commands.build"}, its `command`); a module is imported only when
    its command runs or is listed (Click's "lazily loading subcommands"), so
    `campaign build` does not import the other commands and what they need.
    """

    def __init__(self, *args, lazy: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy and name not in self.commands:
            self.add_command(importlib.import_module(self.lazy[name]).command, name)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context):
        try:
            with _stop_signals_raise_interrupted():
                return super().invoke(ctx)
        except CampaignError as error:
            click.secho(f"Error: {error}", fg="red", err=True)
            sys.exit(1)
        except (Interrupted, KeyboardInterrupt) as stop:
            stop = stop if isinstance(stop, Interrupted) else Interrupted(signal.SIGINT)
            click.secho(f"Stopped by {stop}: the work finished so far is kept; "
                        "run the command again to complete it.", fg="red", err=True)
            sys.exit(stop.exit_code)


@contextmanager
def _stop_signals_raise_interrupted():
    """SIGTERM (sent by `timeout`, CI cancellation, service managers) ends a
    command the way Ctrl-C does: as an exception, so that it stops its
    workers and keeps what is finished, instead of dying on the spot."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}

    def interrupt(signum, frame):
        raise Interrupted(signum)

    for signum in previous:
        signal.signal(signum, interrupt)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
