"""The `peercoach` command line: knowledge, coaching, the app, the model and evaluations."""

from __future__ import annotations

import logging
import os
from typing import Annotated

import typer

from assistant.cli import coach, coaching, data, evaluate, groups, knowledge, programme, users

for _var, _value in (
    ("GRADIO_ANALYTICS_ENABLED", "False"),
    ("HF_HUB_OFFLINE", "1"),
    ("ANONYMIZED_TELEMETRY", "False"),
):
    os.environ.setdefault(_var, _value)

app = typer.Typer(
    help="Peer Coach: an offline-first AI peer-coaching assistant for managers.",
    no_args_is_help=True,
    add_completion=False,
)
knowledge.register(app)
coach.register(app)
coaching.register(app)
data.register(app)
app.add_typer(coach.model_app, name="model")
app.add_typer(evaluate.eval_app, name="eval")
app.add_typer(users.users_app, name="users")
app.add_typer(groups.groups_app, name="groups")
app.add_typer(programme.programme_app, name="programme")


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress.")] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
