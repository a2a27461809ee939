"""CLI: back up and restore a data dir; export or delete everything of one user."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.settings import Settings
from assistant.storage.backup import BackupError
from assistant.storage.lock import DataDirBusyError
from peercoach.cli.common import coach_from_env, fail


def register(app: typer.Typer) -> None:
    """Add the data commands to the main CLI."""
    app.command()(backup)
    app.command()(restore)
    app.command()(export)
    app.command("delete-user")(delete_user)


def backup(
    target: Annotated[Path, typer.Argument(help="The backup file to write (.tar.gz).")],
) -> None:
    """Back up the data dir (memory, index, users, groups) into one file."""
    from assistant.storage.backup import backup as write_backup

    try:
        manifest = write_backup(Settings(), target)
    except (BackupError, DataDirBusyError) as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"Backed up {', '.join(manifest['includes'])} to {target}.")
    if "index" not in manifest["includes"]:
        typer.echo("The index lives on a Chroma server: back that up with the server's tools.")


def restore(
    archive: Annotated[Path, typer.Argument(help="A file written by `peercoach backup`.")],
    force: Annotated[
        bool, typer.Option(help="Restore over existing data (it is kept aside, not deleted).")
    ] = False,
) -> None:
    """Restore a backup into the data dir."""
    from assistant.storage.backup import restore as read_backup

    data_dir = Settings().data_dir
    try:
        manifest = read_backup(archive, data_dir, force=force)
    except (BackupError, DataDirBusyError) as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"Restored the backup of {manifest['created']} into {data_dir}.")
    if "kept_aside" in manifest:
        typer.echo(f"The data that was there is kept in {manifest['kept_aside']}.")


def export(
    user: Annotated[str, typer.Option("--user", help="Whose data to export (username).")],
    out: Annotated[Path | None, typer.Option(help="Archive to write (default USER.zip).")] = None,
) -> None:
    """Export everything of one user's to a zip: journal, commitments, lessons, notes, sessions."""
    target = out or Path(f"{user}-peercoach-export.zip")
    try:
        coach_from_env().userdata.export(user, target)
    except KeyError as exc:
        raise fail(str(exc.args[0])) from exc
    typer.echo(f"Exported {user}'s data to {target}.")


def delete_user(
    user: Annotated[str, typer.Argument(help="Username whose data to delete.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete everything of one user: records, notes and their vectors, groups, sign-in."""
    if not yes:
        typer.confirm(f"Delete everything of {user}? This cannot be undone", abort=True)
    done = coach_from_env().userdata.delete(user)
    typer.echo(
        f"Deleted {user}: {done.records} records, {done.chunks} note chunks, "
        f"left {done.groups_left} groups"
        + (", sign-in removed." if done.sign_in_removed else " (had no sign-in).")
    )
