"""Charts for BENCHMARKS.md from the run's JSON (bench/.out): requests vs detection delay per poll
schedule, size per client, and the memory curve. Usage: python3 bench/charts.py OUT_DIR CHART_DIR"""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402

out, charts = sys.argv[1], sys.argv[2]
os.makedirs(charts, exist_ok=True)
load = lambda name: json.load(open(os.path.join(out, name)))  # noqa: E731

# --- polling: one panel per finish time, spread ±5 s; x = requests, y = median delay ----------
poll = load("poll.json")
cells = [c for c in poll["cells"] if c["spreadMs"] == 10000]
finishes = sorted({c["finishMs"] for c in cells})
schedules = list(dict.fromkeys(c["schedule"] for c in cells))
colors = dict(zip(schedules, ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b"]))
colors["adaptive (ours)"] = "#d62728"
markers = {"legnext": "o", "apiframe": "s"}
fig, axes = plt.subplots(1, len(finishes), figsize=(5 * len(finishes), 4.6))
for ax, finish in zip(axes, finishes):
    for c in (c for c in cells if c["finishMs"] == finish):
        ours = c["schedule"].startswith("adaptive")
        if not ours and c["provider"] != "legnext":
            continue  # a fixed schedule does not depend on the provider: its figures are the same
        r, d = c["requests"], c["delayMs"]
        x, y = r["median"], d["median"] / 1000
        ax.errorbar(
            x, y,
            xerr=[[x - r["min"]], [r["max"] - x]],
            yerr=[[y - d["min"] / 1000], [d["max"] / 1000 - y]],
            fmt=markers[c["provider"]], color=colors[c["schedule"]], capsize=3, alpha=0.85,
            label=f'{c["schedule"]} ({c["provider"]})' if ours else f'{c["schedule"]} (peers)',
        )
        ax.annotate(f'{c["provider"]}' if ours else c["schedule"], (x, y), textcoords="offset points",
                    xytext=(5, 5), fontsize=7, color=colors[c["schedule"]])
    if finish == 154000:
        ax.axvline(12, color="grey", ls=":", lw=1)
        ax.axhline(3, color="grey", ls=":", lw=1)
        ax.text(12.5, 3.1, "goal: ≤ 12 req, < 3 s", fontsize=8, color="grey")
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_title(f"job finishing at {finish / 1000:.0f} s (±5 s)")
    ax.set_xlabel("status requests per job (log)")
    ax.set_ylabel("detection delay, s (median, min–max)")
    ax.grid(alpha=0.3)
handles, labels = axes[0].get_legend_handles_labels()
fig.legend(handles, labels, loc="lower center", ncol=6, fontsize=8)
fig.suptitle(f'Poll schedules: requests vs detection delay ({poll["runs"]} simulated runs each)')
fig.tight_layout(rect=(0, 0.1, 1, 0.95))
fig.savefig(os.path.join(charts, "polling.png"), dpi=110)
plt.close(fig)

# --- size: gzip -9 per client ---------------------------------------------------------------
size = load("size.json")
ours = size["ours"]
rows = [
    ("video-extend\n(wasm + glue)", ours["budgeted"]["gzip"], ours["wasm"]["gzip"]),
    ("video-extend\n(bundled: wasm + min JS)", ours["bundled"]["gzip"], ours["wasm"]["gzip"]),
    # A server that verifies webhooks loads the client and video-extend/webhooks.
    ("video-extend\n+ /webhooks (server)", ours["withWebhooks"]["gzip"],
     ours["wasm"]["gzip"] + ours["webhooks"]["wasm"]["gzip"]),
] + [(f'{p["name"]}\n{p["version"]}', p["gzip"], 0) for p in size["peers"]] + [
    ("plain JS\nclient", size["plain"]["gzip"], 0)
]
fig, ax = plt.subplots(figsize=(11, 4.6))
names = [r[0] for r in rows]
kb = [r[1] / 1024 for r in rows]
wasm_kb = [r[2] / 1024 for r in rows]
ax.bar(names, wasm_kb, color="#d62728", label="wasm")
ax.bar(names, [t - w for t, w in zip(kb, wasm_kb)], bottom=wasm_kb, color="#1f77b4", label="JS")
for i, v in enumerate(kb):
    ax.text(i, v + 1, f"{v:.1f} KB", ha="center", fontsize=9)
ax.axhline(size["budgetBytes"] / 1024, color="#ff7f0e", ls="--", lw=1, label="budget 45 KB")
ax.axhline(size["goalBytes"] / 1024, color="#2ca02c", ls=":", lw=1, label="goal 30 KB")
ax.set_ylabel("KB, gzip -9")
ax.set_title("Client size (esbuild --bundle --minify for the JS clients)")
ax.legend(fontsize=8)
ax.tick_params(axis="x", labelsize=8)
fig.tight_layout()
fig.savefig(os.path.join(charts, "size.png"), dpi=110)
plt.close(fig)

# --- memory: wasm memory and JS heap every 10k calls ----------------------------------------
fig, ax = plt.subplots(figsize=(8, 4.2))
for mode, style in (("mix", "-"), ("validation", "--")):
    path = os.path.join(out, f"memory-{mode}.json")
    if not os.path.exists(path):
        continue
    curve = json.load(open(path))["curve"]
    x = [c["calls"] / 1000 for c in curve]
    ax.plot(x, [c["wasmBytes"] / 1048576 for c in curve], style, marker="o", color="#d62728", label=f"wasm memory ({mode})")
    ax.plot(x, [c["heapUsed"] / 1048576 for c in curve], style, marker="s", color="#1f77b4", label=f"JS heap used after GC ({mode})")
ax.set_xlabel("calls (thousands)")
ax.set_ylabel("MiB")
ax.set_ylim(bottom=0)
ax.set_title("Memory over 100,000 calls (Node)")
ax.grid(alpha=0.3)
ax.legend(fontsize=8)
fig.tight_layout()
fig.savefig(os.path.join(charts, "memory.png"), dpi=110)
plt.close(fig)
print(f"charts: {charts}/polling.png, size.png, memory.png")
