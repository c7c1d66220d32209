#!/usr/bin/python3
"""Validates JSON lines against docs/findings.schema.json; run by ctest on the fixtures' output.

Usage: validate_findings.py SCHEMA FINDINGS.jsonl
Exits 1 naming the first line that does not match the schema, or when nothing was read.
"""
import json
import sys

import jsonschema


def main() -> int:
    schema_path, findings_path = sys.argv[1], sys.argv[2]
    with open(schema_path, encoding="utf-8") as handle:
        schema = json.load(handle)
    validator = jsonschema.Draft202012Validator(schema)
    count = 0
    with open(findings_path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            record = json.loads(line)
            errors = sorted(validator.iter_errors(record), key=lambda e: list(e.path))
            if errors:
                print(f"{findings_path}:{number}: {record.get('kind')}: {errors[0].message}")
                return 1
            count += 1
    if count == 0:
        print(f"{findings_path}: no findings to validate")
        return 1
    print(f"{count} lines valid against {schema_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
