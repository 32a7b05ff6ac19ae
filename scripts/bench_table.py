"""Merges benchmark JSON lines (ours and the peers') into one Markdown table with ratios."""
import json
import sys


def load(path):
    rows = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                row = json.loads(line)
                rows[row["name"]] = row["seconds"]
    return rows


def fmt(seconds):
    if seconds is None:
        return "-"
    if seconds < 1e-5:
        return f"{seconds * 1e6:.3f} us"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.3f} ms"
    return f"{seconds:.3f} s"


def ratio(r):
    """Two decimals, three below 0.1 (where a 20x goal is read)."""
    return f"{r:.3f}" if r < 0.1 else f"{r:.2f}"


def main():
    ours = load(sys.argv[1])
    peers = [(label, load(path)) for label, path in (arg.split("=", 1) for arg in sys.argv[2:])]
    header = ["case", "ours"]
    for label, _ in peers:
        header += [label, f"ours/{label}"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name, seconds in ours.items():
        cells = [name, fmt(seconds)]
        for _, rows in peers:
            peer = rows.get(name)
            cells += [fmt(peer), ratio(seconds / peer) if peer else "-"]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
