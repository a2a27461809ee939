"""CLI: create peer groups and manage who belongs to them (group notes are for members only)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from assistant.people.directory import UserDirectory
from assistant.people.groups import Group, GroupDirectory, GroupError
from assistant.settings import Settings
from peercoach.cli.choices import Protocol
from peercoach.cli.common import fail

groups_app = typer.Typer(help="Manage peer groups and their members.", no_args_is_help=True)
Members = Annotated[list[str], typer.Argument(help="Usernames.")]


def _directories() -> tuple[GroupDirectory, UserDirectory]:
    settings = Settings()
    return GroupDirectory(settings.groups_path), UserDirectory(settings.users_path)


def _known(users: UserDirectory, usernames: list[str]) -> None:
    unknown = [u for u in usernames if users.get(u) is None]
    if unknown:
        raise fail(f"no such user: {', '.join(unknown)} (add them with `peercoach users add`)")


@groups_app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="Group name, e.g. platform-leads.")],
    member: Annotated[list[str] | None, typer.Option(help="A member (repeat).")] = None,
    purpose: Annotated[str, typer.Option(help="What the group is for.")] = "",
    cadence: Annotated[str, typer.Option(help="How often it meets, e.g. fortnightly.")] = "",
    protocol: Annotated[Protocol | None, typer.Option(help="Its protocol.")] = None,
) -> None:
    """Create a peer group."""
    groups, users = _directories()
    _known(users, member or [])
    if groups.get(name):
        raise fail(f"{name} already exists")
    try:
        group = groups.save(
            Group(
                name,
                tuple(member or ()),
                purpose=purpose,
                cadence=cadence,
                protocol=protocol.value if protocol else "",
                formed=dt.date.today().isoformat(),
            )
        )
    except GroupError as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"Created {group.name} ({', '.join(group.members) or 'no members yet'}).")


@groups_app.command("add")
def add(name: Annotated[str, typer.Argument(help="Group.")], usernames: Members) -> None:
    """Add members to a group."""
    groups, users = _directories()
    _known(users, usernames)
    try:
        group = groups.add_members(name, *usernames)
    except GroupError as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"{group.name}: {', '.join(group.members)}")


@groups_app.command("remove")
def remove(name: Annotated[str, typer.Argument(help="Group.")], usernames: Members) -> None:
    """Take members out of a group (they stop seeing its notes at once)."""
    try:
        group = _directories()[0].remove_members(name, *usernames)
    except GroupError as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"{group.name}: {', '.join(group.members) or 'no members'}")


@groups_app.command("list")
def list_groups() -> None:
    """List the groups and their members."""
    groups = _directories()[0].groups()
    if not groups:
        typer.echo("No groups yet: create one with `peercoach groups create NAME`.")
    for group in groups:
        how = " · ".join(x for x in (group.protocol, group.cadence) if x)
        typer.echo(f"{group.name:<24} {', '.join(group.members):<40} {how}")
