"""CLI: add, remove and list the people who may sign in to the app; seed the demo users."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli.common import fail
from assistant.people.directory import DEMO_USERS, User, UserDirectory, UserError
from assistant.settings import Settings

users_app = typer.Typer(help="Manage who may sign in to the web app.", no_args_is_help=True)


def _directory() -> UserDirectory:
    return UserDirectory(Settings().users_path)


@users_app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Sign-in name, e.g. priya.")],
    name: Annotated[str, typer.Option(help="Name colleagues know them by.")] = "",
    team: Annotated[str, typer.Option(help="Their team.")] = "",
    role: Annotated[str, typer.Option(help="member or owner (programme owner).")] = "member",
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
    """Add a user (their password is stored as a salted scrypt hash)."""
    try:
        user = _directory().add(User(username, name, team, role), password, replace=replace)
    except UserError as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"{'Reset' if replace else 'Added'} {user.username} ({user.name}, {user.role}).")


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
        typer.echo(f"{user.username:<16} {user.name:<24} {user.team:<24} {user.role}")


@users_app.command("seed-demo")
def seed_demo() -> None:
    """Add the demo users if missing and print how to sign in as them."""
    directory = _directory()
    added = {d.user.username for d in directory.seed_demo()}
    typer.echo("Demo sign-ins (username / password):")
    for demo in DEMO_USERS:
        if directory.get(demo.user.username) is None:
            continue
        if demo.user.username in added or directory.check(demo.user.username, demo.password):
            secret = demo.password
        else:
            secret = "(password was changed)"
        typer.echo(f"  {demo.user.username} / {secret}   {demo.user.name}, {demo.user.team}")
