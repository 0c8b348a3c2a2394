"""`campaign countries`: list, show and check the country registry."""

from __future__ import annotations

import datetime
import json

import click

from campaign.locales import language_display_name, normalize, parse_locale
from campaign.tables import format_table
from campaign.registry import (
    KINDS,
    STALE_AFTER_MONTHS,
    Country,
    Registry,
    Service,
    load_registry,
    months_before,
)


def _load(today: datetime.date | None = None) -> Registry:
    project = click.get_current_context().obj.project
    return load_registry(project.registry_dir, today=today)


def _valid_locale(ctx, param, value):
    if value is None:
        return None
    try:
        parse_locale(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    return normalize(value)


def _date(ctx, param, value):
    return datetime.date.fromisoformat(value) if value else None


@click.group("countries", invoke_without_command=True)
@click.option("--format", "output_format", type=click.Choice(["table", "json"]),
              default="table", show_default=True, help="json: for scripts.")
@click.pass_context
def command(ctx: click.Context, output_format: str) -> None:
    """Every country with its locales, paper size and help services.

    Also says which countries have gaps (no verified national hotline, child
    helpline, emergency number or removal service).
    """
    if ctx.invoked_subcommand is not None:
        return
    registry = _load()
    if output_format == "json":
        click.echo(json.dumps(_summary_json(registry), ensure_ascii=False, indent=2))
    else:
        _print_table(registry)


def _counts(country: Country) -> tuple[int, int]:
    verified = sum(s.verified for s in country.services)
    return verified, len(country.services) - verified


def _summary_json(registry: Registry) -> dict:
    countries = []
    for country in registry.countries.values():
        verified, unverified = _counts(country)
        countries.append({
            "code": country.code,
            "name": country.name,
            "locales": list(country.locales),
            "paper": country.paper,
            "services": {"verified": verified, "unverified": unverified},
            "gaps": list(country.gaps()),
        })
    return {"count": len(countries), "countries": countries}


def _print_table(registry: Registry) -> None:
    rows = [("CODE", "NAME", "LOCALES", "PAPER", "VERIFIED", "UNVERIFIED", "GAPS")]
    for country in registry.countries.values():
        verified, unverified = _counts(country)
        rows.append((country.code, country.name, " ".join(country.locales), country.paper,
                     str(verified), str(unverified), str(len(country.gaps()) or "-")))
    for line in format_table(rows):
        click.echo(line)
    with_gaps = [c for c in registry.countries.values() if c.gaps()]
    click.echo()
    click.echo(f"{len(registry.countries)} countries, {len(registry.all_locales())} locales.")
    if not with_gaps:
        click.echo("No country has gaps.")
        return
    click.echo(f"{len(with_gaps)} countries have gaps: {', '.join(c.code for c in with_gaps)}")
    for country in with_gaps:
        for gap in country.gaps():
            click.echo(f"  {country.code}: {gap}")


@command.command("show")
@click.argument("code")
@click.option("--locale", callback=_valid_locale,
              help="Show names in this locale (e.g. fr_BE) and what its edition prints.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]),
              default="text", show_default=True)
def show(code: str, locale: str | None, output_format: str) -> None:
    """One country's services, with sources and check dates."""
    country = _load().country(code)
    if output_format == "json":
        click.echo(json.dumps(_country_json(country), ensure_ascii=False, indent=2))
        return
    names_in = locale or "en"
    click.echo(f"{country.code}  {country.name}  ({country.display_name(names_in)})")
    locales = ", ".join(f"{l} ({language_display_name(l, names_in)})" for l in country.locales)
    click.echo(f"Locales: {locales}")
    click.echo(f"Paper: {country.paper}")
    click.echo(f"Data checked: {country.data_checked().isoformat()} "
               "(oldest check among the services leaflets print)")
    printed = set(country.printable_services(locale)) if locale else None
    for kind in KINDS:
        for service in (s for s in country.services if s.kind == kind):
            click.echo()
            _print_service(service, printed, locale)
    gaps = country.gaps()
    click.echo()
    click.echo("Gaps: " + ("; ".join(gaps) if gaps else "none"))


def _print_service(service: Service, printed: set | None, locale: str | None) -> None:
    status = "verified" if service.verified else "UNVERIFIED, not printed"
    click.echo(f"{service.kind}: {service.name}  [{status}]")
    lines = [
        ("id", service.id + ("  (shared-services.toml)" if service.shared else "")),
        ("phone", service.phone),
        ("web", service.web),
        ("hours", service.hours),
        ("serves", ", ".join(service.serves)),
        ("languages", ", ".join(service.languages) or "all editions"),
        ("source", service.source),
        ("checked", service.checked.isoformat()),
        ("note", service.note),
    ]
    if service.name_is_description:
        lines.append(("name", "a description, not printed"))
    if printed is not None:
        lines.append((f"in {locale}", "printed" if service in printed else "not printed"))
    for label, value in lines:
        click.echo(f"  {label + ':':<11}{value if value else '–'}")


def _country_json(country: Country) -> dict:
    return {
        "code": country.code,
        "name": country.name,
        "locales": list(country.locales),
        "paper": country.paper,
        "data_checked": country.data_checked().isoformat(),
        "gaps": list(country.gaps()),
        "services": [
            {
                "id": s.id, "kind": s.kind, "name": s.name,
                "name_is_description": s.name_is_description,
                "phone": s.phone, "web": s.web, "hours": s.hours,
                "serves": list(s.serves), "languages": list(s.languages),
                "source": s.source, "checked": s.checked.isoformat(),
                "verified": s.verified, "printable": s.printable,
                "shared": s.shared, "note": s.note,
            }
            for s in country.services
        ],
    }


@command.command("check")
@click.option("--today", callback=_date, hidden=True,
              help="Pretend today is this date (YYYY-MM-DD); for tests.")
@click.option("--strict", is_flag=True,
              help=f"Exit with status 1 if any entry is older than {STALE_AFTER_MONTHS} months.")
def check(today: datetime.date | None, strict: bool) -> None:
    """Validate the registry and list entries checked more than 12 months ago."""
    today = today or datetime.date.today()
    registry = _load(today)  # raises InputError (exit 1) listing every problem
    entries = registry.entries()
    unverified = [(owner, s) for owner, s in entries if not s.verified]
    click.echo(f"Registry OK: {len(registry.countries)} countries, {len(entries)} services, "
               f"{len(unverified)} of them unverified (kept, not printed).")
    cutoff = months_before(today, STALE_AFTER_MONTHS)
    stale = [(owner, s) for owner, s in entries if s.checked < cutoff]
    if stale:
        click.echo(f"{len(stale)} entries were last checked before {cutoff.isoformat()} "
                   f"(over {STALE_AFTER_MONTHS} months ago); check them again:")
        for owner, service in stale:
            click.echo(f"  {owner} {service.id} ({service.kind}, {service.name}): "
                       f"checked {service.checked.isoformat()}")
    else:
        click.echo(f"No entry was last checked before {cutoff.isoformat()} "
                   f"(over {STALE_AFTER_MONTHS} months ago).")
    if unverified:
        click.echo("Unverified entries:")
        for owner, service in unverified:
            click.echo(f"  {owner} {service.id} ({service.kind}): {service.note}")
    if strict and stale:
        raise SystemExit(1)
