"""NIKs and names stay out of task logs, XComs, GX results, Data Docs and the warehouse."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

NIK_LIKE = re.compile(r"(?<!\d)\d{16}(?!\d)")

# A roster for June 2024 typed by a village officer: good rows and the mistakes such files carry.
GOOD = [  # (NIK, name, village, regency, occupation, funding)
    ("1571025208850003", "Melati Wulandari", "Talang Banjar", "Kota Jambi", "Pedagang", "APBD Provinsi"),
    ("1504031107790001", "Rusdi Hamzah", "Muara Bulian", "Batanghari", "Petani", "APBD Provinsi"),
    ("1509016302880004", "Yusnaini Lubis", "Sungai Bengkal", "Tebo", "Nelayan", "APBDes"),
]
BAD = [
    ("1571021308850000", "Darmawan Saleh", "Legok", "Kota Jambi", "Buruh", "APBD Provinsi"),  # serial 0000
    ("157102130885", "Sulastri Ningsih", "Legok", "Kota Jambi", "Buruh", "APBD Provinsi"),  # 12 digits
    ("9971021308850004", "Zulkifli Anwar", "Legok", "Kota Jambi", "Buruh", "APBD Provinsi"),  # no province 99
    ("1505022904910002", "Hasnah Marpaung", "Sengeti", "1505022904910002", "Petani", "APBD Provinsi"),  # NIK as regency
    ("1505024510920003", "Irwansyah Putra", "Sengeti", "Muaro Jambi", "Petani", "Irwansyah Putra"),  # name as funding
    ("1505021201930005", "Kartini Sembiring", "1505021201930005", "Muaro Jambi", "Petani", "APBD Provinsi"),  # NIK as village
]


def _write_roster(path: Path) -> None:
    lines = ["DAFTAR PESERTA BKBK BULAN JUNI 2024", "",
             "No;NIK;Nama;Desa/Kelurahan;Kabupaten/Kota;Pekerjaan;Segmen;Program;Tanggal Mulai;Sumber Dana"]
    for number, (nik, name, village, regency, job, funding) in enumerate(GOOD + BAD, start=1):
        lines.append(f"{number};{nik};{name};{village};{regency};{job};BPU;JKK-JKM;01/03/2024;{funding}")
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


def _personal() -> list[str]:
    values = {nik for nik, *_ in GOOD + BAD} | {name for _, name, *_ in GOOD + BAD}
    return sorted(values, key=len, reverse=True)


def _leaks(where: str, text: str) -> list[str]:
    found = [f"{where}: {value}" for value in _personal() if value in text]
    found += [f"{where}: 16-digit run {m.group(0)}" for m in NIK_LIKE.finditer(text)]
    return found


_TASK_LOGGING = """
import io, json, logging, os, sys
import structlog
from airflow.sdk.log import configure_logging

# What Airflow's task runner does before a task runs: JSON lines to the supervisor.
out = io.BytesIO()
configure_logging(json_output=True, output=out, sending_to_supervisor=True)
early = structlog.get_logger("task")
early.info("logger cached before the task body ran")

from pantau.tasks import task_body

@task_body
def body(path):
    logging.getLogger("pantau.tasks.test").warning("row 7 quarantined: NIK 1505022904910002 in column Kabupaten")
    early.info("structlog event", detail="pseudonymised 1571025208850003")
    try:
        raise ValueError("cannot read 1504031107790001")
    except ValueError:
        logging.getLogger("pantau.tasks.test").exception("task step failed")
    return {"reason": "row 9: 1509016302880004", "path": path, "rows": [1505024510920003, "1505021201930005"]}

xcom = body(sys.argv[1])
sys.stdout.write(out.getvalue().decode() + "\\nXCOM " + json.dumps(xcom) + "\\n")
"""


def test_task_logs_and_xcoms_are_scrubbed_under_airflows_task_logging(tmp_path: Path) -> None:
    kept = tmp_path / "landing-1505014101900001.csv"  # a file the next task must open keeps its name
    kept.write_text("x")
    done = subprocess.run([sys.executable, "-c", _TASK_LOGGING, str(kept)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    logs, xcom_line = done.stdout.rsplit("XCOM ", 1)
    events = [json.loads(line) for line in logs.splitlines() if line.startswith("{")]
    messages = " ".join(str(e.get("event")) for e in events)
    assert "row 7 quarantined" in messages and "structlog event" in messages and "task step failed" in messages
    assert "ValueError" in logs  # the traceback is there, its NIK is not
    assert NIK_LIKE.findall(logs) == [] and logs.count("<nik-redacted>") >= 3
    xcom = json.loads(xcom_line)
    assert xcom == {"reason": "row 9: <nik-redacted>", "path": str(kept),
                    "rows": [1505024510920003, "<nik-redacted>"]}  # numbers are not text: an int stays an int


@pytest.mark.airflow
@pytest.mark.xdist_group("airflow")
@pytest.mark.slow
def test_a_roster_with_bad_rows_leaves_no_nik_or_name_behind(
        dag_bag, sqlite_url: str, isolated_settings: Path, capfd: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    from airflow.models.xcom import XComModel
    from airflow.utils.session import create_session

    from tests.conftest import _AIRFLOW_HOME

    landing = isolated_settings / "landing"
    landing.mkdir(parents=True)
    _write_roster(landing / "daftar-peserta-desa-2024-06.csv")
    caplog.set_level("INFO")
    run = dag_bag.get_dag("bpjs_coverage").test(run_conf={"period": "2024-06"})
    assert run.state == "success"
    task_output = capfd.readouterr()
    leaks: list[str] = []

    # The task log: dag.test runs each task in this process, so its log is what this process logged
    # (stdlib records, with their tracebacks) and printed (Airflow's structlog events) ...
    task_log = caplog.text + task_output.out + task_output.err
    assert "ingest_file" in task_log and "batch received" in task_log
    leaks += _leaks("task log", task_log)
    # ... and every log file Airflow or Pantau wrote.
    for log_file in [*(_AIRFLOW_HOME / "logs").rglob("*"), *(isolated_settings / "logs").rglob("*")]:
        if log_file.is_file():
            leaks += _leaks(str(log_file), log_file.read_text(errors="replace"))

    with create_session() as session:
        xcoms = session.query(XComModel).filter(XComModel.run_id == run.run_id).all()
    assert {x.task_id for x in xcoms} >= {"ingest_file", "publish_summary"}
    leaks += _leaks("XComs", json.dumps([x.value for x in xcoms], default=str))

    gx_files = [p for p in (isolated_settings / "gx").rglob("*") if p.is_file() and p.suffix in (".json", ".html")]
    assert any("validations" in p.parts for p in gx_files) and any(p.suffix == ".html" for p in gx_files)
    for path in gx_files:  # GX results and Data Docs pages
        leaks += _leaks(str(path.relative_to(isolated_settings)), path.read_text(errors="replace"))

    engine = sa.create_engine(sqlite_url)
    with engine.connect() as conn:
        for table in sa.inspect(engine).get_table_names():
            rows = conn.execute(sa.text(f"SELECT * FROM {table}")).all()
            leaks += _leaks(f"warehouse {table}", "\n".join(map(str, rows)))
        quarantined = conn.execute(sa.text("SELECT row_number, reason FROM audit_quarantine_row")).all()
        loaded = conn.execute(sa.text("SELECT COUNT(*) FROM fact_roster_participant")).scalar()
    assert leaks == []
    # The bad rows were quarantined with reasons that still say what was wrong, and only they.
    assert loaded == len(GOOD) + 1  # the NIK typed into the village column is masked, the row kept
    reasons = dict(quarantined)
    assert sorted(reasons) == [7, 8, 9, 10, 11]
    assert "serial 0000" in reasons[7] and "12 digits" in reasons[8] and "province code 99" in reasons[9]
    assert "<redacted>" in reasons[10] and "<redacted>" in reasons[11]
