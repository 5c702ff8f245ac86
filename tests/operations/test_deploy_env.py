"""``deploy/celery_stack.py --print-env`` gives the airflow CLI the stack's settings without printing a secret."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_print_env_never_prints_a_secret_yet_the_eval_has_them(tmp_path: Path) -> None:
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "AIRFLOW_HOME": str(tmp_path / "airflow"),
           "PANTAU_AIRFLOW_DB": "airflow_user:s3cret-db-pass@127.0.0.1:5432/airflow",
           "PANTAU_PSEUDONYM_KEY": "pseudonym-key-0123456789abcdef",
           "AIRFLOW_CONN_PANTAU_WAREHOUSE": "postgresql://pantau_worker:w0rker-pass@127.0.0.1:5432/pantau",
           "PANTAU_EXPORT_HTTP_TOKEN": "export-token-xyz"}
    script = [sys.executable, str(REPO / "deploy" / "celery_stack.py"), "--print-env"]
    done = subprocess.run(script, capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    secrets_file = tmp_path / "airflow" / "secrets.env"
    generated = dict(line.split("=", 1) for line in secrets_file.read_text().splitlines())
    assert set(generated) == {"AIRFLOW__CORE__FERNET_KEY", "AIRFLOW__API_AUTH__JWT_SECRET", "AIRFLOW__API__SECRET_KEY"}
    printed = done.stdout
    for secret in (*generated.values(), "s3cret-db-pass", "pseudonym-key-0123456789abcdef", "w0rker-pass",
                   "export-token-xyz"):
        assert secret not in printed
    assert "export AIRFLOW__CORE__EXECUTOR=CeleryExecutor" in printed
    # Evaluated in a shell with the same exports, the airflow CLI gets everything it needs.
    shell = subprocess.run(["bash", "-c", f'eval "$({" ".join(script)})"; echo "$AIRFLOW__CORE__FERNET_KEY"; '
                                          'echo "$AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"'],
                           capture_output=True, text=True, timeout=60, env=env)
    assert shell.returncode == 0, shell.stderr
    assert shell.stdout.splitlines() == [
        generated["AIRFLOW__CORE__FERNET_KEY"], "postgresql+psycopg://airflow_user:s3cret-db-pass@127.0.0.1:5432/airflow"]


def test_the_image_recipe_builds_on_the_airflow_and_python_the_package_pins() -> None:
    """deploy/Dockerfile cannot be built here (no registry); what it relies on is checked instead."""
    import re
    import tomllib

    dockerfile = (REPO / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    airflow_pin = next(d for d in project["project"]["dependencies"] if d.startswith("apache-airflow=="))
    image = re.search(r"^ARG AIRFLOW_IMAGE=apache/airflow:(\S+)-python(\S+)$", dockerfile, re.M)
    assert image, "the image starts FROM the official apache/airflow image"
    assert image[1] == airflow_pin.split("==")[1]
    assert f"=={image[2]}" in project["project"]["requires-python"].replace(">=", "==").split(",")[0]
    lock = (REPO / "requirements.lock").read_text(encoding="utf-8")
    assert f"\n{airflow_pin}\n" in f"\n{lock}"  # the lock keeps the image's Airflow
    # The DAG files it copies are the ones the wheel carries, found by the command it runs.
    assert '"share/pantau/dags" = ["dags/*.py"]' in (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'cp "$(pantau airflow dags-folder)"/*.py /opt/airflow/dags/' in dockerfile
