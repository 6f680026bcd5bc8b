#!/usr/bin/env python3
"""The JSON Schema in data/ accepts the sample board and an export with every
field set, and refuses documents that break the contract."""

import json
import os
import pathlib
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    sys.exit("test-schema.py needs the jsonschema module (Debian: python3-jsonschema)")

root = pathlib.Path(sys.argv[1])
test_json = sys.argv[2]
schema = json.loads((root / "data/evidence-board.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())

failures = 0


def read_with_app(document):
    """Whether the app's own reader accepts the document, and why not."""
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "doc.json"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        result = subprocess.run([test_json, "--read", str(path)],
                                capture_output=True, text=True, encoding="utf-8",
                                env=dict(os.environ, LC_ALL="C.UTF-8"))
    return result.returncode == 0, result.stderr.strip()


def expect(name, document, valid):
    """The schema and the app's reader both give the expected verdict."""
    global failures
    errors = list(validator.iter_errors(document))
    accepted, why = read_with_app(document)
    if bool(errors) == valid:
        failures += 1
        print(f"FAIL {name}: schema: expected {'valid' if valid else 'invalid'}",
              [e.message for e in errors[:3]])
    elif accepted != valid:
        failures += 1
        print(f"FAIL {name}: reader: expected {'accepted' if valid else 'refused'}", why)
    else:
        print(f"ok {name}" + ("" if valid else f" ({why})"))


sample_path = root / "data/samples/dolgiye-borody.json"
if sample_path.exists():
    expect("sample board", json.loads(sample_path.read_text(encoding="utf-8")), True)
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "sample.json"
        subprocess.run([test_json, "--round-trip", str(sample_path), str(out)], check=True)
        expect("sample board exported again", json.loads(out.read_text(encoding="utf-8")), True)
else:
    print(f"SKIP sample board: {sample_path} does not exist yet")

with tempfile.TemporaryDirectory() as tmp:
    out = pathlib.Path(tmp) / "full.json"
    subprocess.run([test_json, "--write-full-board", str(out)], check=True)
    full = json.loads(out.read_text(encoding="utf-8"))
expect("every field", full, True)


def mutated(change):
    doc = json.loads(json.dumps(full))
    change(doc)
    return doc


expect("wrong format", mutated(lambda d: d.update(format="kumu")), False)
expect("newer version", mutated(lambda d: d.update(version=2)), False)
expect("no nodes", mutated(lambda d: d.pop("nodes")), False)
expect("unknown kind", mutated(lambda d: d["nodes"][0].update(kind="rumour")), False)
expect("reliability G", mutated(lambda d: d["nodes"][1].update(reliability="G")), False)
expect("credibility 7", mutated(lambda d: d["nodes"][1].update(credibility=7)), False)
expect("unknown relation", mutated(lambda d: d["links"][0].update(relation="proves")), False)
expect("bad colour", mutated(lambda d: d["nodes"][0].update(color="red")), False)
expect("credibility 2.5", mutated(lambda d: d["nodes"][1].update(credibility=2.5)), False)
expect("unknown evidence type", mutated(lambda d: d["nodes"][1].update(evidence_type="hearsay")), False)
expect("claim with evidence type", mutated(lambda d: d["nodes"][0].update(evidence_type="video")), False)
expect("unknown strength", mutated(lambda d: d["links"][0].update(strength="huge")), False)
expect("link without relation", mutated(lambda d: d["links"][0].pop("relation")), False)
expect("node without x", mutated(lambda d: d["nodes"][0].pop("x")), False)
expect("node without y", mutated(lambda d: d["nodes"][1].pop("y")), False)
expect("nodes without x and y are placed", mutated(lambda d: [(n.pop("x"), n.pop("y"))
                                                             for n in d["nodes"]]), True)
expect("pinned not a boolean", mutated(lambda d: d["nodes"][0].update(pinned="yes")), False)
expect("pinned false is fine", mutated(lambda d: d["nodes"][0].update(pinned=False)), True)
expect("empty id", mutated(lambda d: d["nodes"][0].update(id="")), False)
expect("date in words", mutated(lambda d: d["nodes"][0].update(occurred="last week")), False)
expect("date-time without zone", mutated(lambda d: d["nodes"][0].update(occurred="2025-12-29T10:00:00")), False)
expect("month 13", mutated(lambda d: d["nodes"][0].update(occurred="2025-13-01")), False)
expect("hour 25", mutated(lambda d: d["nodes"][1].update(collected="2025-12-01T25:00:00Z")), False)
expect("short sha256", mutated(lambda d: d["nodes"][1]["attachment"].update(sha256="abc")), False)
expect("title not a string", mutated(lambda d: d["board"].update(title=5)), False)
expect("tags not strings", mutated(lambda d: d["nodes"][0].update(tags=[1])), False)
expect("unknown fields are fine", mutated(lambda d: d["nodes"][0].update(future=1)), True)
expect("whole floats are integers", mutated(lambda d: (d.update(version=1.0),
                                                       d["nodes"][1].update(credibility=3.0))), True)
expect("credibility 7.0", mutated(lambda d: d["nodes"][1].update(credibility=7.0)), False)
expect("lower-case zone", mutated(lambda d: d["nodes"][0].update(occurred="2025-12-29T10:00:00z")), False)
expect("plain dates are fine", mutated(lambda d: d["nodes"][1].update(collected="2025-12-29")), True)
expect("groups are optional", mutated(lambda d: d.pop("groups")), True)
expect("group without nodes", mutated(lambda d: d["groups"][0].pop("nodes")), False)
expect("group with no members", mutated(lambda d: d["groups"][0].update(nodes=[])), False)
expect("group member twice", mutated(lambda d: d["groups"][0].update(nodes=["node-1", "node-1"])), False)
expect("group bad colour", mutated(lambda d: d["groups"][0].update(color="red")), False)
expect("group collapsed not a boolean", mutated(lambda d: d["groups"][0].update(collapsed=1)), False)
expect("group without label", mutated(lambda d: d["groups"][0].pop("label")), False)

print(f"{failures} failures")
sys.exit(1 if failures else 0)
