#!/usr/bin/env python3
"""Score kg on the made-up articles of datasets/eval/ (and the seed article) with kg_score.py.

Usage: score.py KG_BINARY [--tools DIR] [--check]

Runs `KG_BINARY extract ARTICLE.txt --format tsv` on every datasets/eval/*.txt that has a
.gold.tsv and .entities.tsv next to it, and on ../shared/datasets/seed/witkoff-call.txt, scores
each with kg_score.py, and prints precision, core recall, attribute recall and entity splits.
With --check, exits 1 when a score falls under its floor (FLOORS below). Exits 77 (ctest's
SKIP_RETURN_CODE) with a message when kg_score.py is not there.
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# name: (precision, core_recall, attr_recall, max entity splits) -- a little under what kg reaches.
FLOORS = {
    "witkoff-call": (0.93, 1.0, 1.0, 1),
    "fisheries-pact": (0.90, 0.93, 1.0, 0),
    "dairy-takeover": (0.85, 0.75, 0.75, 1),
    "harbour-bribery": (0.85, 0.82, 0.8, 1),
    "peru-earthquake": (0.90, 0.85, 0.75, 1),
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("kg")
    ap.add_argument("--tools", default=os.path.join(ROOT, "..", "shared", "tools"))
    ap.add_argument("--check", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="print unmatched predictions and missed groups")
    args = ap.parse_args()
    scorer = os.path.join(args.tools, "kg_score.py")
    if not os.path.exists(scorer):
        print(f"SKIP: {scorer} not found (the shared tools are not mounted); nothing scored")
        return 77
    articles = []
    seed = os.path.join(args.tools, "..", "datasets", "seed", "witkoff-call")
    if os.path.exists(seed + ".txt"):
        articles.append(seed)
    for f in sorted(os.listdir(HERE)):
        base = os.path.join(HERE, f[:-4])
        if f.endswith(".txt") and os.path.exists(base + ".gold.tsv") and os.path.exists(base + ".entities.tsv"):
            articles.append(base)
    failed = []
    totals = [0, 0, 0, 0, 0, 0, 0]
    print(f"{'article':18} {'P':>6} {'coreR':>6} {'attrR':>6} {'splits':>7}  correct/pred  core  attr")
    for base in articles:
        name = os.path.basename(base)
        pred = subprocess.run([args.kg, "extract", base + ".txt", "--format", "tsv"], cwd=ROOT,
                              capture_output=True, text=True)
        if pred.returncode != 0:
            print(f"{name}: kg extract failed: {pred.stderr.strip()}")
            failed.append(name)
            continue
        res = subprocess.run([sys.executable, scorer, "--gold", base + ".gold.tsv", "--entities",
                              base + ".entities.tsv", "--pred", "-", "--json"], input=pred.stdout,
                             capture_output=True, text=True, check=True)
        r = json.loads(res.stdout)
        splits = len(r["entities_split"])
        print(f"{name:18} {r['precision']:6.3f} {r['core_recall']:6.3f} {r['attr_recall']:6.3f} "
              f"{splits:3d}/{r['entities']:<3d}  {r['correct']:3d}/{r['predicted']:<3d}      "
              f"{r['core']['found']:2d}/{r['core']['total']:<2d} {r['attr']['found']:2d}/{r['attr']['total']}")
        if name != "witkoff-call":
            for i, v in enumerate((r["correct"], r["predicted"], r["core"]["found"], r["core"]["total"],
                                   r["attr"]["found"], r["attr"]["total"], splits)):
                totals[i] += v
        if args.verbose:
            print(f"    missed core: {' '.join(r['core']['missed']) or '-'}  missed attr: {' '.join(r['attr']['missed']) or '-'}")
            for s in r["entities_split"]:
                print(f"    split {s['entity']}: {', '.join(s['node_names'])}")
            for fp in r["false_positives"]:
                print(f"    unmatched: {fp}")
        floor = FLOORS.get(name)
        if floor and (r["precision"] < floor[0] or r["core_recall"] < floor[1] or
                      r["attr_recall"] < floor[2] or splits > floor[3]):
            failed.append(name)
            print(f"    below floor P>={floor[0]} coreR>={floor[1]} attrR>={floor[2]} splits<={floor[3]}")
    if totals[1]:
        print(f"{'eval (pooled)':18} {totals[0] / totals[1]:6.3f} {totals[2] / totals[3]:6.3f} "
              f"{totals[4] / totals[5]:6.3f} {totals[6]:7d}  {totals[0]:3d}/{totals[1]:<3d}      "
              f"{totals[2]:2d}/{totals[3]:<2d} {totals[4]:2d}/{totals[5]}")
    if args.check and failed:
        print("FAILED: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
