#!/usr/bin/env python3
"""evidence-board-cli layout, and import of cards without a place.

  import     the sample with every x and y removed: no two cards overlap, every
             card a link starts at is below the card it points at
  layout     layered and force in place: no overlaps, pinned cards and cards
             outside --selection stay, the same board gives the same places,
             the board passes check afterwards
  refusals   an unknown method (usage, 2), an unknown id, a missing board and a
             board open in the app (its lock held) fail with one line and leave
             the board as it was"""

import fcntl
import hashlib
import json
import os
import pathlib
import subprocess
import sys
import tempfile

cli, root = sys.argv[1], pathlib.Path(sys.argv[2])
failures = []


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name + (f": {detail}" if not condition else ""))
    if not condition:
        failures.append(name)


def run(*args, env=None):
    return subprocess.run([cli, *map(str, args)], capture_output=True, text=True, env=env)


def one_error_line(result, place):
    lines = result.stderr.splitlines()
    return (result.returncode == 1 and len(lines) == 1
            and lines[0].startswith(f"evidence-board-cli: {place}: "))


exports = 0


def export(board, tmp):
    # A new file each time: export refuses to replace one.
    global exports
    exports += 1
    out = tmp / f"out-{exports}.json"
    result = run("export", board, out)
    check(f"export {board.name}", result.returncode == 0, result.stderr)
    return json.loads(out.read_text(encoding="utf-8"))


def overlaps(doc):
    nodes = doc["nodes"]
    found = []
    for i, a in enumerate(nodes):
        for b in nodes[i + 1:]:
            if (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
                    and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]):
                found.append((a["id"], b["id"]))
    return found


def links_not_pointing_up(doc):
    nodes = {n["id"]: n for n in doc["nodes"]}
    return [(l["from"], l["to"]) for l in doc["links"]
            if nodes[l["from"]]["y"] < nodes[l["to"]]["y"] + nodes[l["to"]]["height"]]


def places(doc):
    return {n["id"]: (n["x"], n["y"]) for n in doc["nodes"]}


def digest(path):
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


sample = json.loads((root / "data/samples/dolgiye-borody.json").read_text(encoding="utf-8"))

with tempfile.TemporaryDirectory(prefix="evb-layout-") as tmp:
    tmp = pathlib.Path(tmp)
    env = dict(os.environ, XDG_DATA_HOME=str(tmp / "data"))

    # Import without places.
    unplaced = json.loads(json.dumps(sample))
    for node in unplaced["nodes"]:
        node.pop("x")
        node.pop("y")
    source = tmp / "unplaced.json"
    source.write_text(json.dumps(unplaced), encoding="utf-8")
    board = tmp / "unplaced.evboard"
    result = run("import", source, board, env=env)
    check("import a board without x and y", result.returncode == 0, result.stderr)
    doc = export(board, tmp)
    check("imported: every card is placed", len(doc["nodes"]) == len(sample["nodes"]))
    check("imported: no two cards overlap", not overlaps(doc), overlaps(doc))
    check("imported: evidence below the claims it links to", not links_not_pointing_up(doc),
          links_not_pointing_up(doc))

    # Layout in place, with a pinned card where the layout would go.
    pinned = json.loads(json.dumps(sample))
    pinned["nodes"][3]["pinned"] = True
    pinned["nodes"][3]["x"], pinned["nodes"][3]["y"] = 100, 100
    pinned_id = pinned["nodes"][3]["id"]
    source = tmp / "pinned.json"
    source.write_text(json.dumps(pinned), encoding="utf-8")
    results = {}
    for method in ("layered", "force"):
        for copy in ("a", "b"):
            board = tmp / f"{method}-{copy}.evboard"
            run("import", source, board, env=env)
            result = run("layout", board, "--method", method, env=env)
            check(f"layout --method {method} exits 0", result.returncode == 0, result.stderr)
            doc = export(board, tmp)
            results[method, copy] = doc
            check(f"{method}: no two cards overlap", not overlaps(doc), overlaps(doc))
            check(f"{method}: the pinned card stays", places(doc)[pinned_id] == (100, 100),
                  places(doc)[pinned_id])
            result = run("check", board, env=env)
            check(f"{method}: the board passes check", result.returncode == 0, result.stderr)
        check(f"{method}: the same board gives the same places",
              places(results[method, "a"]) == places(results[method, "b"]))
    check("layered: links point up", not links_not_pointing_up(results["layered", "a"]),
          links_not_pointing_up(results["layered", "a"]))
    check("layered and force differ",
          places(results["layered", "a"]) != places(results["force", "a"]))
    check("the layout moved cards",
          places(results["layered", "a"]) != places(json.loads(source.read_text())))

    # Only a selection moves.
    board = tmp / "selection.evboard"
    run("import", root / "data/samples/dolgiye-borody.json", board, env=env)
    before = places(export(board, tmp))
    chosen = [n["id"] for n in sample["nodes"] if n["kind"] == "evidence"][:4]
    result = run("layout", board, "--method", "force", "--selection", ",".join(chosen), env=env)
    check("layout --selection exits 0", result.returncode == 0, result.stderr)
    after = places(export(board, tmp))
    check("layout --selection moves only the selection",
          all(after[i] == before[i] for i in before if i not in chosen)
          and any(after[i] != before[i] for i in chosen))

    # Refusals.
    state = digest(board)
    result = run("layout", board, "--method", "circle", env=env)
    check("an unknown method is a usage error", result.returncode == 2, result.stderr)
    result = run("layout", board, "--selection", "nope", env=env)
    check("an unknown id fails with one line", one_error_line(result, board), result.stderr)
    check("an unknown id names it", "nope" in result.stderr, result.stderr)
    result = run("layout", env=env)
    check("no board is a usage error", result.returncode == 2, result.stderr)
    result = run("layout", tmp / "missing.evboard", env=env)
    check("a missing board fails with one line", one_error_line(result, tmp / "missing.evboard"),
          result.stderr)
    check("a missing board is not created", not (tmp / "missing.evboard").exists())

    # The app holds this lock while the board is open (evb-document.c).
    uri = pathlib.Path(os.path.realpath(board)).as_uri()
    working = tmp / "data/evidence-board/working"
    working.mkdir(parents=True, exist_ok=True)
    lock_path = working / (hashlib.sha256(uri.encode()).hexdigest() + ".lock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run("layout", board, env=env)
        check("a board open in the app is refused with one line", one_error_line(result, board),
              result.stderr)
    check("refused layouts leave the board as it was", digest(board) == state)
    result = run("layout", board, env=env)
    check("once the app lets go, layout works", result.returncode == 0, result.stderr)

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
