#!/usr/bin/env python3
"""Checks the DOM Chromium rendered for `x12kx report` against the findings it came from.

The expected numbers are computed here from the JSON lines, not taken from x12kx: totals
from the summary, the denied amount from the denial records (routine reasons left out, a
claim-level adjustment counted once), and the largest claim to correct and resubmit.
Usage: check_report_dom.py FINDINGS.jsonl DOM.html SCREENSHOT.png
"""
import json
import os
import re
import struct
import sys

ROUTINE = {"1", "2", "3", "45", "253"}  # rules/adjustments.json routine_carcs


def dollars(cents):
    return "${:,}.{:02d}".format(cents // 100, cents % 100)


def cents(value):
    return round(value * 100)


def expected(findings_path):
    claims = billed = paid = denied = 0
    seen_remits = set()
    correct = {}
    members = {}
    with open(findings_path, encoding="utf-8") as lines:
        for line in lines:
            r = json.loads(line)
            if r["kind"] == "summary":
                claims += r["claims"]
                billed += cents(r["billed"])
                paid += cents(r["paid"])
            if r["kind"] != "denial":
                continue
            key = (r["remit"]["file"], r["remit"]["offset"])
            if key not in seen_remits:
                seen_remits.add(key)
                denied += sum(cents(a["amount"]) for a in r["adjustments"]
                              if a["reason"] not in ROUTINE)
            if r["action"] == "correct_and_resubmit":
                correct[r["claim_id"]] = correct.get(r["claim_id"], 0) + cents(r["charge"])
                members[r["claim_id"]] = r["member_id"]
    top = max(correct, key=lambda claim: correct[claim])
    return claims, billed, paid, denied, top, correct[top], members[top]


def card_value(dom, card_id):
    match = re.search(r'id="%s"[^>]*>.*?<div class="v">([^<]*)<' % re.escape(card_id), dom, re.S)
    return match.group(1) if match else None


def main():
    findings, dom_path, png_path = sys.argv[1:4]
    claims, billed, paid, denied, top, top_amount, top_member = expected(findings)
    with open(dom_path, encoding="utf-8") as f:
        dom = f.read()
    failures = []

    def check(what, got, want):
        if got != want:
            failures.append("%s: page shows %r, findings give %r" % (what, got, want))

    check("claims", card_value(dom, "total-claims"), str(claims))
    check("billed", card_value(dom, "total-billed"), dollars(billed))
    check("paid", card_value(dom, "total-paid"), dollars(paid))
    check("denied", card_value(dom, "total-denied"), dollars(denied))
    check("inline script ran", 'data-script="ran"' in dom, True)

    table = re.search(r'<table class="t wide" id="correct">.*?</table>', dom, re.S)
    rows = re.findall(r"<tr>.*?</tr>", table.group(0), re.S) if table else []
    first = rows[1] if len(rows) > 1 else ""  # rows[0] is the header
    masked = "*" * (len(top_member) - 2) + top_member[-2:]
    check("first worklist row claim", ">%s<" % top in first, True)
    check("first worklist row amount", ">%s<" % dollars(top_amount) in first, True)
    check("first worklist row member masked", ">%s<" % masked in first, True)
    check("member id absent", top_member in dom, False)
    check("checklist items", first.count("<li>") >= 2, True)

    with open(png_path, "rb") as f:
        header = f.read(24)
    check("screenshot is a PNG", header[:8], b"\x89PNG\r\n\x1a\n")
    if header[:8] == b"\x89PNG\r\n\x1a\n":
        check("screenshot size", struct.unpack(">II", header[16:24]), (1280, 2000))
    check("screenshot not blank", os.path.getsize(png_path) > 50000, True)

    for failure in failures:
        print("FAIL", failure)
    if failures:
        return 1
    print("ok: totals %s billed, %s paid, %s denied; first worklist row %s %s" %
          (dollars(billed), dollars(paid), dollars(denied), top, dollars(top_amount)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
