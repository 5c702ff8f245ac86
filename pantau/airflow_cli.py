"""``pantau airflow``: what an Airflow installation needs from Pantau."""

from __future__ import annotations

import typer

airflow_app = typer.Typer(no_args_is_help=True, help="Pantau inside an Airflow installation.")


@airflow_app.command("dags-folder")
def dags_folder_command() -> None:
    """Print the folder of Pantau's DAG files: set AIRFLOW__CORE__DAGS_FOLDER to it on every Airflow process."""
    from pantau.airflow_support import dags_folder

    typer.echo(str(dags_folder()))
