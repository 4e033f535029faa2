"""Incremental analysis in the style of dampack::calculate_icers.

Strategies are sorted by cost; strongly dominated strategies (higher cost and
no more effect than another) and extendedly dominated ones (ICER higher than
that of a more effective strategy) are removed iteratively; ICERs are then
computed along the frontier.  Returns a list of dicts in frontier order,
followed by the dominated strategies (status "D" or "ED").
"""

from __future__ import annotations


def calculate_icers(costs: dict, effects: dict) -> list[dict]:
    names = sorted(costs, key=lambda s: (costs[s], -effects[s]))
    status = {s: "ND" for s in names}
    # strong dominance
    for s in names:
        for o in names:
            if o != s and costs[o] <= costs[s] and effects[o] >= effects[s] and (
                    costs[o] < costs[s] or effects[o] > effects[s]):
                status[s] = "D"
                break
    frontier = [s for s in names if status[s] == "ND"]
    # extended dominance
    changed = True
    while changed and len(frontier) > 2:
        changed = False
        icer = [None] + [
            (costs[frontier[i]] - costs[frontier[i - 1]]) /
            (effects[frontier[i]] - effects[frontier[i - 1]])
            for i in range(1, len(frontier))
        ]
        for i in range(1, len(frontier) - 1):
            if icer[i] > icer[i + 1]:
                status[frontier[i]] = "ED"
                del frontier[i]
                changed = True
                break
    rows = []
    for i, s in enumerate(frontier):
        row = {"strategy": s, "cost": costs[s], "effect": effects[s], "status": "ND",
               "inc_cost": None, "inc_effect": None, "icer": None}
        if i > 0:
            p = frontier[i - 1]
            row["inc_cost"] = costs[s] - costs[p]
            row["inc_effect"] = effects[s] - effects[p]
            row["icer"] = row["inc_cost"] / row["inc_effect"]
        rows.append(row)
    for s in names:
        if status[s] != "ND":
            rows.append({"strategy": s, "cost": costs[s], "effect": effects[s],
                         "status": status[s], "inc_cost": None, "inc_effect": None,
                         "icer": None})
    return rows
