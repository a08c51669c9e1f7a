"""Mutation score of the rule modules: does the suite notice when a documented rule changes?

Each mutant changes one thing on one line of a rule module, the way a careless edit would: a
number (n -> n + 1, or x2 for floats), a comparison (< <-> <=, > <-> >=, == <-> !=), a boolean
operator (and <-> or), a sign (+ <-> -, * <-> /), a keyword default (True <-> False). The
module's own test folder runs against a copy of the source tree holding that one mutant; a test
failure or a crash kills it, a green run means it survived.

mutmut 3 is the named peer. It mutates only code inside functions, so the module-level
constants docs/*.md name (thresholds, weights, tolerances) are outside its reach, and it copies
the sources in a way that an editable src/ install does not import (mutmut issue 486). This
script is the "equivalent" issue 18 allows.

Run:  python bench/mutation.py [--modules reconcile] [--kinds compare] [--sample 40] [--jobs 2]
Prints each surviving mutant (file:line:col, the edit, the line's text) and the score per group.

Re-run only the survivors of an earlier run, after adding tests:
      python bench/mutation.py --survivors OUTPUT [--listed-at COMMIT] [--baseline-killed N
                               --baseline-total M]
reads the "survived:" lines of that output (with or without the column and line text), finds
each mutant in the current source even if its line moved (by its line's text, printed by this
script or read from COMMIT; else the same edit nearest the old line), and prints killed or
survived for each and the combined score (the earlier run's totals, from OUTPUT unless given).
"""

from __future__ import annotations

import argparse
import ast
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

#: rule modules (issue 18) -> the tests that pin them
GROUPS: dict[str, tuple[list[str], list[str]]] = {
    "reconcile": (["src/warledger/reconcile/rules.py", "src/warledger/reconcile/estimate.py",
                   "src/warledger/reconcile/evidence.py", "src/warledger/reconcile/interval.py",
                   "src/warledger/reconcile/question.py"], ["tests/reconcile"]),
    "claims": (["src/warledger/claims/numbers.py", "src/warledger/claims/model.py",
                "src/warledger/claims/check.py", "src/warledger/claims/judge.py",
                "src/warledger/claims/evidence.py", "src/warledger/claims/fields.py"],
               ["tests/claims"]),
    "maritime": (["src/warledger/maritime/params.py", "src/warledger/maritime/detect/visits.py",
                  "src/warledger/maritime/detect/voyages.py",
                  "src/warledger/maritime/detect/gaps.py"], ["tests/maritime"]),
    "api": (["src/warledger/api/deps.py"], ["tests/api"]),
}

_COMPARE_SWAP = {ast.Lt: "<=", ast.LtE: "<", ast.Gt: ">=", ast.GtE: ">", ast.Eq: "!=",
                 ast.NotEq: "=="}
_COMPARE_TEXT = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==",
                 ast.NotEq: "!="}
_BINOP_SWAP = {ast.Add: ("+", "-"), ast.Sub: ("-", "+"), ast.Mult: ("*", "/"),
               ast.Div: ("/", "*")}


@dataclass(frozen=True)
class Mutant:
    file: str
    line: int
    col: int
    old: str
    new: str

    def label(self) -> str:
        return f"{self.file}:{self.line}: {self.old!r} -> {self.new!r}"

    @property
    def kind(self) -> str:
        if self.old in _COMPARE_TEXT.values():
            return "compare"
        if self.old in ("True", "False"):
            return "bool"
        if self.old.strip() in ("and", "or"):
            return "boolop"
        return "binop" if self.old in "+-*/" else "number"

    def full_label(self) -> str:
        """The label with the column and the line's text, so --survivors finds it again."""
        text = (REPO / self.file).read_text(encoding="utf-8").splitlines()[self.line - 1]
        return (f"{self.file}:{self.line}:{self.col}: {self.old!r} -> {self.new!r}"
                f"  # {text.strip()}")


def _docstring_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            end = body[0].end_lineno or body[0].lineno
            lines.update(range(body[0].lineno, end + 1))
    return lines


def mutants_of(rel: str) -> Iterator[Mutant]:
    """Every one-token mutant of a module, located by line and column."""
    source = (REPO / rel).read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    skip = _docstring_lines(tree)
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if line in skip or "no mutate" in (lines[line - 1] if line else ""):
            continue
        yield from _node_mutants(rel, node, lines)


def _node_mutants(rel: str, node: ast.AST, lines: list[str]) -> Iterator[Mutant]:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        text = lines[node.lineno - 1][node.col_offset:node.end_col_offset]
        value = node.value
        new = repr(value + 1) if isinstance(value, int) else repr(value * 2 if value else 1.0)
        yield Mutant(rel, node.lineno, node.col_offset, text, new)
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        yield Mutant(rel, node.lineno, node.col_offset, str(node.value), str(not node.value))
    elif isinstance(node, ast.Compare):
        lefts = [node.left, *node.comparators[:-1]]
        for op, left, right in zip(node.ops, lefts, node.comparators, strict=True):
            kind = type(op)
            if kind not in _COMPARE_SWAP:
                continue
            found = _find_between(lines, left, right, _COMPARE_TEXT[kind])
            if found:
                yield Mutant(rel, found[0], found[1], _COMPARE_TEXT[kind], _COMPARE_SWAP[kind])
    elif isinstance(node, ast.BinOp) and type(node.op) in _BINOP_SWAP:
        old, new = _BINOP_SWAP[type(node.op)]
        found = _find_between(lines, node.left, node.right, old)
        if found:
            yield Mutant(rel, found[0], found[1], old, new)
    elif isinstance(node, ast.BoolOp):
        old, new = ("and", "or") if isinstance(node.op, ast.And) else ("or", "and")
        found = _find_between(lines, node.values[0], node.values[1], f" {old} ")
        if found:
            yield Mutant(rel, found[0], found[1], f" {old} ", f" {new} ")


def _find_between(lines: list[str], left: ast.AST, right: ast.AST, token: str
                  ) -> tuple[int, int] | None:
    """Where ``token`` stands between two nodes on one line (None across lines)."""
    row = left.end_lineno or 0
    if row != getattr(right, "lineno", -1):
        return None
    text = lines[row - 1]
    start = text.find(token, left.end_col_offset or 0, right.col_offset)  # type: ignore[attr-defined]
    return (row, start) if start >= 0 else None


def apply(source: str, mutant: Mutant) -> str:
    lines = source.splitlines(keepends=True)
    text = lines[mutant.line - 1]
    assert text[mutant.col:mutant.col + len(mutant.old)] == mutant.old, mutant
    lines[mutant.line - 1] = text[:mutant.col] + mutant.new + text[mutant.col + len(mutant.old):]
    return "".join(lines)


def run_mutant(mutant: Mutant, tests: list[str], timeout: float) -> bool:
    """True when the tests kill the mutant (fail, error or time out)."""
    with tempfile.TemporaryDirectory(prefix="mutant-") as tmp:
        copy = Path(tmp) / "repo"
        shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(
            ".git", "__pycache__", ".pytest_cache", "test-output", "bench", "*.db*"))
        target = copy / mutant.file
        target.write_text(apply(target.read_text(encoding="utf-8"), mutant), encoding="utf-8")
        cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
               "-m", "not spark and not browser and not postgres", *tests]
        env = {"PYTHONPATH": str(copy / "src"), "PATH": "/usr/bin:/bin",
               "HOME": tmp, "PYTHONDONTWRITEBYTECODE": "1"}
        try:
            done = subprocess.run(cmd, cwd=copy, env=env, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return True
        return done.returncode not in (0, 5)


_LISTED = re.compile(r"survived: (?P<file>\S+?):(?P<line>\d+)(?::(?P<col>\d+))?: "
                     r"(?P<old>'[^']*'|\"[^\"]*\") -> (?P<new>'[^']*'|\"[^\"]*\")"
                     r"(?:  # (?P<text>.*))?$")
_SCORE = re.compile(r"^(?P<group>\w+): (?P<killed>\d+)/(?P<total>\d+) killed")
#: how far (in lines) a listed mutant without its line's text is looked for when its line moved
NEARBY = 40


@dataclass(frozen=True)
class Listed:
    """A survivor as an earlier run printed it."""
    file: str
    line: int
    col: int | None
    old: str
    new: str
    text: str | None

    def label(self) -> str:
        return f"{self.file}:{self.line}: {self.old!r} -> {self.new!r}"


def read_survivors(path: Path) -> tuple[list[Listed], int, int]:
    """The survivors listed in an earlier run's output, and that run's killed and total counts."""
    listed: list[Listed] = []
    killed = total = 0
    for row in path.read_text(encoding="utf-8").splitlines():
        score = _SCORE.match(row)
        if score and score["group"] != "all":
            killed += int(score["killed"])
            total += int(score["total"])
        elif found := _LISTED.search(row):
            listed.append(Listed(found["file"], int(found["line"]),
                                 int(found["col"]) if found["col"] else None,
                                 ast.literal_eval(found["old"]), ast.literal_eval(found["new"]),
                                 found["text"]))
    return listed, killed, total


def locate(entry: Listed) -> list[Mutant]:
    """The current mutants that are the listed one: same file and edit, on a line with the same
    text (or, when no text was printed, the same line or one within NEARBY lines), nearest the
    old line first; several only when the edit occurs more than once on that line."""
    path = REPO / entry.file
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    same = [m for m in mutants_of(entry.file) if (m.old, m.new) == (entry.old, entry.new)]
    if entry.text is not None:
        same = [m for m in same if lines[m.line - 1].strip() == entry.text]
    else:
        same = [m for m in same if abs(m.line - entry.line) <= NEARBY]
    if not same:
        return []
    nearest = min(abs(m.line - entry.line) for m in same)
    same = [m for m in same if abs(m.line - entry.line) == nearest]
    by_col = [m for m in same if m.col == entry.col]
    return sorted(by_col or same, key=lambda m: m.col)


def _with_text_at(commit: str, entry: Listed) -> Listed:
    """The listed mutant with its line's text as it read at ``commit`` (older outputs print
    no text; with it a moved line is found by its text, not by the nearest alike edit)."""
    if entry.text is not None:
        return entry
    shown = subprocess.run(["git", "show", f"{commit}:{entry.file}"], cwd=REPO,
                           capture_output=True, text=True, check=False)
    lines = shown.stdout.splitlines()
    if shown.returncode or not 0 < entry.line <= len(lines):
        return entry
    return Listed(entry.file, entry.line, entry.col, entry.old, entry.new,
                  lines[entry.line - 1].strip())


def rerun_survivors(args: argparse.Namespace) -> None:
    listed, base_killed, base_total = read_survivors(Path(args.survivors))
    if args.listed_at:
        listed = [_with_text_at(args.listed_at, entry) for entry in listed]
    base_killed = base_killed if args.baseline_killed is None else args.baseline_killed
    base_total = base_total if args.baseline_total is None else args.baseline_total
    found = {entry: locate(entry) for entry in listed}
    unique = sorted({m for ms in found.values() for m in ms}, key=lambda m: (m.file, m.line, m.col))
    tests = {m: next(t for fs, t in GROUPS.values() if m.file in fs) for m in unique}
    with ThreadPoolExecutor(args.jobs) as pool:
        killed = dict(zip(unique, pool.map(
            lambda m: run_mutant(m, tests[m], args.timeout), unique), strict=True))
    # entries that share candidates (one edit twice on a line, no column printed) take the
    # surviving candidates first, so an ambiguous mutant is never counted as killed
    shared: dict[tuple[Mutant, ...], list[Mutant]] = {}
    n_killed = lost = 0
    for entry in listed:
        key = tuple(found[entry])
        if not key:
            lost += 1
            print(f"  not found: {entry.label()} (that edit is no longer on that line or near it)")
            continue
        queue = shared.setdefault(key, sorted(key, key=lambda m: killed[m]))
        if not queue:
            lost += 1
            print(f"  not found: {entry.label()} (listed more often than the edit occurs)")
            continue
        mutant = queue.pop(0)
        n_killed += killed[mutant]
        print(f"  {'killed' if killed[mutant] else 'survived'}: {mutant.full_label()}")
        if mutant.line != entry.line:
            print(f"    (listed at line {entry.line})")
        if len(key) > 1:
            print(f"    (one of {len(key)} alike edits on that line)")
    print(f"re-run: {n_killed}/{len(listed)} listed survivors killed, {lost} not found")
    if base_total:
        score = base_killed + n_killed
        print(f"combined: {score}/{base_total} killed ({100 * score / base_total:.1f} %) = "
              f"{base_killed} in the earlier run + {n_killed} now")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", nargs="*", default=list(GROUPS), choices=list(GROUPS))
    parser.add_argument("--sample", type=int, default=0,
                        help="mutants per group, drawn at random (0 = all)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--kinds", nargs="*", default=[],
                        choices=["number", "bool", "compare", "binop", "boolop"],
                        help="only mutants of these kinds (default: all)")
    parser.add_argument("--survivors", metavar="OUTPUT",
                        help="re-run only the survivors listed in an earlier run's output")
    parser.add_argument("--listed-at", metavar="COMMIT",
                        help="the commit the earlier run mutated (finds moved lines by text)")
    parser.add_argument("--baseline-killed", type=int, help="killed in the earlier run")
    parser.add_argument("--baseline-total", type=int, help="mutants in the earlier run")
    args = parser.parse_args()
    if args.survivors:
        rerun_survivors(args)
        return
    rng = random.Random(args.seed)
    total_killed = total = 0
    for group in args.modules:
        files, tests = GROUPS[group]
        mutants = [m for f in files if (REPO / f).is_file() for m in mutants_of(f)
                   if not args.kinds or m.kind in args.kinds]
        chosen = rng.sample(mutants, args.sample) if 0 < args.sample < len(mutants) else mutants
        started = time.perf_counter()
        with ThreadPoolExecutor(args.jobs) as pool:
            killed = list(pool.map(partial(run_mutant, tests=tests, timeout=args.timeout),
                                   chosen))
        survivors = [m for m, k in zip(chosen, killed, strict=True) if not k]
        n_killed = len(chosen) - len(survivors)
        total_killed += n_killed
        total += len(chosen)
        share = 100 * n_killed / max(len(chosen), 1)
        print(f"{group}: {n_killed}/{len(chosen)} killed ({share:.0f} %) of {len(mutants)} "
              f"mutants, {time.perf_counter() - started:.0f} s")
        for m in survivors:
            print(f"  survived: {m.full_label()}")
    print(f"all: {total_killed}/{total} killed ({100 * total_killed / max(total, 1):.0f} %)")


if __name__ == "__main__":
    main()
