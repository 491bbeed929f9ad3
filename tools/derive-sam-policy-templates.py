#!/usr/bin/env python3
"""Derives crates/ringfence-eval/data/sam-policy-templates.json from SAM's
samtranslator/policy_templates_data/policy_templates.json (Apache-2.0).

Usage: tools/derive-sam-policy-templates.py PATH/TO/policy_templates.json

Keeps, per template, the names of its parameters and its policy definition; drops
descriptions. The output is sorted so that regenerating it from the same input gives
the same bytes.
"""
import json
import sys

source = json.load(open(sys.argv[1]))
derived = {
    name: {"Parameters": sorted(t.get("Parameters", {})), "Definition": t["Definition"]}
    for name, t in sorted(source["Templates"].items())
}
out = "crates/ringfence-eval/data/sam-policy-templates.json"
with open(out, "w") as f:
    json.dump(derived, f, indent=1, sort_keys=True)
    f.write("\n")
print(f"{out}: {len(derived)} templates")
