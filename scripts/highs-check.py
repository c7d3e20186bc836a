#!/usr/bin/env python3
"""Solve a scenario's integer program with HiGHS, as an independent check of
`grantplan plan`'s integer search (max_groups, min_grant).

    cargo run --release --example milp_json -- SCENARIO.toml > /tmp/program.json
    grantplan plan SCENARIO.toml --format json > /tmp/plan.json
    python3 scripts/highs-check.py /tmp/program.json /tmp/plan.json

Needs `pip install highspy numpy` (a developer's check: grantplan itself
needs neither). The program is the one `examples/milp_json.rs` writes, with
every effect ceiling in; here a binary z_g per group joins it, with
Σ_j x_gj ≤ (Σ_j hi_gj) z_g, Σ_j x_gj ≥ min_grant z_g and Σ z ≤ max_groups.
Prints HiGHS's optimum, its bound and time, and (with a plan) grantplan's
incumbent and bound beside them and the groups funded by one and not the
other. Exits 1 when grantplan claims a proven optimum HiGHS beats by more
than 1e-6 relative, or reports a bound below HiGHS's optimum.
"""

import json
import sys
import time

import highspy
import numpy as np


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    program = json.load(open(sys.argv[1]))
    plan = json.load(open(sys.argv[2])) if len(sys.argv) > 2 else None
    cols, rows = program["cols"], program["rows"]
    group_of = program["group_of"][: program["group_cols"]]
    inf = highspy.kHighsInf

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 1e-7)
    h.setOptionValue("random_seed", 1)
    n = len(cols)
    for lo, hi, _ in cols:
        h.addVar(lo, hi)
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.array([c[2] for c in cols]))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    side = lambda v: inf if v >= 1e29 else -inf if v <= -1e29 else v
    for r in rows:
        idx = np.array([t[0] for t in r["t"]], dtype=np.int32)
        val = np.array([t[1] for t in r["t"]], dtype=float)
        h.addRow(side(r["lo"]), side(r["hi"]), len(idx), idx, val)

    members = {}
    for j, g in enumerate(group_of):
        members.setdefault(g, []).append(j)
    groups = sorted(members)
    z0 = n
    for _ in groups:
        h.addVar(0.0, 1.0)
    zs = np.arange(z0, z0 + len(groups), dtype=np.int32)
    h.changeColsIntegrality(len(groups), zs, np.array([highspy.HighsVarType.kInteger] * len(groups)))
    for k, g in enumerate(groups):
        js = members[g]
        cap = sum(cols[j][1] for j in js)
        idx = np.array(js + [z0 + k], dtype=np.int32)
        h.addRow(-inf, 0.0, len(idx), idx, np.array([1.0] * len(js) + [-cap]))
        if program["min_grant"] > 0:
            h.addRow(0.0, inf, len(idx), idx, np.array([1.0] * len(js) + [-program["min_grant"]]))
    if program["max_groups"] is not None:
        h.addRow(-inf, program["max_groups"], len(zs), zs, np.ones(len(groups)))

    start = time.time()
    h.run()
    took = time.time() - start
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    best = info.objective_function_value
    print(f"{program['scenario']}")
    print(f"  HiGHS      {status}: optimum {best:.9f}, bound {info.mip_dual_bound:.9f}, "
          f"{info.mip_node_count} nodes, {took:.2f} s")
    if plan is None:
        return 0
    milp = plan["milp"]
    print(f"  grantplan  incumbent {milp['incumbent']:.9f}, bound {milp['bound']:.9f}, "
          f"{milp['nodes']} nodes, proven {milp['proven_optimal']}")
    short = (best - milp["incumbent"]) / abs(best)
    if short > 1e-6:
        print(f"  grantplan's plan is {100 * short:.4f}% below HiGHS's optimum")
    else:
        print(f"  grantplan's plan matches HiGHS's optimum (relative difference {-short:.1e})")
    x = h.getSolution().col_value
    ids = {int(g["group"].lstrip("s")) if g["group"].lstrip("s").isdigit() else g["group"]: g
           for g in plan["groups"]}
    theirs = {g for k, g in enumerate(groups) if x[z0 + k] > 0.5 and sum(x[j] for j in members[g]) > 1e-7}
    ours = {i for i, g in ids.items() if g["lp_amount"] > 0.5}
    if all(isinstance(i, int) for i in ours):
        print(f"  funded only by grantplan: {sorted(ours - theirs)}; only by HiGHS: {sorted(theirs - ours)}")
    failed = False
    if milp["proven_optimal"] and short > 1e-6:
        print("  FAIL: grantplan claims a proven optimum that HiGHS beats")
        failed = True
    if status == "Optimal" and milp["bound"] < best * (1 - 1e-6):
        print("  FAIL: grantplan's bound is below HiGHS's optimum")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
