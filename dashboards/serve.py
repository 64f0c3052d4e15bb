"""``hisaab serve dashboards``: the Streamlit app in the foreground.

Streamlit runs its own server around a script, so the command starts it as a child process
with the same interpreter; it reads the published snapshot of ``HISAAB_HOME`` like any reader.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

APP = Path(__file__).resolve().parent / "app.py"


def serve_dashboards(
    port: Annotated[int, typer.Option(help="Port on the chosen address.")] = 8501,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
) -> None:
    """The analysts' dashboards (Streamlit) at http://HOST:PORT."""
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.address", host, "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    try:
        raise typer.Exit(subprocess.call(command))
    except KeyboardInterrupt:
        raise typer.Exit(0) from None
