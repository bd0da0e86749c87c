#!/usr/bin/env python3
"""Prints the RESULTS.md table row of each libFuzzer log given (runs with -print_final_stats=1)."""

import pathlib
import re
import sys


def row(path):
    text = pathlib.Path(path).read_text(errors="replace")
    target = pathlib.Path(path).stem
    stat = dict(re.findall(r"^stat::(\w+):\s+(\d+)", text, re.M))
    cov = re.findall(r"cov: (\d+) ft: (\d+) corp: (\d+)/(\S+)", text)
    done = re.search(r"Done (\d+) runs in (\d+) second", text)
    crashed = "deadly signal" in text or "ERROR: libFuzzer" in text
    execs = int(stat.get("number_of_executed_units", done.group(1) if done else 0))
    seconds = int(done.group(2)) if done else 0
    per_second = stat.get("average_exec_per_sec", str(execs // max(seconds, 1)))
    c, ft, corp, size = cov[-1] if cov else ("?", "?", "?", "?")
    crashes = "1 (see below)" if crashed else "0"
    return f"| `{target}` | {seconds} s | {execs:,} | {int(per_second):,} | {c} | {ft} | {corp} ({size}) | {crashes} |"


print("| target | time | execs | execs/s | cov | ft | corpus | crashes |")
print("|---|---|---|---|---|---|---|---|")
for log in sys.argv[1:]:
    print(row(log))
