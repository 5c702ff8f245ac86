"""Start Pantau's Airflow deployment with the CeleryExecutor on one machine, and stop all of it.

``make airflow-celery`` runs this (and ``make airflow`` with ``deploy/airflow-local.env`` and
``deploy/Procfile.local``: the LocalExecutor, nothing listening beyond 127.0.0.1): it loads
``deploy/airflow-celery.env`` (expanding
``${NAME:-default}`` from the environment), keeps the deployment's secrets in
``$AIRFLOW_HOME/secrets.env`` (generated once, mode 600) unless the environment provides them,
migrates Airflow's metadata database (the warehouse is migrated by its owner, see docs/operations.md),
then starts every line of
``deploy/Procfile`` (api-server, scheduler, dag-processor, triggerer, one Celery worker) with
its output prefixed by the process name. Ctrl-C or SIGTERM stops them all; if any one exits,
the others are stopped too.

Every process started here carries ``PANTAU_STACK_ID`` in its environment. Airflow's task
supervisor moves each task into a process group of its own, so stopping by process group alone
could leave a task behind: :meth:`CeleryStack.stop` also ends every process that carries the
stack's id. Tests use the same class (``tests/operations/test_celery_stack.py``).

Standard library and psutil only; nothing of Pantau's is imported.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import shlex
import signal
import subprocess
import sys
import threading
import time
import uuid
from base64 import urlsafe_b64encode
from collections.abc import Mapping
from pathlib import Path
from typing import IO

import psutil

DEPLOY_DIR = Path(__file__).resolve().parent
REPO = DEPLOY_DIR.parent
ENV_FILE = DEPLOY_DIR / "airflow-celery.env"
PROCFILE = DEPLOY_DIR / "Procfile"
STACK_ID_VAR = "PANTAU_STACK_ID"
# Airflow settings every process of one deployment must share; generated once when not provided.
SECRET_SETTINGS = ("AIRFLOW__CORE__FERNET_KEY", "AIRFLOW__API_AUTH__JWT_SECRET", "AIRFLOW__API__SECRET_KEY")

_REFERENCE = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?P<default>[^}]*))?\}")


def expand(value: str, env: Mapping[str, str]) -> str:
    """Expand ``${NAME}`` and ``${NAME:-default}`` as a POSIX shell does (unset or empty → default)."""

    def replace(match: re.Match[str]) -> str:
        current = env.get(match.group("name"), "")
        if current == "" and match.group("default") is not None:
            return expand(match.group("default"), env)
        return current

    return _REFERENCE.sub(replace, value)


def load_env_file(path: Path, base: Mapping[str, str]) -> dict[str, str]:
    """``base`` plus the ``KEY=VALUE`` lines of ``path``, each expanded against what came before."""
    env = dict(base)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise ValueError(f"{path}, line {number}: expected KEY=VALUE, got {line!r}")
        env[key] = expand(value, env)
    return env


def read_procfile(path: Path) -> list[tuple[str, str]]:
    """The ``name: command`` lines of a Procfile, in order."""
    processes = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, sep, command = line.partition(":")
        if not sep or not name.strip() or not command.strip():
            raise ValueError(f"{path}, line {number}: expected 'name: command', got {line!r}")
        processes.append((name.strip(), command.strip()))
    return processes


def ensure_secrets(env: dict[str, str], secrets_file: Path) -> None:
    """Fill the shared secrets from the environment, else from ``secrets_file`` (created once).

    The Fernet key must survive restarts (it encrypts connections in the metadata database),
    so a generated one is kept, readable by its owner only.
    """
    stored = load_env_file(secrets_file, {}) if secrets_file.exists() else {}
    missing = [name for name in SECRET_SETTINGS if not env.get(name) and not stored.get(name)]
    for name in missing:
        raw = secrets.token_bytes(32)
        stored[name] = urlsafe_b64encode(raw).decode() if name.endswith("FERNET_KEY") else secrets.token_hex(32)
    if missing:
        secrets_file.parent.mkdir(parents=True, exist_ok=True)
        secrets_file.touch(mode=0o600, exist_ok=True)
        secrets_file.write_text("".join(f"{k}={v}\n" for k, v in stored.items()), encoding="utf-8")
    for name in SECRET_SETTINGS:
        env.setdefault(name, "")
        env[name] = env[name] or stored[name]


_SENSITIVE_NAME = re.compile(r"KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL", re.IGNORECASE)
_URL_PASSWORD = re.compile(r"(^|://)[^/@:\s]+:[^/@\s]+@")


def printable_env(env: Mapping[str, str], *, env_file: Path = ENV_FILE) -> list[str]:
    """The stack's settings as shell exports for ``eval``, never a secret's value.

    The shared secrets are read from ``secrets.env`` when the ``eval`` runs; a setting whose value
    embeds a database password is printed as its template in the env file (``${PANTAU_AIRFLOW_DB}``),
    expanded by the shell from the exports it already has; any other secret is left to the
    environment it came from, with a comment saying so.
    """
    secrets_file = Path(env["AIRFLOW_HOME"]) / "secrets.env"
    stored = load_env_file(secrets_file, {}) if secrets_file.exists() else {}
    templates: dict[str, str] = {}
    for line in env_file.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and not key.startswith("#"):
            templates[key] = value
    lines = []
    for name, value in sorted(env.items()):
        if not (name.startswith(("AIRFLOW", "PANTAU_")) or name == "PATH"):
            continue
        if name in SECRET_SETTINGS and stored.get(name) == value:
            lines.append(f"export {name}=\"$(sed -n 's/^{name}=//p' {shlex.quote(str(secrets_file))})\"")
        elif _SENSITIVE_NAME.search(name) or (_URL_PASSWORD.search(value) and "${" not in templates.get(name, "")):
            lines.append(f"# {name}: a secret, not printed (set it from your secret store)")
        elif _URL_PASSWORD.search(value):
            lines.append(f"export {name}=\"{templates[name]}\"")
        else:
            lines.append(f"export {name}={shlex.quote(value)}")
    return lines


def stack_environment(base: Mapping[str, str] | None = None, *, env_file: Path = ENV_FILE) -> dict[str, str]:
    """The environment every process of the stack gets (Airflow settings, secrets, PATH with the venv)."""
    env = dict(os.environ if base is None else base)
    env.setdefault("AIRFLOW_HOME", str(REPO / "var" / "airflow-celery"))
    env.setdefault("PANTAU_DAGS_FOLDER", str(REPO / "dags"))
    env = load_env_file(env_file, env)
    ensure_secrets(env, Path(env["AIRFLOW_HOME"]) / "secrets.env")
    # Airflow starts subprocesses by name (airflow, celery): the venv's bin goes first.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def migrate(env: Mapping[str, str], log: IO[str] | None = None) -> None:
    """Bring Airflow's metadata database to its latest schema.

    The warehouse is not migrated here: its schema owner does that (``pantau warehouse upgrade``),
    while the workers log in with a ``pantau_loader`` role that may not run DDL.
    """
    bin_dir = Path(sys.executable).parent
    for command in ([str(bin_dir / "airflow"), "db", "migrate"],):
        done = subprocess.run(command, env=dict(env), capture_output=True, text=True, timeout=900)
        if log is not None:
            log.write(done.stdout + done.stderr)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command[-2:])} failed ({done.returncode}):\n{done.stderr[-3000:]}")


class CeleryStack:
    """The Procfile's processes, each in a session of its own, all marked with one stack id."""

    def __init__(self, env: Mapping[str, str], *, procfile: Path = PROCFILE, log_dir: Path | None = None,
                 echo: IO[str] | None = None) -> None:
        self.stack_id = uuid.uuid4().hex
        self.env = {**env, STACK_ID_VAR: self.stack_id}
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.procfile = procfile
        self.log_dir = log_dir
        self.echo = echo
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        for name, command in read_procfile(self.procfile):
            argv = shlex.split(expand(command, self.env))
            self.processes[name] = subprocess.Popen(
                argv, env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                start_new_session=True, cwd=str(REPO))
            thread = threading.Thread(target=self._pump, args=(name, self.processes[name]), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _pump(self, name: str, process: subprocess.Popen[bytes]) -> None:
        log = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            log = (self.log_dir / f"{name}.log").open("ab")
        assert process.stdout is not None
        for line in process.stdout:
            if log is not None:
                log.write(line)
                log.flush()
            if self.echo is not None:
                self.echo.write(f"{name:>13} | {line.decode(errors='replace')}")
                self.echo.flush()
        if log is not None:
            log.close()

    def exited(self) -> dict[str, int]:
        """Processes that have ended, with their exit codes."""
        return {name: code for name, p in self.processes.items() if (code := p.poll()) is not None}

    def leftovers(self) -> list[psutil.Process]:
        """Every process on this machine that carries this stack's id."""
        found = []
        for process in psutil.process_iter():
            try:
                if process.pid != os.getpid() and process.environ().get(STACK_ID_VAR) == self.stack_id:
                    found.append(process)
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
        return found

    def stop(self, grace: float = 15.0) -> list[int]:
        """SIGTERM each process group, SIGKILL what is still there after ``grace`` seconds, then
        every process marked with this stack's id. Returns the pids that needed SIGKILL."""
        for process in self.processes.values():
            _signal_group(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and (any(p.poll() is None for p in self.processes.values())
                                               or self.leftovers()):
            time.sleep(0.2)
        killed = []
        for process in self.processes.values():
            if process.poll() is None:
                killed.append(process.pid)
            _signal_group(process.pid, signal.SIGKILL)
        for _ in range(3):
            stragglers = self.leftovers()
            if not stragglers:
                break
            for straggler in stragglers:
                killed.append(straggler.pid)
                _signal_group(straggler.pid, signal.SIGKILL)
                with contextlib.suppress(psutil.NoSuchProcess):
                    straggler.kill()
            psutil.wait_procs(stragglers, timeout=5)
        for process in self.processes.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
        for thread in self._threads:
            thread.join(timeout=2)
        return killed


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(os.getpgid(pid), sig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--env-file", type=Path, default=ENV_FILE)
    parser.add_argument("--procfile", type=Path, default=PROCFILE)
    parser.add_argument("--no-migrate", action="store_true", help="skip airflow db migrate")
    parser.add_argument("--print-env", action="store_true",
                        help="print the stack's settings as shell exports (for the airflow CLI) and exit")
    args = parser.parse_args(argv)

    env = stack_environment(env_file=args.env_file)
    if args.print_env:
        print("\n".join(printable_env(env, env_file=args.env_file)))
        return 0
    if not args.no_migrate:
        print("migrating the Airflow metadata database…", flush=True)
        migrate(env)
    stack = CeleryStack(env, procfile=args.procfile, log_dir=Path(env["AIRFLOW_HOME"]) / "logs" / "stack",
                        echo=sys.stdout)
    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    stack.start()
    executor = env.get("AIRFLOW__CORE__EXECUTOR", "Airflow")
    print(f"Airflow with the {executor}: http://127.0.0.1:{env.get('PANTAU_AIRFLOW_PORT', '8080')} "
          f"(stack {stack.stack_id}); Ctrl-C stops every process", flush=True)
    code = 0
    while not stopping.wait(1.0):
        if ended := stack.exited():
            print(f"stopping: {ended} exited", file=sys.stderr, flush=True)
            code = 1
            break
    stack.stop()
    return code


if __name__ == "__main__":
    sys.exit(main())
