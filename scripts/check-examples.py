#!/usr/bin/env python3
"""Checks that the book's steps print what the book shows.

Usage: scripts/check-examples.py [BINARY] [--compiled] [--reference FILE] [--jobs N] [--steps 42,43,...]

Runs `BINARY stepNN` (default .build/debug/dezero-examples) for every step of the reference
(default Tests/Examples/book-examples.md, the Python DeZero's output) that has a code block, and
compares our output with it line by line:

- numbers (a regex finds them) must agree to 1e-6 relative (1e-12 absolute near zero);
- the text around them must match exactly once runs of whitespace are collapsed;
- "... (N lines) ..." in the reference elides N lines: the lines shown before it are compared
  with the head of our output, those after it with the tail, and the total must be the same;
- "(prints nothing)" means no output at all.

Steps without a reference (they need the network or a GPU) are skipped, except step 51, which
runs on generated MNIST data as a smoke test (no comparison). The steps run in a temporary
directory, so the images some of them draw are not left behind. Prints one line per step and
`N passed, M failed, K skipped` at the end; exits 1 when a step fails. Python 3 standard library
only.

With --compiled, every step whose `--help` offers `--compiled` (the training steps, whose loop
runs through DeZeroCompiler's `compile`) runs with `--compiled` appended and is compared with the
same reference: the compiled programs must print the book's numbers. The other steps are skipped.
"""

import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_BINARY = os.path.join(ROOT, ".build", "debug", "dezero-examples")
DEFAULT_REFERENCE = os.path.join(ROOT, "Tests", "Examples", "book-examples.md")
RELATIVE_TOLERANCE = 1e-6
ABSOLUTE_TOLERANCE = 1e-12
TIMEOUT_SECONDS = 600

NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|\bnan\b|\binf\b")
ELISION = re.compile(r"^\.\.\. \((\d+) lines\) \.\.\.$")
# A Python exception line: the script stopped there (step 9 ends with a deliberate TypeError);
# Swift rejects that code at compile time, so only the lines before it are compared.
PYTHON_ERROR = re.compile(r"^(Traceback \(most recent call last\):|[A-Za-z]*Error: )")

# Lines Swift cannot print as Python does: step -> [(reference line, our line, why)].
KNOWN_DIFFERENCES = {
    "step02": [("<class '__main__.Variable'>", "Variable", "Swift's type(of:) prints the bare type name")],
}

# Steps without a reference that still run, with these arguments, as smoke tests.
SMOKE_TESTS = {
    "step51": ["--synthetic", "--limit", "1000", "--epochs", "1"],
}
SMOKE_PATTERN = {
    "step51": [
        re.compile(r"^epoch: 1$"),
        re.compile(r"^train loss: \d+\.\d{4}, accuracy: \d\.\d{4}$"),
        re.compile(r"^test loss: \d+\.\d{4}, accuracy: \d\.\d{4}$"),
    ],
}


class Step:
    """One `## stepNN` section of the reference."""

    def __init__(self, name):
        self.name = name
        self.notes = []
        self.block = None  # the lines of the code block, or None

    @property
    def number(self):
        return int(self.name[4:])


def parse_reference(path):
    """The steps of the reference, in file order."""
    steps = []
    current = None
    in_block = False
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if in_block:
                if line.strip() == "```":
                    in_block = False
                else:
                    current.block.append(line)
                continue
            heading = re.match(r"^## (step\d+)\s*$", line)
            if heading:
                current = Step(heading.group(1))
                steps.append(current)
            elif current is not None and line.strip() == "```":
                current.block = []
                in_block = True
            elif current is not None and line.startswith("Note:"):
                current.notes.append(line)
    if in_block:
        raise SystemExit(f"{path}: unterminated code block in {current.name}")
    return steps


def split_numbers(line):
    """The text between numbers (whitespace collapsed) and the numbers, of one line."""
    texts, numbers = [], []
    position = 0
    for match in NUMBER.finditer(line):
        texts.append(" ".join(line[position:match.start()].split()))
        numbers.append(match.group())
        position = match.end()
    texts.append(" ".join(line[position:].split()))
    return texts, numbers


def numbers_agree(expected, actual):
    try:
        a, b = float(expected), float(actual)
    except ValueError:
        return expected == actual
    if a != a or b != b:  # NaN
        return a != a and b != b
    if a == b:
        return True
    return abs(a - b) <= max(ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE * max(abs(a), abs(b)))


def compare_line(expected, actual):
    """None when the lines agree, else what differs."""
    expected_texts, expected_numbers = split_numbers(expected)
    actual_texts, actual_numbers = split_numbers(actual)
    if expected_texts != actual_texts or len(expected_numbers) != len(actual_numbers):
        return "text differs"
    for e, a in zip(expected_numbers, actual_numbers):
        if not numbers_agree(e, a):
            return f"{a} is not {e} (tolerance {RELATIVE_TOLERANCE:g} relative)"
    return None


def expected_lines(step):
    """(head, elided, tail): the reference lines before an elision, the elided count (None without
    one) and the lines after; a Python exception and what follows it are dropped."""
    block = list(step.block)
    if block == ["(prints nothing)"]:
        block = []
    for i, line in enumerate(block):
        if PYTHON_ERROR.match(line):
            block = block[:i]
            break
    for reference_line, our_line, _ in KNOWN_DIFFERENCES.get(step.name, []):
        block = [our_line if line == reference_line else line for line in block]
    for i, line in enumerate(block):
        match = ELISION.match(line.strip())
        if match:
            return block[:i], int(match.group(1)), block[i + 1:]
    return block, None, []


def compare_output(step, output_lines):
    """A list of problems (empty when the output is what the book shows)."""
    head, elided, tail = expected_lines(step)
    problems = []
    if elided is None:
        expected_count = len(head)
        pairs = list(enumerate(zip(head, output_lines), start=1))
    else:
        expected_count = len(head) + elided + len(tail)
        pairs = list(enumerate(zip(head, output_lines), start=1))
        if len(output_lines) >= len(tail):
            first_tail = len(output_lines) - len(tail) + 1
            pairs += list(enumerate(zip(tail, output_lines[len(output_lines) - len(tail):]), start=first_tail))
    if len(output_lines) != expected_count:
        problems.append(f"{len(output_lines)} lines, the book has {expected_count}")
    for number, (expected, actual) in pairs:
        why = compare_line(expected, actual)
        if why:
            problems.append(f"line {number}: {why}\n      book: {expected}\n      ours: {actual}")
    return problems


def run_step(binary, name, arguments, directory):
    """(return code, stdout lines, stderr text, seconds) of `binary name arguments...`."""
    start = time.monotonic()
    try:
        completed = subprocess.run(
            [binary, name] + arguments, cwd=directory, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            timeout=TIMEOUT_SECONDS, text=True)
    except subprocess.TimeoutExpired:
        return None, [], f"timed out after {TIMEOUT_SECONDS} s", time.monotonic() - start
    lines = completed.stdout.splitlines()
    return completed.returncode, lines, completed.stderr, time.monotonic() - start


def supports_compiled(binary, name):
    """Whether `binary name --help` offers `--compiled`."""
    completed = subprocess.run(
        [binary, name, "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60, text=True)
    return completed.returncode == 0 and "--compiled" in completed.stdout


def check(step, binary, directory, compiled=False):
    """(passed, report) for one step, or None when it is skipped (no reference, or with
    `compiled` no `--compiled` option)."""
    if step.block is None and step.name not in SMOKE_TESTS:
        return None
    extra = []
    if compiled:
        if not supports_compiled(binary, step.name):
            return None
        extra = ["--compiled"]
    if step.block is None:
        arguments = SMOKE_TESTS[step.name] + extra
        code, lines, errors, seconds = run_step(binary, step.name, arguments, directory)
        patterns = SMOKE_PATTERN.get(step.name, [])
        problems = []
        if code != 0:
            problems.append(f"exit status {code}: {errors.strip()[-500:]}")
        elif len(lines) < len(patterns) or not all(p.match(l) for p, l in zip(patterns, lines)):
            problems.append("unexpected output:\n      " + "\n      ".join(lines[:len(patterns) + 1]))
        label = f"{step.name} (smoke test: {' '.join(arguments)}, no reference)"
        return not problems, report(label, problems, seconds)
    code, lines, errors, seconds = run_step(binary, step.name, extra, directory)
    label = " ".join([step.name] + extra)
    if code != 0:
        return False, report(label, [f"exit status {code}: {errors.strip()[-500:]}"], seconds)
    problems = compare_output(step, lines)
    if step.name in KNOWN_DIFFERENCES:
        label += " (known difference: " + "; ".join(why for _, _, why in KNOWN_DIFFERENCES[step.name]) + ")"
    return not problems, report(label, problems, seconds)


def report(label, problems, seconds):
    status = "ok" if not problems else "FAILED"
    text = f"{label}: {status} ({seconds:.2f} s)"
    for problem in problems[:5]:
        text += "\n    " + problem
    if len(problems) > 5:
        text += f"\n    ... and {len(problems) - 5} more"
    return text


def main():
    parser = argparse.ArgumentParser(description="Checks that the book's steps print what the book shows.")
    parser.add_argument("binary", nargs="?", default=DEFAULT_BINARY, help="the dezero-examples executable")
    parser.add_argument("--steps", default="", help="comma-separated steps to check (42 or step42); default: all")
    parser.add_argument("--reference", default=DEFAULT_REFERENCE, help="the book's outputs (markdown)")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, help="steps run at once")
    parser.add_argument(
        "--compiled", action="store_true",
        help="run the steps that offer --compiled with it (compiled training steps), skip the others")
    args = parser.parse_args()

    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        raise SystemExit(f"{binary} is not an executable: build it first (swift build --product dezero-examples)")
    steps = parse_reference(args.reference)
    if args.steps:
        names = [s.strip() for s in args.steps.split(",") if s.strip()]
        wanted = {s if s.startswith("step") else f"step{int(s):02d}" for s in names}
        unknown = wanted - {s.name for s in steps}
        if unknown:
            raise SystemExit(f"not in {args.reference}: {', '.join(sorted(unknown))}")
        steps = [s for s in steps if s.name in wanted]

    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="check-examples-") as directory:
        # Last steps first: the slow training steps (43-51) then do not end up running alone.
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {s.name: pool.submit(check, s, binary, directory, args.compiled) for s in reversed(steps)}
            results = {name: future.result() for name, future in futures.items()}
    passed = failed = skipped = 0
    for step in steps:
        result = results[step.name]
        if result is None:
            skipped += 1
            if args.compiled and (step.block is not None or step.name in SMOKE_TESTS):
                why = "no --compiled"
            else:
                why = " ".join(step.notes) or "no reference output"
            print(f"{step.name}: skipped ({why})")
            continue
        ok, text = result
        print(text)
        if ok:
            passed += 1
        else:
            failed += 1
    mode = " (--compiled)" if args.compiled else ""
    print(f"\nbook examples{mode}: {time.monotonic() - start:.1f} s, {args.jobs} at once")
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
