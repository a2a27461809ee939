"""CLI: add, remove and list the people who may sign in to the app; seed the demo users."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.memory.store import CoachStore
from assistant.people.directory import (
    DEMO_USERS,
    FEATURED_DEMO_USERS,
    User,
    UserDirectory,
    UserError,
)
from assistant.programme.demo import seed_demo_activity
from assistant.settings import Settings
from peercoach.cli.choices import Role
from peercoach.cli.common import fail

users_app = typer.Typer(help="Manage who may sign in to the web app.", no_args_is_help=True)


def _directory() -> UserDirectory:
    return UserDirectory(Settings().users_path)


@users_app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Sign-in name, e.g. priya.")],
    name: Annotated[str, typer.Option(help="Name colleagues know them by.")] = "",
    team: Annotated[str, typer.Option(help="Their team.")] = "",
    role: Annotated[
        Role, typer.Option(help="A programme owner forms groups and sees the learning view.")
    ] = Role("member"),
    manager: Annotated[str, typer.Option(help="Username of the person they report to.")] = "",
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            envvar="PEERCOACH_NEW_PASSWORD",
            help="Asked for when omitted (or set PEERCOACH_NEW_PASSWORD).",
        ),
    ] = "",
    replace: Annotated[bool, typer.Option(help="Reset an existing user.")] = False,
) -> None:
    """Add a user (their password is stored as an argon2id hash)."""
    try:
        user = _directory().add(
            User(username, name, team, role.value, manager), password, replace=replace
        )
    except UserError as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"{'Reset' if replace else 'Added'} {user.username} ({user.name}, {user.role}).")


@users_app.command("role")
def role(
    username: Annotated[str, typer.Argument(help="Sign-in name.")],
    new_role: Annotated[str, typer.Argument(metavar="ROLE", help="member or owner.")],
) -> None:
    """Make someone a programme owner (who forms groups and sees the learning view) or a member."""
    try:
        user = _directory().set_role(username, new_role)
    except UserError as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"{user.username} is now a{'n' if user.role == 'owner' else ''} {user.role}.")


@users_app.command("manager")
def manager(
    username: Annotated[str, typer.Argument(help="Sign-in name.")],
    of: Annotated[str, typer.Argument(metavar="MANAGER", help="Who they report to ('' clears).")],
) -> None:
    """Record who someone reports to, so peer groups can keep managers and reports apart."""
    try:
        user = _directory().set_manager(username, of)
    except UserError as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"{user.username} reports to {user.manager or 'nobody recorded'}.")


@users_app.command("remove")
def remove(username: Annotated[str, typer.Argument(help="Sign-in name.")]) -> None:
    """Remove a user's sign-in (what they wrote stays until forgotten)."""
    try:
        _directory().remove(username)
    except UserError as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"Removed {username}.")


@users_app.command("list")
def list_users() -> None:
    """List who may sign in."""
    users = _directory().users()
    if not users:
        typer.echo("No users yet: add one with `peercoach users add NAME`.")
    for user in users:
        reports = f"reports to {user.manager}" if user.manager else ""
        typer.echo(f"{user.username:<16} {user.name:<24} {user.team:<24} {user.role:<7} {reports}")


@users_app.command("seed-demo")
def seed_demo() -> None:
    """Add the demo users (and their demo activity) if missing; print how to sign in."""
    directory = _directory()
    added = {d.user.username for d in directory.seed_demo()}
    settings = Settings()
    seed_demo_activity(CoachStore(settings.data_dir / "coach.sqlite3"))
    typer.echo("Demo sign-ins (username / password):")
    others = 0
    for demo in DEMO_USERS:
        if directory.get(demo.user.username) is None:
            continue
        if demo.user.username not in FEATURED_DEMO_USERS:
            others += 1
            continue
        if demo.user.username in added or directory.check(demo.user.username, demo.password):
            secret = demo.password
        else:
            secret = "(password was changed)"
        typer.echo(f"  {demo.user.username} / {secret}   {demo.user.name}, {demo.user.team}")
    if others:
        typer.echo(
            f"  and {others} colleagues for forming peer groups (password: <username>-demo-1;"
            " `peercoach users list`)."
        )
