"""The ``edgeward`` console script runs the Rust command line inside the extension.

The commands themselves are tested in depth by the CLI crate (``cli/tests``); here: that the
Python entry point runs them with real standard streams and exit codes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def run(
    args: list[str], stdin: str = "", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WH_SECRET": SECRET}
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "edgeward._cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
    )


def test_help_lists_every_command() -> None:
    out = run(["--help"])
    assert out.returncode == 0, out.stderr
    for command in ("sign", "send", "verify", "redact", "validate", "scan"):
        assert command in out.stdout


def test_sign_then_verify_and_diagnose() -> None:
    body = '{"type":"invoice.paid"}'
    signed = run(
        ["sign", "--scheme", "stripe", "--secret-env", "WH_SECRET", "--timestamp", "1700000000"],
        body,
    )
    assert signed.returncode == 0, signed.stderr
    header = signed.stdout.strip()
    ok = run(
        [
            "verify",
            "--scheme",
            "stripe",
            "--secret-env",
            "WH_SECRET",
            "--now",
            "1700000005",
            "--json",
            "--header",
            header,
        ],
        body,
    )
    assert ok.returncode == 0, ok.stdout
    assert json.loads(ok.stdout)["verified"] is True
    altered = run(
        [
            "verify",
            "--scheme",
            "stripe",
            "--secret-env",
            "WH_SECRET",
            "--now",
            "1700000005",
            "--json",
            "--header",
            header,
        ],
        body + " ",
    )
    assert altered.returncode == 1
    assert SECRET[6:] not in altered.stdout + altered.stderr


def test_redact_streams_stdin_to_stdout() -> None:
    key = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
    out = run(["redact"], f'{{"msg":"charge","key":"{key}"}}\nplain {key}\n')
    assert out.returncode == 0, out.stderr
    assert key not in out.stdout
    assert len(out.stdout.splitlines()) == 2


def test_scan_reports_masked_findings(tmp_path: Path) -> None:
    key = "ghp_" + "wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx"
    (tmp_path / "settings.py").write_text(f'GITHUB_TOKEN = "{key}"\n')
    out = run(["scan", "--json"], cwd=tmp_path)
    assert out.returncode == 1, out.stderr
    finding = json.loads(out.stdout.splitlines()[0])
    assert (finding["file"], finding["line"], finding["rule"]) == ("settings.py", 1, "github_token")
    assert key not in out.stdout


def test_usage_errors_exit_2() -> None:
    assert (
        run(["sign", "--scheme", "stripe", "--secret-env", "EDGEWARD_UNSET_VARIABLE"]).returncode
        == 2
    )
