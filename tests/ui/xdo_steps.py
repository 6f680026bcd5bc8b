"""Steps the xdotool UI tests share: keys and text at a typist's pace,
waiting for a condition (never for a time), and checks that collect
failures instead of stopping at the first one."""

import subprocess
import time

failures = []
INPUT_PACE = 0.15      # keys at a typist's pace; results are waited for
TIMEOUT = 30


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else f": {detail}"))
    if not condition:
        failures.append(name)


def key(*keys):
    for k in keys:
        subprocess.run(["xdotool", "key", k], check=True)
        time.sleep(INPUT_PACE)


def type_text(text):
    subprocess.run(["xdotool", "type", "--delay", "60", text], check=True)
    time.sleep(INPUT_PACE)


def wait_until(condition, what, timeout=TIMEOUT):
    end = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > end:
            raise TimeoutError(f"waited {timeout} s in vain for {what}")
        time.sleep(0.05)
