"""`campaign countries`: list, show and check the country registry."""

from __future__ import annotations

import datetime
import json

import click

from campaign.locales import language_display_name, normalize, parse_locale
from campaign.tables import format_table
from campaign.registry import (
    COUNTRY_FIELDS,
    KINDS,
    SERVICE_FIELDS,
    STALE_AFTER_MONTHS,
    Country,
    Registry,
    Service,
    load_registry,
    months_before,
)
from campaign.registry.schema import TEXT_LIST, TEXT_TABLE, to_json


def _load(today: datetime.date | None = None) -> Registry:
    project = click.get_current_context().obj.project
    return load_registry(project.registry_dir, today=today, cache_dir=project.cache_dir)


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
    """One country's services, with sources, dates and confirmations."""
    country = _load().country(code)
    if output_format == "json":
        click.echo(json.dumps(_country_json(country), ensure_ascii=False, indent=2))
        return
    names_in = locale or "en"
    click.echo(f"{country.code}  {country.name}  ({country.display_name(names_in)})")
    locales = ", ".join(f"{l} ({language_display_name(l, names_in)})" for l in country.locales)
    click.echo(f"Locales: {locales}")
    click.echo(f"Paper: {country.paper}")
    click.echo(f"Sources read: {country.sources_read().isoformat()} "
               "(the oldest among the services leaflets print)")
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
    if service.verified and service.confirmed is None:
        status += ", not yet confirmed"
    click.echo(f"{service.kind}: {service.name}  [{status}]")
    width = max(len(spec.name) for spec in SERVICE_FIELDS) + 2
    for spec in SERVICE_FIELDS:
        if spec.name in ("kind", "name", "verified"):
            continue  # in the heading line
        value = _shown(spec, getattr(service, spec.name))
        if spec.name == "id" and service.shared:
            value += "  (shared-services.toml)"
        if value:
            click.echo(f"  {spec.name + ':':<{width}}{value}")
    if printed is not None:
        verdict = "printed" if service in printed else "not printed"
        click.echo(f"  {'in ' + locale + ':':<{width}}{verdict}")


def _shown(spec, value) -> str:
    """A field's value on one line: lists joined, per-language values as "fr: …"."""
    if value is None or value is False or value == ():
        return ""
    if spec.type is TEXT_TABLE:
        return "; ".join(f"{language}: {text}" for language, text in value)
    if spec.type is TEXT_LIST:
        return ", ".join(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "yes" if value is True else str(value)


def _country_json(country: Country) -> dict:
    data = to_json(country, [spec for spec in COUNTRY_FIELDS if spec.name != "services"])
    data["sources_read"] = country.sources_read().isoformat()
    data["gaps"] = list(country.gaps())
    data["services"] = [
        {**to_json(s, SERVICE_FIELDS), "printable": s.printable, "shared": s.shared}
        for s in country.services
    ]
    return data


@command.command("check")
@click.option("--today", callback=_date, hidden=True,
              help="Pretend today is this date (YYYY-MM-DD); for tests.")
@click.option("--strict", is_flag=True,
              help=f"Exit with status 1 if any entry is older than {STALE_AFTER_MONTHS} months.")
def check(today: datetime.date | None, strict: bool) -> None:
    """Validate the registry; list old entries and contact details to confirm."""
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
    _print_confirmations_due(entries, today)
    if strict and stale:
        raise SystemExit(1)


def _print_confirmations_due(entries, today: datetime.date) -> None:
    """Printed services whose contact details --release would refuse, by country."""
    due: dict[str, list[str]] = {}
    for owner, service in entries:
        problem = service.confirmation_problem(today) if service.printable else None
        if problem:
            contact = ", ".join(filter(None, (service.phone, service.display_web)))
            due.setdefault(owner, []).append(f"{service.id} ({service.name}; {contact}): {problem}")
    if not due:
        click.echo("Every printed service is confirmed.")
        return
    count = sum(map(len, due.values()))
    click.echo(f"To confirm with the services before --release ({count} services, "
               f"{len(due)} owners; record confirmed and confirmed_by):")
    for owner, lines in due.items():
        click.echo(f"  {owner}:")
        for line in lines:
            click.echo(f"    {line}")
