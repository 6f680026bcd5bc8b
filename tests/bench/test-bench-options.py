#!/usr/bin/env python3
# test-bench-options.py: evb-bench --only takes its stage as the next
# argument or after "=", repeated or comma-separated, and measures only it.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import subprocess
import sys

bench = sys.argv[1]


def measures(*args):
    result = subprocess.run([bench, "--sizes", "100", "--runs", "1", *args],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, (args, result.stderr)
    return {line.split("|")[2].strip().split(",")[0]
            for line in result.stdout.splitlines() if line.startswith("| 100 |")}


for args in (["--only", "search"], ["--only=search"]):
    got = measures(*args)
    assert got == {"search"}, (args, got)
hit = measures("--only=hit")
assert hit and "search" not in hit, hit
for args in (["--only", "search", "--only", "hit"], ["--only", "search,hit"]):
    got = measures(*args)
    assert got == hit | {"search"}, (args, got)
print("ok")
