"""Merges benchmark JSON lines (ours and the peers') into one Markdown table with ratios.

A row is one of our cases: its time (or, for a memory case, its bytes), the same figure of the
compiled case over the eager one, then each peer's figure and ours over it. A peer reports a
case once, under the eager name, in its own best form (torch.compile, JAX's jit and TinyJit are
peers of their own): our compiled row ("..., compiled"), printed after the eager one, is set
beside those figures too. Peers with no figure for any of our cases (under BENCH_FILTER) are left out.
"""
import json
import sys

COMPILED = ", compiled"


def load(path):
    """The file's cases: name -> (value, unit), unit "s" or "B"."""
    rows = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                row = json.loads(line)
                rows[row["name"]] = (row["seconds"], "s") if "seconds" in row else (row["bytes"], "B")
    return rows


def fmt(cell):
    if cell is None:
        return "-"
    value, unit = cell
    if unit == "B":
        return f"{value / 1e6:.1f} MB"
    if value < 1e-5:
        return f"{value * 1e6:.3f} us"
    if value < 1e-3:
        return f"{value * 1e6:.1f} us"
    if value < 1:
        return f"{value * 1e3:.3f} ms"
    return f"{value:.3f} s"


def ratio(a, b):
    """a over b, two decimals (three below 0.1, where a 20x goal is read); "-" without both."""
    if a is None or b is None or not b[0]:
        return "-"
    r = a[0] / b[0]
    return f"{r:.3f}" if r < 0.1 else f"{r:.2f}"


def base(name):
    """The eager case of a compiled case's name; other names unchanged."""
    return name[:-len(COMPILED)] if name.endswith(COMPILED) else name


def peer_cell(rows, name):
    """The peer's figure for our case `name` (a compiled case falls back to the eager name)."""
    return rows.get(name, rows.get(base(name)))


def main():
    ours = load(sys.argv[1])
    peers = [(label, load(path)) for label, path in (arg.split("=", 1) for arg in sys.argv[2:])]
    peers = [(label, rows) for label, rows in peers if any(peer_cell(rows, name) for name in ours)]
    order = list(ours)
    names = sorted(order, key=lambda n: order.index(base(n) if base(n) in ours else n))  # compiled after eager
    header = ["case", "ours", "compiled/eager"]
    for label, _ in peers:
        header += [label, f"ours/{label}"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name in names:
        cell = ours[name]
        eager = ours.get(base(name)) if name != base(name) else None
        cells = [name, fmt(cell), ratio(cell, eager)]
        for _, rows in peers:
            peer = peer_cell(rows, name)
            cells += [fmt(peer), ratio(cell, peer)]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
