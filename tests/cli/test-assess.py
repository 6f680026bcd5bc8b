#!/usr/bin/env python3
"""evidence-board-cli assess: the JSON matches its schema on the sample board
and on a 10,000-node board; the numbers say what docs/ASSESSMENT.md says;
the text never puts the likelihood word and the confidence in one line."""

import json
import pathlib
import subprocess
import sys
import tempfile

import jsonschema

cli, bench, root = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
images = "images" in sys.argv[4:]  # built with the renderer (-Dgui)
schema = json.loads((root / "data/evidence-board-assessment.schema.json").read_text())
failures = []


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name + (f": {detail}" if not condition else ""))
    if not condition:
        failures.append(name)


def run(*args):
    return subprocess.run([cli, *map(str, args)], capture_output=True, text=True)


def assess(board):
    result = run("assess", board, "--json")
    check(f"assess --json {board.name} exits 0", result.returncode == 0, result.stderr)
    data = json.loads(result.stdout)
    try:
        jsonschema.validate(data, schema)
        check(f"{board.name}: matches the schema", True)
    except jsonschema.ValidationError as error:
        check(f"{board.name}: matches the schema", False, error.message)
    return data


with tempfile.TemporaryDirectory(prefix="evb-assess-") as tmp:
    tmp = pathlib.Path(tmp)
    sample = tmp / "sample.evboard"
    check("import the sample", run("import", root / "data/samples/dolgiye-borody.json", sample).returncode == 0)
    data = assess(sample)
    claims = {c["id"]: c for c in data["claims"]}

    # The three competing hypotheses of the sample.
    for claim in ("c1", "c4", "c7"):
        check(f"sample: {claim} is assessed", claims[claim]["assessed"])
    check("sample: the military site is likelier than the residence",
          claims["c4"]["probability"] > claims["c1"]["probability"])
    check("sample: the CIA evaluation is the residence's linchpin",
          claims["c1"]["linchpin"]["node"] == "e8", claims["c1"]["linchpin"])
    contributions = claims["c1"]["contributions"]
    check("sample: contributions are largest first",
          all(abs(a["weight"]) >= abs(b["weight"]) for a, b in zip(contributions, contributions[1:])))
    check("sample: refuting items weigh negative",
          all((c["weight"] < 0) == (c["relation"] == "refutes") for c in contributions if c["weight"] != 0))
    matrix = data["matrix"]
    check("sample: every claim is a hypothesis", set(matrix["hypotheses"]) == set(claims))
    check("sample: cells name only hypotheses, and leave out N",
          all(set(r["cells"]) <= set(claims) and "N" not in r["cells"].values() for r in matrix["rows"]))
    inconsistency = matrix["inconsistency"]
    check("sample: the military site survives best of the three",
          inconsistency["c4"] < inconsistency["c1"] and inconsistency["c4"] < inconsistency["c7"], inconsistency)
    rows = {r["id"]: r for r in matrix["rows"]}
    check("sample: the CIA evaluation is II against the residence", rows["e8"]["cells"]["c1"] == "II")
    check("sample: reactions that say the same of all tell little",
          rows["e6"]["diagnosticity"] < rows["e9"]["diagnosticity"])
    check("sample: no link is no cell", "c4" not in rows["e6"]["cells"])

    # The matrix as CSV: a header, then one line an evidence item, its cells
    # as the JSON says.
    import csv
    out = tmp / "matrix.csv"
    result = run("export", sample, out, "--format", "matrix-csv")
    check("export --format matrix-csv exits 0", result.returncode == 0, result.stderr)
    table = list(csv.reader(out.open(newline="")))
    check("matrix-csv: a line per evidence item", len(table) == len(matrix["rows"]) + 1, len(table))
    body = {line[0]: line for line in table[1:]}
    column = len(table[0]) - len(matrix["hypotheses"]) + matrix["hypotheses"].index("c1")
    check("matrix-csv: the CIA evaluation is II against the residence", body["e8"][column] == "II", body["e8"])

    # Under a filter the hypotheses stay the competing set: a tag on one
    # claim (c4) and six items narrows the rows, not the columns; a tag
    # on three claims and no item makes those three the columns.
    result = run("export", sample, tmp / "us.csv", "--format", "matrix-csv",
                 "--filter", '{"tags":["us-intelligence"]}')
    check("matrix-csv --filter exits 0", result.returncode == 0, result.stderr)
    us = list(csv.reader((tmp / "us.csv").open(newline="")))
    check("matrix-csv --filter: a tag on one claim keeps every claim a column", us[0] == table[0], us[0])
    check("matrix-csv --filter: the tagged items are the rows", len(us) == 1 + 6 and "e8" in {l[0] for l in us[1:]},
          [l[0] for l in us[1:]])
    result = run("export", sample, tmp / "hypotheses.csv", "--format", "matrix-csv",
                 "--filter", '{"tags":["hypothesis"]}')
    hypotheses = list(csv.reader((tmp / "hypotheses.csv").open(newline="")))
    titles = {c["id"]: c["title"] for c in data["claims"]}
    check("matrix-csv --filter: a tag on three claims makes them the columns",
          result.returncode == 0 and hypotheses[0][5:] == [titles[c] for c in ("c1", "c4", "c7")], hypotheses[0])

    # As every export: never over its own board, nor an existing file without --force.
    before = sample.read_bytes()
    result = run("export", sample, sample, "--format", "matrix-csv")
    check("matrix-csv refuses to write over its own board",
          result.returncode == 1 and sample.read_bytes() == before, result.stderr)
    result = run("export", sample, out, "--format", "matrix-csv")
    check("matrix-csv refuses an existing file without --force", result.returncode == 1, result.stderr)

    # The matrix as a picture, drawn by the renderer's table.
    for fmt, magic in (("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")):
        out = tmp / f"matrix.{fmt}"
        result = run("export", sample, out, "--format", f"matrix-{fmt}")
        if images:
            check(f"export --format matrix-{fmt} writes a {fmt.upper()}",
                  result.returncode == 0 and out.read_bytes().startswith(magic), result.stderr)
        else:
            check(f"export --format matrix-{fmt} says this build draws no pictures",
                  result.returncode == 1 and "not available in this build" in result.stderr
                  and not out.exists(), result.stderr)
    result = run("export", sample, tmp / "matrix.gif", "--format", "matrix-gif")
    check("export --format matrix-gif fails and says so",
          result.returncode != 0 and "matrix-gif" in result.stderr and not (tmp / "matrix.gif").exists(),
          result.stderr)

    # Removing the linchpin gives the probability it announced.
    without = claims["c1"]["linchpin"]["probability_without"]
    board_json = json.loads((root / "data/samples/dolgiye-borody.json").read_text())
    board_json["links"] = [l for l in board_json["links"] if not (l["from"] == "e8" and l["to"] == "c1")]
    (tmp / "without.json").write_text(json.dumps(board_json))
    run("import", tmp / "without.json", tmp / "without.evboard")
    again = {c["id"]: c for c in assess(tmp / "without.evboard")["claims"]}
    check("sample: without the linchpin's link, probability_without",
          abs(again["c1"]["probability"] - without) < 1e-5, (again["c1"]["probability"], without))

    # Text: word and confidence never share a line.
    text = run("assess", sample)
    check("assess (text) exits 0", text.returncode == 0, text.stderr)
    words = ["almost no chance", "very unlikely", "unlikely", "roughly even chance", "likely",
             "very likely", "almost certain"]
    check("text: likelihood and confidence on separate lines",
          not any("Confidence" in line and any(w in line for w in words) for line in text.stdout.splitlines()))
    # Why says what each weight is, as the inspector does: the CIA evaluation
    # (B2, refuting the residence strongly) weighs 0.8 × 0.8 × ln 16.
    check("text: Why says what a weight is and does",
          "Strong refutation from an item graded B2; \u22121.77 log-odds: divides the odds by 5.9" in text.stdout,
          text.stdout)

    # A board with a claim nothing bears on.
    (tmp / "empty.json").write_text(json.dumps({"format": "evidence-board", "version": 1,
                                                "board": {"title": "Bare"},
                                                "nodes": [{"id": "c", "kind": "claim", "title": "Alone\x1b[2J",
                                                           "x": 0, "y": 0}],
                                                "links": []}))
    run("import", tmp / "empty.json", tmp / "empty.evboard")
    bare = assess(tmp / "empty.evboard")["claims"][0]
    check("bare claim: not assessed, no numbers",
          bare["assessed"] is False and bare["probability"] is None and bare["likelihood"] is None)
    text = run("assess", tmp / "empty.evboard").stdout
    check("text: not assessed said", "Not assessed" in text, text)
    check("text: control characters escaped", "\x1b" not in text, repr(text))

    # A usage error and a file that is no board.
    check("assess without a board is a usage error", run("assess").returncode == 2)
    (tmp / "notes.txt").write_text("not a board")
    result = run("assess", tmp / "notes.txt")
    check("assess of a non-board fails with one line",
          result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr)

    # 10,000 nodes.
    big = tmp / "big.evboard"
    subprocess.run([bench, "--sizes", "10000", "--write-board", big], check=True, capture_output=True)
    data = assess(big)
    check("10k: every claim listed", len(data["claims"]) > 0)
    check("10k: every evidence item is a row",
          len(data["matrix"]["rows"]) + len(data["claims"]) == 10000)

sys.exit(1 if failures else 0)
