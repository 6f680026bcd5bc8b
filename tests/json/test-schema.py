#!/usr/bin/env python3
"""The JSON Schema in data/ accepts the sample board and an export with every
field set, and refuses documents that break the contract."""

import json
import pathlib
import subprocess
import sys
import tempfile

import jsonschema

root = pathlib.Path(sys.argv[1])
test_json = sys.argv[2]
schema = json.loads((root / "data/evidence-board.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())

failures = 0


def expect(name, document, valid):
    global failures
    errors = list(validator.iter_errors(document))
    if bool(errors) == valid:
        failures += 1
        print(f"FAIL {name}: expected {'valid' if valid else 'invalid'}",
              [e.message for e in errors[:3]])
    else:
        print(f"ok {name}")


sample = json.loads((root / "data/samples/dolgiye-borody.json").read_text())
expect("sample board", sample, True)

with tempfile.TemporaryDirectory() as tmp:
    out = pathlib.Path(tmp) / "full.json"
    subprocess.run([test_json, "--write-full-board", str(out)], check=True)
    full = json.loads(out.read_text())
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
expect("unknown fields are fine", mutated(lambda d: d["nodes"][0].update(future=1)), True)

print(f"{failures} failures")
sys.exit(1 if failures else 0)
