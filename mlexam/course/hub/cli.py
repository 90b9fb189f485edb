"""`mlexam hub setup|start|stop|status`: a JupyterHub for the class on this machine."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from mlexam.course.hub import HubError

app = typer.Typer(
    help="A JupyterHub for one class on this machine: PAM logins, a server per user, nbgrader's exchange.",
    no_args_is_help=True,
)
console = Console()
DirOption = Annotated[Path, typer.Option("--dir", help="Where the hub keeps its software, exchange and state.")]
EnvOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--env", help="The Python environment every user runs; DIR/env by default."),
]
DEFAULT_DIR = Path("/srv/mlexam-hub")


def _layout(directory: Path, env: Path | None):
    from mlexam.course.hub.config import HubLayout

    return HubLayout.at(directory, env)


def _reported(command):
    """Print a HubError as one red line and exit 2, as `mlexam` does with its own errors."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except HubError as exc:
            console.print(f"[red]error:[/] {exc}")
            raise typer.Exit(2) from None

    return run


@app.command()
@_reported
def setup(
    roster: Annotated[Path, typer.Argument(help="CSV: username,role[,password]; one instructor.")] = Path(
        "hub/roster.csv"
    ),
    directory: DirOption = DEFAULT_DIR,
    env: EnvOption = None,
    home_base: Annotated[Path, typer.Option(help="Where new users' homes go.")] = Path("/home"),
    course_dir: Annotated[Path, typer.Option("--course", help="This course's repository.")] = Path("."),
) -> None:
    """Install the hub's software (once), create the roster's unix users, their settings and the instructor's course."""
    from mlexam.course.coursedir import Course
    from mlexam.course.hub.service import setup as run_setup

    repo = Course.find(course_dir).root
    generated = run_setup(repo, roster, _layout(directory, env), home_base, lambda line: console.print(line))
    if generated:
        console.print("[bold]Passwords made now (shown once, hand them out):[/]")
        for m in generated:
            console.print(f"  {m.username}: {m.password}")
    console.print(f"[green]hub set up[/] in {directory}; start it: mlexam hub start")


@app.command()
@_reported
def start(
    directory: DirOption = DEFAULT_DIR,
    env: EnvOption = None,
    ip: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0 for the class's network).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port of the hub.")] = 8000,
) -> None:
    """Start the hub in the background; its log is DIR/state/jupyterhub.log."""
    from mlexam.course.hub.service import start as run_start

    url = run_start(_layout(directory, env), ip, port)
    console.print(f"[green]hub running[/] at {url}")


@app.command()
@_reported
def stop(directory: DirOption = DEFAULT_DIR, env: EnvOption = None) -> None:
    """Stop the hub, the users' servers and the proxy."""
    from mlexam.course.hub.service import stop as run_stop

    console.print("[green]hub stopped[/]" if run_stop(_layout(directory, env)) else "the hub was not running")


@app.command()
def status(directory: DirOption = DEFAULT_DIR, env: EnvOption = None) -> None:
    """Say whether the hub runs and where; exit 1 when it does not."""
    from mlexam.course.hub.service import status as hub_status

    url = hub_status(_layout(directory, env))
    if url is None:
        console.print("the hub is not running")
        raise typer.Exit(1)
    console.print(f"hub running at {url}")
