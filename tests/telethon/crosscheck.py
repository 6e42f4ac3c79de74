#!/usr/bin/env python3
"""Cross-check of our TL encoder against Telethon's (run by tests/tests/telethon.rs).

    crosscheck.py --ids          print Telethon's layer, then one line per constructor and
                                 method it knows: the id (decimal) and the TL names of the
                                 parameters its class takes
    crosscheck.py CASES.jsonl    build each case's value with Telethon, serialize it, compare
                                 with our bytes; exit 1 on any mismatch or error

A case is one JSON object per line: {"name", "seed", "value", "hex"}. A value is
{"_": constructor id, "<tl param name>": value, ...} (Telethon's `tlobjects` is keyed by id),
with lists for vectors, null for absent optional fields, JSON booleans for `Bool` and `true`
flags, and tagged objects for what JSON lacks: {"$bytes": hex}, {"$int": hex} (int128/int256:
little-endian, signed) and {"$double": hex} (the 8 little-endian bytes).
"""

import inspect
import json
import keyword
import struct
import sys

import telethon
from telethon.tl.alltlobjects import LAYER, tlobjects

SHOW = 10  # mismatches shown in full; the rest are counted


def arg_name(tl_name):
    """Telethon's Python name of a TL parameter (its generator renames these two ways)."""
    if tl_name == "self":
        return "is_self"
    if keyword.iskeyword(tl_name):
        return tl_name + "_"
    return tl_name


def tl_name(arg):
    """The inverse of `arg_name`."""
    if arg == "is_self":
        return "self"
    if arg.endswith("_") and keyword.iskeyword(arg[:-1]):
        return arg[:-1]
    return arg


# Parameters Telethon's generator writes as unsigned (`struct.pack('<I', ...)`) although the
# schema says `int`, which is signed: `channels.getMessageAuthor`'s `id`. The wire bytes of an
# int are the same 4 bytes either way, so a negative value is handed over as its unsigned
# 32-bit equivalent; were the quirk fixed, a value of 2**31 or more would fail loudly here.
UNSIGNED_INT_ARGS = {(0xECE2A0E6, "id")}


def generated_class(cls):
    """The class Telethon generated from the schema for `cls`.

    Telethon swaps a few entries of `tlobjects` for hand-written subclasses (`Message` and
    friends, in telethon/tl/patched) whose __init__ takes a different argument list; their
    encoding is the generated base class's `_bytes`, so objects are built with that base's
    __init__.
    """
    for c in cls.__mro__:
        if c.__module__.startswith(("telethon.tl.types", "telethon.tl.functions")):
            return c
    return cls


def build(value):
    if isinstance(value, list):
        return [build(v) for v in value]
    if not isinstance(value, dict):
        return value  # int, str, bool, None
    if "_" in value:
        cid = value["_"]
        cls = tlobjects[cid]
        kwargs = {}
        for k, v in value.items():
            if k == "_":
                continue
            v = build(v)
            if (cid, k) in UNSIGNED_INT_ARGS and isinstance(v, int) and v < 0:
                v &= 0xFFFFFFFF
            kwargs[arg_name(k)] = v
        obj = cls.__new__(cls)
        generated_class(cls).__init__(obj, **kwargs)
        return obj
    ((tag, hexed),) = value.items()
    raw = bytes.fromhex(hexed)
    if tag == "$bytes":
        return raw
    if tag == "$int":
        return int.from_bytes(raw, "little", signed=True)
    if tag == "$double":
        return struct.unpack("<d", raw)[0]
    raise ValueError(f"unknown tag {tag!r}")


def words(data):
    """Hex with a space every 4 bytes, as the Rust side prints."""
    h = data.hex()
    return " ".join(h[i : i + 8] for i in range(0, len(h), 8))


def check(path):
    checked = equal = 0
    problems = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            case = json.loads(line)
            checked += 1
            ours = bytes.fromhex(case["hex"])
            where = f"{case['name']} (seed {case['seed']})"
            try:
                theirs = bytes(build(case["value"]))
            except Exception as e:  # noqa: BLE001 - any failure to build is a finding
                problems.append(f"{where}: Telethon cannot build or encode it: {type(e).__name__}: {e}")
                continue
            if theirs == ours:
                equal += 1
                continue
            at = next(
                (i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b),
                min(len(ours), len(theirs)),
            )
            problems.append(
                f"{where}: bytes differ (first difference at byte {at}; "
                f"{len(ours)} vs {len(theirs)} bytes)\n"
                f"  ours:     {words(ours)}\n"
                f"  telethon: {words(theirs)}"
            )
    print(
        f"telethon {telethon.__version__} (layer {LAYER}): {checked} cases, {equal} equal, "
        f"{len(problems)} differ or fail"
    )
    for p in problems[:SHOW]:
        print(p)
    if len(problems) > SHOW:
        print(f"... and {len(problems) - SHOW} more")
    # Read by the Rust test, which checks that every case it wrote was compared.
    print(f"RESULT checked={checked} equal={equal} problems={len(problems)}")
    return 0 if not problems and checked > 0 else 1


def main(argv):
    if len(argv) == 2 and argv[1] == "--ids":
        print(LAYER)
        for i, cls in sorted(tlobjects.items()):
            init = inspect.signature(generated_class(cls).__init__)
            # A class without parameters inherits object's `(*args, **kwargs)`.
            names = [
                tl_name(name)
                for name, p in init.parameters.items()
                if name != "self" and p.kind == p.POSITIONAL_OR_KEYWORD
            ]
            print(" ".join([str(i)] + names))
        return 0
    if len(argv) == 2:
        return check(argv[1])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
