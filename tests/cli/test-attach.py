#!/usr/bin/env python3
"""evidence-board-cli attach, extract and check of files kept in the board (issue 17).

  attach     embeds by default (the board grows by the file, JSON export says
             embedded: true with uri, sha256, size, media_type); --reference
             records the address only; the same file on two cards is stored once
  travel     the board copied to another folder with the originals deleted
             still opens, passes check and extracts every file, byte for byte
  damage     a changed byte in a kept file: check names the card and fails,
             extract fails and writes nothing
  merge      merging a board with kept files brings the files along
  refusals   a missing file, an unknown card, a claim, a linked file to
             extract, an existing output, a board open in the app, a hostile
             board: one line naming the place, exit 1 (usage errors 2), and
             the board unchanged"""

import fcntl
import hashlib
import json
import os
import pathlib
import sqlite3
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


def digest(path):
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


def export(board, out):
    result = run("export", board, out)
    check(f"export {out.name}", result.returncode == 0, result.stderr)
    return {n["id"]: n for n in json.loads(out.read_text(encoding="utf-8"))["nodes"]}


with tempfile.TemporaryDirectory() as tmp_name:
    tmp = pathlib.Path(tmp_name)
    env = dict(os.environ, XDG_DATA_HOME=str(tmp / "data"))
    originals = tmp / "originals"
    originals.mkdir()
    board = tmp / "case.evboard"
    result = run("import", root / "data/samples/dolgiye-borody.json", board, env=env)
    check("import the sample", result.returncode == 0, result.stderr)
    nodes = export(board, tmp / "before.json")
    evidence = [i for i, n in nodes.items() if n["kind"] == "evidence"]
    claims = [i for i, n in nodes.items() if n["kind"] == "claim"]

    # Three chunks and a bit, with every byte value.
    video = originals / "clip.mp4"
    video.write_bytes(os.urandom(3 * 1024 * 1024 + 12345))
    same = originals / "copy-of-clip.mp4"
    same.write_bytes(video.read_bytes())
    note = originals / "note.txt"
    note.write_text("A statement.\n", encoding="utf-8")
    size_before = board.stat().st_size

    result = run("attach", board, evidence[0], video, env=env)
    check("attach embeds", result.returncode == 0 and result.stderr == "", result.stderr)
    check("the board grew by the file",
          board.stat().st_size >= size_before + video.stat().st_size - 65536,
          (size_before, board.stat().st_size))
    result = run("attach", board, evidence[1], same, env=env)
    check("attach the same bytes to a second card", result.returncode == 0, result.stderr)
    check("the same file is stored once",
          board.stat().st_size < size_before + 1.1 * video.stat().st_size, board.stat().st_size)
    result = run("attach", board, evidence[2], note, "--reference", env=env)
    check("attach --reference", result.returncode == 0, result.stderr)

    nodes = export(board, tmp / "after.json")
    a = nodes[evidence[0]]["attachment"]
    check("JSON: embedded with uri, sha256, size, media_type",
          a.get("embedded") is True and a["sha256"] == digest(video)
          and a["size"] == video.stat().st_size and a["uri"] == video.as_uri()
          and "media_type" in a, a)
    r = nodes[evidence[2]]["attachment"]
    check("JSON: a reference is not embedded", "embedded" not in r and r["sha256"] == digest(note),
          r)
    result = run("import", tmp / "after.json", tmp / "reimported.evboard", env=env)
    check("the JSON with embedded files imports", result.returncode == 0, result.stderr)

    result = run("check", board, env=env)
    check("check passes", result.returncode == 0, result.stdout + result.stderr)

    # Mailed elsewhere: another folder, the originals gone.
    moved = tmp / "elsewhere"
    moved.mkdir()
    (moved / "case.evboard").write_bytes(board.read_bytes())
    video_digest = digest(video)
    for f in originals.iterdir():
        f.unlink()
    moved_board = moved / "case.evboard"
    result = run("check", moved_board, env=env)
    check("the moved board passes check without the originals", result.returncode == 0,
          result.stdout + result.stderr)
    for i, card in enumerate(evidence[:2]):
        out = moved / f"out-{i}.mp4"
        result = run("extract", moved_board, card, out, env=env)
        check(f"extract card {i + 1} from the moved board",
              result.returncode == 0 and digest(out) == video_digest, result.stderr)

    # Merged into a board without the file: the file comes with the card.
    fresh = tmp / "fresh.evboard"
    result = run("import", root / "data/samples/dolgiye-borody.json", fresh, env=env)
    result = run("merge", fresh, moved_board, env=env)
    check("merge a board with kept files", result.returncode == 0, result.stderr)
    out = tmp / "merged.mp4"
    result = run("extract", fresh, evidence[0], out, env=env)
    check("the merged card's file is in the board", result.returncode == 0
          and out.exists() and digest(out) == video_digest, result.stderr)
    result = run("check", fresh, env=env)
    check("the merged board passes check", result.returncode == 0, result.stdout + result.stderr)

    # Refusals: one line, the right place, nothing changed.
    state = digest(board)
    result = run("attach", board, evidence[0], originals / "gone.mp4", env=env)
    check("a missing file is refused", one_error_line(result, originals / "gone.mp4"),
          result.stderr)
    (originals / "x.bin").write_bytes(b"x")
    result = run("attach", board, "no-such-card", originals / "x.bin", env=env)
    check("an unknown card is refused", one_error_line(result, board) and "no-such-card"
          in result.stderr, result.stderr)
    result = run("attach", board, claims[0], originals / "x.bin", env=env)
    check("a claim is refused", one_error_line(result, board), result.stderr)
    result = run("attach", board, evidence[0], env=env)
    check("attach without a file is a usage error", result.returncode == 2, result.stderr)
    result = run("extract", board, evidence[2], tmp / "linked.txt", env=env)
    check("extracting a linked file is refused", one_error_line(result, board)
          and not (tmp / "linked.txt").exists(), result.stderr)
    result = run("extract", board, "no-such-card", tmp / "none.bin", env=env)
    check("extract of an unknown card is refused", one_error_line(result, board), result.stderr)
    result = run("extract", board, evidence[0], moved / "out-0.mp4", env=env)
    check("extract does not replace a file without --force",
          one_error_line(result, moved / "out-0.mp4"), result.stderr)
    result = run("extract", board, evidence[0], board, "--force", env=env)
    check("extract never writes over the board", one_error_line(result, board), result.stderr)

    uri = pathlib.Path(os.path.realpath(board)).as_uri()
    working = tmp / "data/evidence-board/working"
    working.mkdir(parents=True, exist_ok=True)
    lock_path = working / (hashlib.sha256(uri.encode()).hexdigest() + ".lock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run("attach", board, evidence[3], originals / "x.bin", env=env)
        check("a board open in the app is refused", one_error_line(result, board), result.stderr)
    check("refused commands leave the board as it was", digest(board) == state)

    hostile = tmp / "hostile.evboard"
    hostile.write_bytes(b"SQLite format 3\0" + os.urandom(4000))
    result = run("extract", hostile, evidence[0], tmp / "h.bin", env=env)
    check("a hostile board is refused", one_error_line(result, hostile)
          and not (tmp / "h.bin").exists(), result.stderr)
    result = run("attach", hostile, evidence[0], originals / "x.bin", env=env)
    check("attach to a hostile board is refused", one_error_line(result, hostile), result.stderr)

    # Damage: a byte changed inside a kept file.
    db = sqlite3.connect(moved_board)
    db.execute("UPDATE blob_chunk SET data = zeroblob(length(data)) WHERE seq = 1")
    db.commit()
    db.close()
    result = run("check", moved_board, env=env)
    check("check fails on a damaged file and names the card",
          result.returncode == 1 and evidence[0] in result.stdout and evidence[1] in result.stdout,
          result.stdout + result.stderr)
    out = moved / "damaged.mp4"
    result = run("extract", moved_board, evidence[0], out, env=env)
    check("extract of a damaged file fails and writes nothing",
          one_error_line(result, moved_board) and not out.exists()
          and not any(p.name.startswith(".damaged") for p in moved.iterdir()), result.stderr)

    # Replacing a card's only file gives its space back.
    result = run("attach", board, evidence[0], originals / "x.bin", env=env)
    result = run("attach", board, evidence[1], originals / "x.bin", env=env)
    db = sqlite3.connect(board)
    n_blobs = db.execute("SELECT count(*) FROM blob").fetchone()[0]
    db.close()
    check("a file no card holds is reclaimed", n_blobs == 1, n_blobs)

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
