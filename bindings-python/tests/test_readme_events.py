"""The README's "Verified events and routing" and "Loggers" Python examples, run as written
(extracted from README.md, so they cannot rot), against the installed package."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

README = (Path(__file__).resolve().parent / ".." / ".." / "README.md").read_text(encoding="utf-8")


def blocks(title: str) -> list[str]:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    section = README[start : end if end != -1 else None]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def run(code: str, tmp_path: Path, name: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / name
    script.write_text(code, encoding="utf-8")
    return subprocess.run(  # noqa: S603 (the README's own examples)
        [sys.executable, str(script)], capture_output=True, text=True, check=True, timeout=60
    )


def test_events_and_router_examples(tmp_path: Path) -> None:
    events, router = blocks("Verified events and routing")
    assert run(events, tmp_path, "events.py").stdout == "invoice.paid msg_1 4200\n"
    out = run(router, tmp_path, "router.py").stdout
    assert out == "True app_mention ['mentioned in C1']\n"


def test_loggers_example(tmp_path: Path) -> None:
    (loggers,) = blocks("Loggers")
    done = run(loggers, tmp_path, "loggers.py")
    assert "token Bearer [REDACTED] {'password': '[REDACTED]'}" in done.stderr
    assert '"password": "[REDACTED]"' in done.stdout
    for secret in ("hunter2", "q8ZlW3nR5tYp0vXs7bKd2mJf"):
        assert secret not in done.stdout + done.stderr
