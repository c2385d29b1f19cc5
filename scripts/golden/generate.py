#!/usr/bin/python3
"""Write poolcheck's golden corpus from real PyTorch.

Every expected output in golden/ is what PyTorch itself returned (or raised) for the case's
input and options; nothing here computes an expected value. The script only chooses inputs,
calls torch.nn.functional.max_pool{1,2,3}d(return_indices=True) / max_unpool{1,2,3}d, and
writes what came back. golden/README.md documents the format.

Deterministic: the same seed, PyTorch and Python give byte-identical files (one thread,
seeded random.Random per category, no timestamps).

Version-aware: with PyTorch 1.x the cases are regenerated (PyTorch 1.13's real output) and
golden/profiles/pytorch-2.jsonl holds the PyTorch 2 expectation of each case where it differs,
derived from PyTorch 2's source (scripts/golden/profiles.py, basis "source"). With PyTorch 2.x the
1.13 cases are kept as they are (from --base) and every case is run through the installed PyTorch:
the profile file then lists each case whose outcome differs, as measured (basis "measured").

Usage: /usr/bin/python3 scripts/golden/generate.py --out DIR [--seed N] [--base GOLDEN_DIR]
"""

import argparse
import hashlib
import json
import os
import platform
import random
import re
import struct
import subprocess
import sys

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # the caller (poolcheck golden update) turns this exit code into advice
    sys.stderr.write(
        "PyTorch is not importable from %s; install it with scripts/install-torch.sh\n" % sys.executable
    )
    sys.exit(3)

import profiles  # scripts/golden/profiles.py: the PyTorch 2 profile's expectations

# PyTorch 1.x writes the corpus; PyTorch 2.x measures the pytorch-2 profile against it.
# POOLCHECK_GOLDEN_MEASURE_PROFILE=1 takes the PyTorch 2 path with any PyTorch, so that the path can
# be exercised without one (under 1.13 it must find no difference and keep every case byte for byte).
TORCH_MAJOR = 2 if os.environ.get("POOLCHECK_GOLDEN_MEASURE_PROFILE") == "1" else int(torch.__version__.split(".")[0])
PROFILE_FORMAT = "poolcheck-golden-profile"

GENERATOR_VERSION = "1.0.0"
SCHEMA_VERSION = 1
DEFAULT_SEED = 1913
CASES_FORMAT = "poolcheck-golden-cases"

# A tensor is written as runs of equal elements only when that is at least 4 times shorter;
# in practice only the large, mostly constant planes (indices beyond 2^16) qualify.
RUNS_FACTOR = 4

# ---------------------------------------------------------------------------------------------
# Bit-exact value encoding (see golden/README.md, "Value tokens")
# ---------------------------------------------------------------------------------------------

DTYPES = {
    "float32": dict(torch=torch.float32, int=torch.int32, bits=32, frac=23, hex=8, f="<f", i="<I"),
    "float64": dict(torch=torch.float64, int=torch.int64, bits=64, frac=52, hex=16, f="<d", i="<Q"),
}


class Bits:
    """An input element given by its bit pattern (NaN payloads, signalling NaNs)."""

    def __init__(self, float32, float64):
        self.by_dtype = {"float32": float32, "float64": float64}


# NaNs with distinct payloads, so a result shows which input element it was copied from.
NAN_A = Bits(0x7FC00000, 0x7FF8000000000000)  # the canonical quiet NaN
NAN_B = Bits(0x7FC0BEEF, 0x7FF800000000BEEF)
NAN_C = Bits(0xFFC12345, 0xFFF8000000012345)  # sign bit set
NAN_S = Bits(0x7F800001, 0x7FF0000000000001)  # signalling
NANS = [NAN_A, NAN_B, NAN_C, NAN_S]
INF = float("inf")
NEG_ZERO = -0.0


def element_bits(value, dtype):
    info = DTYPES[dtype]
    if isinstance(value, Bits):
        return value.by_dtype[dtype]
    return struct.unpack(info["i"], struct.pack(info["f"], value))[0]


def token_of_bits(bits, dtype):
    """The JSON token for one element: a number, or a string for -0, ±inf and NaN (with bits)."""
    info = DTYPES[dtype]
    width, frac_width = info["bits"], info["frac"]
    exponent_mask = (1 << (width - 1 - frac_width)) - 1
    exponent = (bits >> frac_width) & exponent_mask
    fraction = bits & ((1 << frac_width) - 1)
    negative = bits >> (width - 1)
    if exponent == exponent_mask:
        if fraction == 0:
            return "-inf" if negative else "inf"
        return "nan:%0*x" % (info["hex"], bits)
    if bits == 1 << (width - 1):
        return "-0"
    value = struct.unpack(info["f"], struct.pack(info["i"], bits))[0]
    if value.is_integer() and abs(value) <= 2 ** 53:
        return int(value)
    return value  # json writes repr(): the shortest decimal that reads back as this double


def tensor_bits(t, dtype):
    info = DTYPES[dtype]
    mask = (1 << info["bits"]) - 1
    return [b & mask for b in t.contiguous().view(info["int"]).flatten().tolist()]


def encode_tensor(t):
    dtype = {torch.float32: "float32", torch.float64: "float64"}[t.dtype]
    tokens = [token_of_bits(b, dtype) for b in tensor_bits(t, dtype)]
    encoded = {"dtype": dtype, "shape": list(t.shape)}
    runs = []
    for token in tokens:
        if runs and same_token(runs[-1][1], token):
            runs[-1][0] += 1
        else:
            runs.append([1, token])
    if tokens and len(runs) * RUNS_FACTOR <= len(tokens):
        encoded["runs"] = runs
    else:
        encoded["data"] = tokens
    return encoded


def same_token(a, b):
    return type(a) is type(b) and a == b


def encode_indices(t):
    data = t.flatten().tolist()
    assert len(data) <= 4096, "index tensors are written densely; keep them small"
    return {"shape": list(t.shape), "data": data}


def make_tensor(shape, dtype, values):
    info = DTYPES[dtype]
    numel = 1
    for size in shape:
        numel *= size
    assert len(values) == numel, (shape, len(values))
    half = 1 << (info["bits"] - 1)
    signed = []
    for v in values:
        b = element_bits(v, dtype)
        signed.append(b - (half << 1) if b >= half else b)
    return torch.tensor(signed, dtype=info["int"]).view(info["torch"]).reshape(shape)


def make_index_tensor(shape, values):
    return torch.tensor(values, dtype=torch.long).reshape(shape)


# ---------------------------------------------------------------------------------------------
# Calling PyTorch and recording what it did
# ---------------------------------------------------------------------------------------------

POOL_FN = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
UNPOOL_FN = {1: F.max_unpool1d, 2: F.max_unpool2d, 3: F.max_unpool3d}


def call_pool(rank, x, options):
    """Options use poolcheck's names; a key that is absent was not passed to PyTorch."""
    kwargs = {"kernel_size": options["kernelSize"], "return_indices": True}
    for ours, theirs in (("stride", "stride"), ("padding", "padding"), ("dilation", "dilation"),
                         ("ceilMode", "ceil_mode")):
        if ours in options:
            kwargs[theirs] = options[ours]
    return POOL_FN[rank](x, **kwargs)


def call_unpool(rank, x, indices, options):
    kwargs = {"kernel_size": options["kernelSize"]}
    for ours, theirs in (("stride", "stride"), ("padding", "padding"), ("outputSize", "output_size")):
        if ours in options:
            kwargs[theirs] = options[ours]
    return UNPOOL_FN[rank](x, indices, **kwargs)


def error_of(exc):
    message = str(exc)
    # PyTorch 1.13 prints no C++ trace unless TORCH_SHOW_CPP_STACKTRACES is set (main() unsets it).
    assert "\n" not in message, message
    return {"type": type(exc).__name__, "message": message}


def rank_of(category, op):
    """Categories are named <op><rank>d-<topic>, e.g. pool2d-nan, unpool3d-errors."""
    match = re.match(r"^%s([123])d-" % op, category)
    assert match, "category %r should start with %s1d-, %s2d- or %s3d-" % (category, op, op, op)
    return int(match.group(1))


class Corpus:
    def __init__(self, seed, measuring_profile=False):
        self.seed = seed
        self.categories = {}
        # With PyTorch 2 the outcomes are the profile's, so a case may change verdict.
        self.measuring_profile = measuring_profile
        # {id: {"basis", "expected", "rule"}}: PyTorch 2 expectations that differ from 1.13's.
        self.overrides = {}

    def rng(self, category):
        return random.Random("%d:%s" % (self.seed, category))

    def _add(self, category, case, expect):
        cases = self.categories.setdefault(category, [])
        case["id"] = "%s/%04d" % (category, len(cases))
        case["category"] = category
        got = "error" if "error" in case["expected"] else "ok"
        if expect != "any" and got != expect and not self.measuring_profile:
            raise AssertionError("case %s: expected %s, PyTorch gave %s: %s" % (
                case["id"], expect, got, json.dumps(case["expected"])[:300]))
        cases.append(case)

    def pool(self, category, description, x, options, expect="ok"):
        rank = rank_of(category, "pool")
        case = {"description": description, "op": "maxPool%dd" % rank, "input": encode_tensor(x),
                "options": options}
        try:
            values, indices = call_pool(rank, x, options)
            case["expected"] = {"values": encode_tensor(values), "indices": encode_indices(indices)}
        except Exception as exc:  # PyTorch raised: the error is the expected result
            case["expected"] = {"error": error_of(exc)}
        self._add(category, case, expect)
        if TORCH_MAJOR < 2:
            override = profiles.derive_pool(torch, F, rank, x, options, case["expected"], encode_tensor, encode_indices)
            if override is not None:
                self.overrides[case["id"]] = dict(override, basis="source")

    def unpool(self, category, description, x, indices, options, expect="ok"):
        rank = rank_of(category, "unpool")
        case = {"description": description, "op": "maxUnpool%dd" % rank, "input": encode_tensor(x),
                "indices": encode_indices(indices), "options": options}
        try:
            case["expected"] = {"output": encode_tensor(call_unpool(rank, x, indices, options))}
        except Exception as exc:
            case["expected"] = {"error": error_of(exc)}
        self._add(category, case, expect)


# ---------------------------------------------------------------------------------------------
# Size rules (used only to choose interesting configurations; PyTorch gives the results)
# ---------------------------------------------------------------------------------------------

def pool_out_len(length, k, s, p, d, ceil):
    num = length + 2 * p - d * (k - 1) - 1
    if ceil:
        out = (num + s - 1) // s + 1
        if (out - 1) * s >= length + p:
            out -= 1
        return out
    return num // s + 1


def window_taps(o, length, k, s, p, d):
    start = o * s - p
    return [start + j * d for j in range(k) if 0 <= start + j * d < length]


def has_all_padding_window(length, k, s, p, d, ceil):
    out = pool_out_len(length, k, s, p, d, ceil)
    return out >= 1 and any(not window_taps(o, length, k, s, p, d) for o in range(out))


def ceil_drops_last_window(length, k, s, p, d):
    num = length + 2 * p - d * (k - 1) - 1
    undropped = (num + s - 1) // s + 1
    return num >= 0 and undropped != pool_out_len(length, k, s, p, d, True)


def unpool_default_len(length, k, s, p):
    return (length - 1) * s + k - 2 * p


# ---------------------------------------------------------------------------------------------
# Input values
# ---------------------------------------------------------------------------------------------

def numel(shape):
    n = 1
    for size in shape:
        n *= size
    return n


def distinct_values(rng, n):
    values = [float(v - n // 2) for v in range(n)]
    rng.shuffle(values)
    return values


def tie_values(rng, n, choices=(0.0, 1.0)):
    return [rng.choice(choices) for _ in range(n)]


def uniform_values(rng, n, low=-50.0, high=50.0):
    return [rng.uniform(low, high) for _ in range(n)]


def any_values(rng, n):
    style = rng.choice(["distinct", "ties", "uniform", "ints"])
    if style == "distinct":
        return distinct_values(rng, n)
    if style == "ties":
        return tie_values(rng, n, (-1.0, 0.0, 2.0))
    if style == "ints":
        return [float(rng.randint(-9, 9)) for _ in range(n)]
    return uniform_values(rng, n)


def small_ints(rng, n):
    return [float(rng.randint(-9, 9)) for _ in range(n)]


def sprinkle(rng, values, specials, probability):
    return [rng.choice(specials) if rng.random() < probability else v for v in values]


# ---------------------------------------------------------------------------------------------
# Configurations
# ---------------------------------------------------------------------------------------------

class Axis:
    def __init__(self, length, k, s, p=0, d=1):
        self.length, self.k, self.s, self.p, self.d = length, k, s, p, d


def random_axis(rng, kmax=4, smax=3, padding=False, dilation=False, overlap=None, extra=4):
    k = rng.randint(1, kmax)
    if overlap is True:
        k = max(k, 2)
        s = rng.randint(1, k - 1)
    elif overlap is False:
        s = rng.randint(k, max(k, smax))
    else:
        s = rng.randint(1, smax)
    p = rng.randint(0, k // 2) if padding else 0
    d = rng.randint(1, 3) if dilation else 1
    shortest = max(1, d * (k - 1) + 1 - 2 * p)
    return Axis(rng.randint(shortest, shortest + extra), k, s, p, d)


def per_axis(rng, values, allow_scalar=True):
    """One number when every axis agrees (sometimes), else one number per axis."""
    if allow_scalar and all(v == values[0] for v in values) and rng.random() < 0.6:
        return values[0]
    return list(values)


def pool_options(rng, axes, ceil=False, always_stride=False):
    options = {"kernelSize": per_axis(rng, [a.k for a in axes])}
    strides = [a.s for a in axes]
    if always_stride or strides != [a.k for a in axes] or rng.random() < 0.5:
        options["stride"] = per_axis(rng, strides)
    if any(a.p for a in axes) or rng.random() < 0.2:
        options["padding"] = per_axis(rng, [a.p for a in axes])
    if any(a.d != 1 for a in axes) or rng.random() < 0.2:
        options["dilation"] = per_axis(rng, [a.d for a in axes])
    if ceil:
        options["ceilMode"] = True
    elif rng.random() < 0.1:
        options["ceilMode"] = False
    return options


def batch_prefix(rng, batched=True, n_choices=(2, 3), c_choices=(2, 3)):
    c = rng.choice(c_choices)
    return [rng.choice(n_choices), c] if batched else [c]


def valid_for(axes, ceil):
    return all(pool_out_len(a.length, a.k, a.s, a.p, a.d, ceil) >= 1 for a in axes)


def dtype_for(i):
    return "float32" if i % 2 == 0 else "float64"


def describe(axes, ceil, note=""):
    parts = []
    for name, attr, default in (("k", "k", None), ("s", "s", None), ("p", "p", 0), ("d", "d", 1)):
        values = [getattr(a, attr) for a in axes]
        if default is None or any(v != default for v in values):
            parts.append(name + "x".join(str(v) for v in values))
    text = "L" + "x".join(str(a.length) for a in axes) + " " + " ".join(parts) + (" ceil" if ceil else "")
    return text + ("; " + note if note else "")


# ---------------------------------------------------------------------------------------------
# Pool categories
# ---------------------------------------------------------------------------------------------

def pool_cases_from_axes(corpus, category, rng, count, make_axes,
                         ceil=lambda rng: rng.random() < 0.3, batched=lambda rng: True, note=""):
    """`count` pool cases on valid configurations drawn by make_axes, with any_values inputs."""
    i = 0
    attempts = 0
    while i < count:
        attempts += 1
        assert attempts < count * 200, "cannot find configurations for " + category
        axes = make_axes(rng)
        use_ceil = ceil(rng)
        if not valid_for(axes, use_ceil):
            continue
        shape = batch_prefix(rng, batched(rng)) + [a.length for a in axes]
        dtype = dtype_for(i)
        x = make_tensor(shape, dtype, any_values(rng, numel(shape)))
        corpus.pool(category, describe(axes, use_ceil, note), x, pool_options(rng, axes, use_ceil))
        i += 1


def add_pool_categories(corpus, rank):
    pre = "pool%dd-" % rank

    def axes_of(**kw):
        return lambda rng: [random_axis(rng, **kw) for _ in range(rank)]

    cat = pre + "basic"
    pool_cases_from_axes(corpus, cat, corpus.rng(cat), 24, axes_of(kmax=3, smax=3),
                         ceil=lambda rng: False)

    cat = pre + "unbatched"
    pool_cases_from_axes(corpus, cat, corpus.rng(cat), 16,
                         axes_of(kmax=3, smax=3, padding=True, dilation=True),
                         batched=lambda rng: False, note="unbatched (C, ...spatial)")

    add_odd_sizes(corpus, rank)

    cat = pre + "ceil-mode"
    rng = corpus.rng(cat)
    dropping = [Axis(L, k, s, p, 1) for L in range(1, 12) for k in range(1, 5) for s in range(1, 5)
                for p in range(0, k // 2 + 1) if ceil_drops_last_window(L, k, s, p, 1)]
    partial = [Axis(L, k, s, p, d) for L in range(1, 12) for k in range(1, 5) for s in range(2, 5)
               for p in range(0, k // 2 + 1) for d in (1, 2)
               if pool_out_len(L, k, s, p, d, True) > pool_out_len(L, k, s, p, d, False) >= 1]
    for i in range(24):
        if i < 12:
            special = rng.choice(dropping)
            note = "last window would start in the right padding and is dropped"
        else:
            special = rng.choice(partial)
            note = "ceil mode adds a last window hanging past the end"
        others = [random_axis(rng, kmax=3, smax=3, padding=True) for _ in range(rank - 1)]
        axes = others[: i % rank] + [special] + others[i % rank:]
        if not valid_for(axes, True):
            axes = [special] * rank
        shape = batch_prefix(rng, i % 5 != 4) + [a.length for a in axes]
        x = make_tensor(shape, dtype_for(i), any_values(rng, numel(shape)))
        corpus.pool(cat, describe(axes, True, note), x, pool_options(rng, axes, True))

    cat = pre + "padding"
    rng = corpus.rng(cat)
    for i in range(16):
        axes = []
        for _ in range(rank):
            k = rng.randint(1, 5)
            p = k // 2 if i < 10 or rng.random() < 0.5 else rng.randint(0, k // 2)
            s = rng.randint(1, 3)
            shortest = max(1, k - 1 + 1 - 2 * p)
            axes.append(Axis(rng.randint(shortest, shortest + 4), k, s, p, 1))
        use_ceil = i % 4 == 3
        shape = batch_prefix(rng) + [a.length for a in axes]
        values = any_values(rng, numel(shape))
        if i % 3 == 0:  # negative values: padding must never be read as 0
            values = [-abs(v) - 1.0 for v in values]
        x = make_tensor(shape, dtype_for(i), values)
        corpus.pool(cat, describe(axes, use_ceil, "padding up to the limit k//2"), x,
                    pool_options(rng, axes, use_ceil))

    def dilated_axes(rng):
        axes = [random_axis(rng, kmax=4, smax=3, padding=True, dilation=True) for _ in range(rank)]
        if all(a.d == 1 for a in axes):  # make sure at least one axis is dilated
            a = axes[rng.randrange(rank)]
            a.k, a.d = max(a.k, 2), 2
            a.length = max(a.length, 2 * a.k - 1) + rng.randint(0, 2)
        for a in axes:  # a kernel of 1 makes dilation meaningless
            if a.d > 1 and a.k == 1:
                a.k, a.length = 2, max(a.length, a.d + 1)
        return axes

    cat = pre + "dilation"
    pool_cases_from_axes(corpus, cat, corpus.rng(cat), 16, dilated_axes)

    cat = pre + "all-padding-windows"
    rng = corpus.rng(cat)
    candidates = [(Axis(L, k, s, p, d), ceil) for L in range(1, 7) for k in range(2, 5)
                  for s in range(1, 4) for d in range(2, 5) for p in range(1, k // 2 + 1)
                  for ceil in (False, True) if has_all_padding_window(L, k, s, p, d, ceil)]
    first = [(Axis(2, 2, 1, 1, 3), False)]  # SEMANTICS gotcha 3: -inf with index 2
    for i in range(10):
        special, use_ceil = first[0] if i == 0 else rng.choice(candidates)
        others = []
        while len(others) < rank - 1:
            other = random_axis(rng, kmax=3, smax=2, padding=True)
            if pool_out_len(other.length, other.k, other.s, other.p, other.d, use_ceil) >= 1:
                others.append(other)
        axes = others[: i % rank] + [special] + others[i % rank:]
        if i % 3 == 2:  # every axis lies in padding somewhere
            axes = [special] * rank
        shape = batch_prefix(rng, i % 4 != 3) + [a.length for a in axes]
        x = make_tensor(shape, dtype_for(i), any_values(rng, numel(shape)))
        corpus.pool(cat, describe(axes, use_ceil, "a window lies wholly in padding (-inf, out-of-range index)"),
                    x, pool_options(rng, axes, use_ceil))

    cat = pre + "overlapping"
    pool_cases_from_axes(corpus, cat, corpus.rng(cat), 12,
                         axes_of(kmax=4, overlap=True, padding=True), note="stride < kernel")

    if rank > 1:
        cat = pre + "asymmetric"
        rng = corpus.rng(cat)
        i = 0
        while i < 20:
            ks = rng.sample(range(1, 6), rank)
            ss = rng.sample(range(1, 5), rank)
            ds = rng.sample(range(1, 4), rank) if i % 2 == 0 else [1] * rank
            axes = []
            for k, s, d in zip(ks, ss, ds):
                p = rng.randint(0, k // 2)
                shortest = max(1, d * (k - 1) + 1 - 2 * p)
                axes.append(Axis(rng.randint(shortest, shortest + 3), k, s, p, d))
            use_ceil = i % 3 == 1
            if not valid_for(axes, use_ceil) or len({a.length for a in axes}) < rank:
                continue
            shape = batch_prefix(rng) + [a.length for a in axes]
            x = make_tensor(shape, dtype_for(i), distinct_values(rng, numel(shape)))
            options = pool_options(rng, axes, use_ceil, always_stride=True)
            corpus.pool(cat, describe(axes, use_ceil, "different kernel, stride, padding, dilation per axis"),
                        x, options)
            i += 1

    add_value_categories(corpus, rank)
    add_large_plane_pool(corpus, rank)

    cat = pre + "empty-batch"
    rng = corpus.rng(cat)
    for i in range(3):
        axes = [random_axis(rng, kmax=3, padding=True) for _ in range(rank)]
        shape = [0, i + 1] + [a.length for a in axes]
        corpus.pool(cat, describe(axes, False, "N = 0 gives an empty result"),
                    make_tensor(shape, dtype_for(i), []), pool_options(rng, axes))

    add_option_forms(corpus, rank)

    cat = pre + "random"
    rng = corpus.rng(cat)
    specials = [INF, -INF, NEG_ZERO, 0.0] + NANS
    i = 0
    while i < 60:
        axes = [random_axis(rng, kmax=4, smax=3, padding=rng.random() < 0.5, dilation=rng.random() < 0.4)
                for _ in range(rank)]
        use_ceil = rng.random() < 0.3
        if not valid_for(axes, use_ceil):
            continue
        shape = batch_prefix(rng, rng.random() < 0.8, (1, 2, 3), (1, 2, 3, 4)) + [a.length for a in axes]
        values = any_values(rng, numel(shape))
        if rng.random() < 0.4:
            values = sprinkle(rng, values, specials, 0.1)
        x = make_tensor(shape, dtype_for(i), values)
        corpus.pool(cat, describe(axes, use_ceil, "random mix"), x, pool_options(rng, axes, use_ceil))
        i += 1

    add_pool_errors(corpus, rank)


def add_odd_sizes(corpus, rank):
    cat = "pool%dd-odd-sizes" % rank
    rng = corpus.rng(cat)
    story = {1: [65], 2: [65, 65], 3: [9, 11, 13]}[rank]
    for i, ceil in enumerate((False, True)):
        shape = ([1, 2] if rank > 1 else [2, 3]) + story
        values = [float(rng.randint(-99, 99)) for _ in range(numel(shape))]
        options = {"kernelSize": 2, "stride": 2}
        if ceil:
            options["ceilMode"] = True
        corpus.pool(cat, "the 65 story: odd length, k2 s2" + (" ceil" if ceil else " (last element never read)"),
                    make_tensor(shape, dtype_for(i), values), options)
    i = 2
    while i < 20:
        axes = []
        for _ in range(rank):
            axis = random_axis(rng, kmax=4, smax=3, padding=rng.random() < 0.5, extra=8 if rank < 3 else 4)
            if axis.length % 2 == 0:
                axis.length += 1
            axes.append(axis)
        use_ceil = i % 2 == 1
        if not valid_for(axes, use_ceil):
            continue
        shape = batch_prefix(rng) + [a.length for a in axes]
        x = make_tensor(shape, dtype_for(i), any_values(rng, numel(shape)))
        corpus.pool(cat, describe(axes, use_ceil, "odd lengths"), x, pool_options(rng, axes, use_ceil))
        i += 1


def add_value_categories(corpus, rank):
    pre = "pool%dd-" % rank

    def run(category, count, make_values, note, kmax=3, padding=False):
        rng = corpus.rng(category)
        i = 0
        while i < count:
            axes = [random_axis(rng, kmax=kmax, smax=3, padding=padding or rng.random() < 0.3,
                                overlap=None) for _ in range(rank)]
            if not valid_for(axes, False):
                continue
            shape = batch_prefix(rng, i % 6 != 5) + [a.length for a in axes]
            values, text = make_values(rng, numel(shape), i)
            x = make_tensor(shape, dtype_for(i), values)
            corpus.pool(category, describe(axes, False, text or note), x, pool_options(rng, axes))
            i += 1

    def ties(rng, n, i):
        if i % 4 == 0:
            return [3.0] * n, "constant input: every window is a tie"
        return tie_values(rng, n, [(0.0, 1.0), (-1.0, 0.0, 1.0), (5.0, 7.0)][i % 3]), ""
    run(pre + "ties", 16, ties, "many ties: first in scan order wins", kmax=4)

    def nans(rng, n, i):
        values = any_values(rng, n)
        if i % 5 == 0:
            position = rng.randrange(n)
            values[position] = rng.choice(NANS)
            return values, "one NaN"
        if i % 5 == 1:
            return [rng.choice(NANS) for _ in range(n)], "every element NaN, distinct payloads: last wins"
        if i % 5 == 2:  # NaN early, larger numbers after it
            values = [float(v) for v in range(n)]
            for j in range(0, n, 3):
                values[j] = NANS[(j // 3) % len(NANS)]
            return values, "NaN followed by larger numbers still wins"
        return sprinkle(rng, values, NANS, 0.25), "several NaNs with distinct payloads"
    run(pre + "nan", 20, nans, "", kmax=4, padding=True)

    def infs(rng, n, i):
        if i % 4 == 0:
            return [-INF] * n, "all -inf: index of the first tap"
        if i % 4 == 1:
            return tie_values(rng, n, (INF, -INF)), "+inf ties"
        return sprinkle(rng, uniform_values(rng, n), [INF, -INF], 0.3), "±inf mixed with finite values"
    run(pre + "inf", 12, infs, "", kmax=4, padding=True)

    def zeros(rng, n, i):
        if i % 3 == 0:
            return [NEG_ZERO if j % 2 == 0 else 0.0 for j in range(n)], "-0 before +0: -0 wins as a tie"
        if i % 3 == 1:
            return [0.0 if j % 2 == 0 else NEG_ZERO for j in range(n)], "+0 before -0: +0 wins as a tie"
        return tie_values(rng, n, (NEG_ZERO, 0.0, -1.0)), "random ±0 and -1"
    run(pre + "signed-zero", 10, zeros, "", kmax=4)

    def negatives(rng, n, i):
        if i % 2 == 0:
            return [-abs(v) - 0.5 for v in uniform_values(rng, n)], ""
        return [float(-1 - rng.randint(0, 3)) for _ in range(n)], "negative with ties"
    run(pre + "all-negative", 10, negatives, "every value negative (an initial maximum of 0 is wrong)",
        padding=True)


def add_large_plane_pool(corpus, rank):
    """Planes with more than 2^16 elements, so indices do not fit in 16 bits."""
    cat = "pool%dd-large-plane" % rank
    rng = corpus.rng(cat)
    spatial, k, s = {1: ([70000], 3, 6900), 2: ([260, 260], 4, 64), 3: ([48, 48, 48], 2, 23)}[rank]
    for i in range(4):
        shape = [1, 2] + spatial if i != 3 else [2] + spatial
        n = numel(shape)
        background = [-1.0, 0.0, -INF, 2.0][i]
        values = [background] * n
        for _ in range(24):  # spikes, mostly near the end of each plane
            plane = rng.randrange(2)
            offset = numel(spatial) - 1 - int(rng.random() ** 3 * numel(spatial))
            values[plane * numel(spatial) + offset] = rng.uniform(3, 9) if i != 2 else rng.choice(NANS)
        options = {"kernelSize": k, "stride": s}
        if i == 1:
            options["ceilMode"] = True
        corpus.pool(cat, "plane of %d elements: indices beyond 2^16 (constant background, sparse maxima)"
                    % numel(spatial), make_tensor(shape, dtype_for(i), values), options)


def add_option_forms(corpus, rank):
    cat = "pool%dd-option-forms" % rank
    rng = corpus.rng(cat)
    spatial = [5, 6, 7][:rank] if rank < 3 else [3, 4, 5]
    forms = [
        ({"kernelSize": 2}, "kernel as a number, stride omitted (defaults to kernel)"),
        ({"kernelSize": [2]}, "kernel as a one-element array applies to every axis"),
        ({"kernelSize": [2] * rank, "stride": []}, "stride [] means the kernel size"),
        ({"kernelSize": 3, "stride": [1]}, "stride as a one-element array"),
        ({"kernelSize": 3, "stride": 1, "padding": [1]}, "padding as a one-element array"),
        ({"kernelSize": 2, "stride": 1, "dilation": [2]}, "dilation as a one-element array"),
        ({"kernelSize": [2] * rank, "stride": [1] * rank, "padding": [0] * rank, "dilation": [1] * rank,
          "ceilMode": False}, "every option given explicitly at its default-like value"),
        ({"kernelSize": 3, "stride": 2, "padding": 1, "ceilMode": True}, "numbers for everything, ceil"),
        ({"kernelSize": 1}, "kernel 1: identity with indices 0..L-1"),
        ({"kernelSize": spatial}, "kernel equal to the input: one window"),
    ]
    for i, (options, note) in enumerate(forms):
        shape = [2, 3] + spatial
        corpus.pool(cat, note, make_tensor(shape, dtype_for(i), any_values(rng, numel(shape))), options)


def add_pool_errors(corpus, rank):
    cat = "pool%dd-errors" % rank
    rng = corpus.rng(cat)
    spatial = [6, 7, 5][:rank] if rank < 3 else [4, 5, 3]

    def axis_list(value, axis, default):
        values = [default] * rank
        values[axis] = value
        return values

    cases = []
    # Ranks and zero sizes
    cases.append(([2] * rank, {"kernelSize": 2}, "input rank %d is not accepted" % rank))
    cases.append(([1, 2] + [2] * (rank + 1), {"kernelSize": 2}, "input rank %d is not accepted" % (rank + 3)))
    cases.append(([3] * (rank - 1) if rank > 1 else [4], {"kernelSize": 1}, "too few dimensions"))
    cases.append(([2, 0] + spatial, {"kernelSize": 2}, "zero channels"))
    cases.append(([2, 3] + spatial[:-1] + [0], {"kernelSize": 1}, "zero-length last spatial dim"))
    cases.append(([0] + spatial, {"kernelSize": 2}, "unbatched with zero channels"))
    cases.append(([0, 0] + spatial, {"kernelSize": 2}, "N = 0 and C = 0"))
    # Kernel, stride, padding, dilation values
    cases.append(([2, 3] + spatial, {"kernelSize": 0}, "kernel 0: stride defaults to 0"))
    cases.append(([2, 3] + spatial, {"kernelSize": 0, "stride": 1}, "kernel 0 with stride 1"))
    for axis in range(rank):
        cases.append(([2, 3] + spatial, {"kernelSize": axis_list(-1, axis, 2), "stride": 1},
                      "kernel -1 on axis %d (C++ truncating division lets pad 0 pass)" % axis))
        cases.append(([2, 3] + spatial, {"kernelSize": axis_list(-3, axis, 2), "stride": 1},
                      "kernel -3 on axis %d fails the padding check first" % axis))
        cases.append(([2, 3] + spatial, {"kernelSize": 2, "stride": axis_list(0, axis, 1)},
                      "stride 0 on axis %d" % axis))
        cases.append(([2, 3] + spatial, {"kernelSize": 2, "stride": axis_list(-1, axis, 1)},
                      "stride -1 on axis %d" % axis))
        cases.append(([2, 3] + spatial, {"kernelSize": 3, "padding": axis_list(-1, axis, 0)},
                      "padding -1 on axis %d" % axis))
        cases.append(([2, 3] + spatial, {"kernelSize": 3, "padding": axis_list(2, axis, 1)},
                      "padding 2 > k//2 on axis %d" % axis))
        cases.append(([2, 3] + spatial, {"kernelSize": 2, "dilation": axis_list(0, axis, 1)},
                      "dilation 0 on axis %d" % axis))
        cases.append(([2, 3] + spatial, {"kernelSize": 2, "dilation": axis_list(-2, axis, 1)},
                      "dilation -2 on axis %d" % axis))
        small = list(spatial)
        small[axis] = 2
        cases.append(([2, 3] + small, {"kernelSize": axis_list(3, axis, 1)},
                      "kernel longer than the input on axis %d: output size 0" % axis))
        small[axis] = 1
        cases.append(([3] + small, {"kernelSize": axis_list(4, axis, 1), "stride": axis_list(2, axis, 1)},
                      "negative output size on axis %d (floor division)" % axis))
    cases.append(([2, 3] + spatial, {"kernelSize": 2, "padding": 2, "dilation": 3},
                  "the padding limit ignores dilation (1.13)"))
    cases.append(([2, 3] + spatial, {"kernelSize": 3, "stride": 0, "padding": 2},
                  "stride 0 and padding too large: stride is checked first"))
    cases.append(([2, 3] + spatial, {"kernelSize": 2, "stride": -1, "padding": 5, "dilation": 0},
                  "padding too large, negative stride, dilation 0: padding is checked first"))
    cases.append(([2, 3] + spatial, {"kernelSize": 2, "stride": -1, "dilation": 0},
                  "negative stride and dilation 0: stride is checked first"))
    cases.append(([2, 0] + spatial, {"kernelSize": 2, "dilation": 0},
                  "zero channels and dilation 0: dilation is checked first"))
    cases.append(([2, 0] + spatial, {"kernelSize": [2] * (rank + 1)},
                  "zero channels and a wrong-length kernel: the length is checked first"))
    cases.append(([2] * (rank + 3), {"kernelSize": 2, "padding": 5},
                  "wrong rank and padding too large: which is checked first"))
    # Wrong-length arrays
    for key, good in (("kernelSize", 2), ("stride", 1), ("padding", 0), ("dilation", 1)):
        for length in (rank + 1, 0) if key != "stride" else (rank + 1,):
            if rank == 1 and length == 0 and key != "kernelSize":
                continue
            options = {"kernelSize": 2}
            options[key] = [good] * length
            cases.append(([2, 3] + spatial, options, "%s with %d entries" % (key, length)))
    if rank > 2:  # a one-entry array is a broadcast, so only 3-D has a wrong short length
        options = {"kernelSize": 2, "padding": [0] * (rank - 1)}
        cases.append(([2, 3] + spatial, options, "padding with %d entries" % (rank - 1)))

    for i, (shape, options, note) in enumerate(cases):
        x = make_tensor(shape, dtype_for(i), small_ints(rng, numel(shape)))
        corpus.pool(cat, note, x, options, expect="error")

    cat = "pool%dd-errors-argument-type" % rank
    rng = corpus.rng(cat)
    shape = [2, 3] + spatial
    for i, (options, note) in enumerate([
        ({"kernelSize": 1.5}, "non-integer kernel size"),
        ({"kernelSize": 2, "stride": 1.5}, "non-integer stride"),
        ({"kernelSize": 2, "padding": 0.5}, "non-integer padding"),
        ({"kernelSize": 2, "dilation": 1.5}, "non-integer dilation"),
        ({"kernelSize": [2] * (rank - 1) + [2.5]}, "non-integer entry in a per-axis kernel"),
    ]):
        x = make_tensor(shape, dtype_for(i), small_ints(rng, numel(shape)))
        corpus.pool(cat, note, x, options, expect="error")


# ---------------------------------------------------------------------------------------------
# Unpool categories
# ---------------------------------------------------------------------------------------------

def pooled(x, rank, axes, ceil=False):
    options = {"kernelSize": [a.k for a in axes], "stride": [a.s for a in axes],
               "padding": [a.p for a in axes], "ceilMode": ceil}
    return call_pool(rank, x, options)


def unpool_options(rng, axes, output_size=None):
    options = {"kernelSize": per_axis(rng, [a.k for a in axes])}
    if [a.s for a in axes] != [a.k for a in axes] or rng.random() < 0.5:
        options["stride"] = per_axis(rng, [a.s for a in axes])
    if any(a.p for a in axes) or rng.random() < 0.2:
        options["padding"] = per_axis(rng, [a.p for a in axes])
    if output_size is not None:
        options["outputSize"] = output_size
    return options


def unpool_axis(rng, overlap=False, padding=True, extra=5):
    k = rng.randint(2 if overlap else 1, 4)
    s = rng.randint(1, k - 1) if overlap else rng.randint(k, k + 1)
    p = rng.randint(0, k // 2) if padding and rng.random() < 0.5 else 0
    shortest = max(1, k - 2 * p)
    return Axis(rng.randint(shortest, shortest + extra), k, s, p, 1)


def add_unpool_categories(corpus, rank):
    pre = "unpool%dd-" % rank

    def from_pool(category, count, make_axes, note, batched=lambda i: True, values=any_values,
                  output_size=lambda rng, axes, pooled_shape: None, expect="any"):
        rng = corpus.rng(category)
        i = 0
        while i < count:
            axes = make_axes(rng, i)
            if not valid_for(axes, False):
                continue
            shape = batch_prefix(rng, batched(i)) + [a.length for a in axes]
            x = make_tensor(shape, dtype_for(i), values(rng, numel(shape)))
            v, idx = pooled(x, rank, axes)
            size = output_size(rng, axes, list(v.shape))
            corpus.unpool(category, describe(axes, False, note), v, idx, unpool_options(rng, axes, size), expect)
            i += 1

    from_pool(pre + "roundtrip", 20, lambda rng, i: [unpool_axis(rng) for _ in range(rank)],
              "pool output and indices unpooled with the default size")
    from_pool(pre + "unbatched", 8, lambda rng, i: [unpool_axis(rng) for _ in range(rank)],
              "unbatched (C, ...spatial)", batched=lambda i: False,
              output_size=lambda rng, axes, shape: [a.length for a in axes] if rng.random() < 0.5 else None)

    def specials(rng, n):
        return sprinkle(rng, uniform_values(rng, n), NANS + [INF, -INF, NEG_ZERO], 0.3)
    from_pool(pre + "special-values", 8, lambda rng, i: [unpool_axis(rng) for _ in range(rank)],
              "NaN payloads, ±inf and -0 are carried bit for bit", values=specials,
              output_size=lambda rng, axes, shape: [a.length for a in axes])

    from_pool(pre + "duplicate-indices", 8,
              lambda rng, i: [unpool_axis(rng, overlap=True, padding=False) for _ in range(rank)],
              "overlapping windows share maxima: duplicate indices, the last write wins",
              values=lambda rng, n: tie_values(rng, n, (0.0, 1.0, 2.0)) if rng.random() < 0.5 else
              [float(v) for v in range(n)])
    add_arbitrary_indices(corpus, rank)
    add_output_sizes(corpus, rank)
    add_unpool_odd_sizes(corpus, rank)
    add_large_plane_unpool(corpus, rank)
    add_unpool_errors(corpus, rank)


def add_arbitrary_indices(corpus, rank):
    """Indices that no pooling produced: anywhere in the plane, duplicated, out of range."""
    pre = "unpool%dd-" % rank
    spatial_in = [3, 2, 2][:rank]

    def case(category, rng, i, note, make_indices, output_size=None, expect="any", batched=True):
        shape = ([2, 3] if batched else [3]) + spatial_in
        x = make_tensor(shape, dtype_for(i), [float(v + 1) for v in range(numel(shape))])
        axes = [Axis(length, 2, 2) for length in spatial_in]
        default = [unpool_default_len(a.length, a.k, a.s, a.p) for a in axes]
        plane = numel(output_size if output_size else default)
        idx = make_index_tensor(shape, make_indices(rng, numel(shape), plane))
        options = {"kernelSize": 2}
        if output_size:
            options["outputSize"] = output_size
        corpus.unpool(category, note, x, idx, options, expect)

    cat = pre + "arbitrary-indices"
    rng = corpus.rng(cat)
    for i in range(10):
        case(cat, rng, i, "random in-range indices, possibly repeated",
             lambda rng, n, plane: [rng.randrange(plane) for _ in range(n)], batched=i % 4 != 3)
    cat = pre + "duplicate-indices-arbitrary"
    rng = corpus.rng(cat)
    for i in range(6):
        case(cat, rng, i, "every element of a plane writes to one of two cells: the last in input order wins",
             lambda rng, n, plane: [rng.choice((0, plane - 1)) for _ in range(n)])

    cat = pre + "invalid-indices"
    rng = corpus.rng(cat)

    def poke(bad_values, count):
        def make(rng, n, plane):
            values = [rng.randrange(plane) for _ in range(n)]
            for j in rng.sample(range(n), count):
                values[j] = rng.choice(bad_values(plane))
            return values
        return make
    for i in range(12):
        if i % 4 == 0:
            make, note = poke(lambda plane: [plane], 1), "one index equal to the plane size"
        elif i % 4 == 1:
            make, note = poke(lambda plane: [-1, -plane], 1), "one negative index"
        elif i % 4 == 2:
            make, note = poke(lambda plane: [plane, plane + 7, -3, 10 ** 6], 3), \
                "several invalid indices: PyTorch names the last one it met"
        else:
            make, note = poke(lambda plane: [plane + 1], 2), "invalid indices in two planes"
        case(cat, rng, i, note, make, expect="error", batched=i % 5 != 4)
    # The check is data dependent: an index that does not occur cannot fail.
    case(cat, rng, 12, "largest valid index (plane size - 1) is accepted",
         lambda rng, n, plane: [plane - 1] * n, expect="ok")


def add_output_sizes(corpus, rank):
    pre = "unpool%dd-" % rank
    cat = pre + "output-size"
    rng = corpus.rng(cat)
    configs = {1: 6, 2: 3, 3: 1}[rank]
    for c in range(configs):
        axes = [unpool_axis(rng, padding=c % 2 == 1, extra=3) for _ in range(rank)]
        while not valid_for(axes, False):
            axes = [unpool_axis(rng, padding=False, extra=3) for _ in range(rank)]
        for a in axes:
            a.s = 2 if rank == 3 else a.s
        shape = batch_prefix(rng, c % 3 != 2) + [a.length for a in axes]
        x = make_tensor(shape, dtype_for(c), any_values(rng, numel(shape)))
        v, idx = pooled(x, rank, axes)
        pooled_len = list(v.shape[-rank:])
        ranges = []
        for a, length in zip(axes, pooled_len):
            default = unpool_default_len(length, a.k, a.s, a.p)
            ranges.append([size for size in range(default - a.s + 1, default + a.s) if size > 0])
        sizes = [[]]
        for choices in ranges:
            sizes = [prefix + [size] for prefix in sizes for size in choices]
        for j, size in enumerate(sizes):
            # With the (N, C) prefix PyTorch drops the first two entries without looking at them.
            output_size = ([9, 9] + size) if j % 5 == 4 else size
            corpus.unpool(cat, describe(axes, False, "every output_size in the valid range"), v, idx,
                          unpool_options(rng, axes, output_size), expect="any")

    cat = pre + "output-size-invalid"
    rng = corpus.rng(cat)
    for c in range(2):
        axes = [unpool_axis(rng, extra=3) for _ in range(rank)]
        while not valid_for(axes, False):
            axes = [unpool_axis(rng, padding=False, extra=3) for _ in range(rank)]
        shape = batch_prefix(rng) + [a.length for a in axes]
        x = make_tensor(shape, dtype_for(c), any_values(rng, numel(shape)))
        v, idx = pooled(x, rank, axes)
        defaults = [unpool_default_len(length, a.k, a.s, a.p) for a, length in zip(axes, v.shape[-rank:])]
        for axis in range(rank):
            for delta, note in ((-1, "just below"), (1, "just above")):
                size = list(defaults)
                size[axis] = defaults[axis] + delta * axes[axis].s
                corpus.unpool(cat, "output_size %s the exclusive range on axis %d" % (note, axis), v, idx,
                              unpool_options(rng, axes, size), expect="error")
        for length in (rank - 1, rank + 1, rank + 3):
            if length == 0:
                continue
            corpus.unpool(cat, "output_size with %d entries" % length, v, idx,
                          unpool_options(rng, axes, (defaults + defaults)[:length] if length <= 2 * rank
                                         else [1] * length), expect="error")
        corpus.unpool(cat, "output_size of the right length: only the spatial entries are checked", v, idx,
                      unpool_options(rng, axes, [1, 1] + [d + 100 for d in defaults]), expect="error")


def add_unpool_odd_sizes(corpus, rank):
    cat = "unpool%dd-odd-sizes" % rank
    rng = corpus.rng(cat)
    story = {1: [65], 2: [65, 65], 3: [9, 11, 13]}[rank]
    shape = [1, 2] + story
    axes = [Axis(length, 2, 2) for length in story]
    for trial in range(2):
        values = [float(rng.randint(-99, 99)) for _ in range(numel(shape))]
        x = make_tensor(shape, dtype_for(trial), values)
        v, idx = pooled(x, rank, axes)
        pooled_len = list(v.shape[-rank:])
        corpus.unpool(cat, "the 65 story: default unpool size is even (1-D fits, 2-D indices land out of range)",
                      v, idx, {"kernelSize": 2, "stride": 2}, expect="any")
        corpus.unpool(cat, "output_size = input size restores every maximum in place", v, idx,
                      {"kernelSize": 2, "stride": 2, "outputSize": story})
        corpus.unpool(cat, "output_size = full input shape (N, C kept)", v, idx,
                      {"kernelSize": 2, "stride": 2, "outputSize": list(shape)})
        smallest = [2 * length - 1 for length in pooled_len]
        corpus.unpool(cat, "smallest allowed output_size: a maximum may not fit", v, idx,
                      {"kernelSize": 2, "stride": 2, "outputSize": smallest}, expect="any")
    # L = 5, k2 s2 p1: default size 4 is too small for some data, not for others (SEMANTICS §7).
    for values, note in (([0.0, 1.0, 2.0, 3.0, 4.0], "fails: index 4 in a size-4 output"),
                         ([0.0, 1.0, 2.0, 4.0, 3.0], "succeeds: no maximum at index 4")):
        spatial = [5] + [1] * (rank - 1)
        axes = [Axis(5, 2, 2, 1)] + [Axis(1, 1, 1)] * (rank - 1)
        x = make_tensor([1, 1] + spatial, "float32", values)
        v, idx = pooled(x, rank, axes)
        options = {"kernelSize": [2] + [1] * (rank - 1), "stride": [2] + [1] * (rank - 1),
                   "padding": [1] + [0] * (rank - 1)}
        corpus.unpool(cat, "default unpool size can be too small, depending on the data: " + note, v, idx,
                      options, expect="any")


def add_large_plane_unpool(corpus, rank):
    cat = "unpool%dd-large-plane" % rank
    rng = corpus.rng(cat)
    spatial, k, s = {1: ([70000], 3, 6900), 2: ([260, 260], 4, 64), 3: ([48, 48, 48], 2, 23)}[rank]
    plane = numel(spatial)
    for i in range(3):
        shape = [1, 2] + spatial
        values = [-1.0] * numel(shape)
        for _ in range(16):
            values[rng.randrange(numel(shape))] = rng.uniform(1, 9)
        x = make_tensor(shape, dtype_for(i), values)
        v, idx = call_pool(rank, x, {"kernelSize": k, "stride": s})
        if i == 2:  # arbitrary large indices, one per element, into a plane of the input's size
            idx = make_index_tensor(list(idx.shape), [plane - 1 - rng.randrange(plane // 3)
                                                      for _ in range(idx.numel())])
        corpus.unpool(cat, "plane of %d elements: indices beyond 2^16" % plane, v, idx,
                      {"kernelSize": k, "stride": s, "outputSize": spatial})


def add_unpool_errors(corpus, rank):
    cat = "unpool%dd-errors" % rank
    rng = corpus.rng(cat)
    spatial = [3, 2, 2][:rank]
    cases = []
    for shape, note in ((spatial, "input rank %d" % rank), ([1, 2, 1] + spatial, "input rank %d" % (rank + 3)),
                        ([1] * (rank + 3), "input rank %d, all ones" % (rank + 3))):
        cases.append((shape, shape, {"kernelSize": 2}, note))
    cases.append(([2, 3] + spatial, [2, 3] + spatial[:-1] + [spatial[-1] + 1], {"kernelSize": 2},
                  "indices shape differs from the input's"))
    cases.append(([2, 3] + spatial, [3, 2] + spatial, {"kernelSize": 2}, "indices with N and C swapped"))
    cases.append(([2, 3] + spatial, [3] + spatial, {"kernelSize": 2}, "indices without the batch dim"))
    cases.append(([2, 0] + spatial, [2, 0] + spatial, {"kernelSize": 2}, "zero channels"))
    cases.append(([0] + spatial, [0] + spatial, {"kernelSize": 2}, "unbatched with zero channels (accepted)"))
    cases.append(([2, 3] + spatial[:-1] + [0], [2, 3] + spatial[:-1] + [0], {"kernelSize": 2},
                  "zero-length last spatial dim"))
    if rank == 3:  # only max_unpool3d checks the stride (see unpool{1,2}d-unchecked-options)
        for stride, note in ((0, "stride 0"), (-1, "stride -1"), ([1, 1, 0], "stride 0 on the last axis")):
            cases.append(([1, 2] + spatial, [1, 2] + spatial, {"kernelSize": 2, "stride": stride}, note))
    for i, (shape, index_shape, options, note) in enumerate(cases):
        x = make_tensor(shape, dtype_for(i), small_ints(rng, numel(shape)))
        idx = make_index_tensor(index_shape, [0] * numel(index_shape))
        corpus.unpool(cat, note, x, idx, options, expect="any")

    # What PyTorch does not check: it is the specification, so these are recorded too.
    cat = "unpool%dd-unchecked-options" % rank
    rng = corpus.rng(cat)
    checks = [
        ([0, 2] + spatial, {"kernelSize": 2}, "N = 0: an empty output"),
        ([1, 2] + spatial, {"kernelSize": 2, "padding": -1}, "negative padding enlarges the default size"),
        ([1, 2] + spatial, {"kernelSize": 1, "stride": 2, "padding": 1}, "padding larger than half the kernel"),
        ([1, 2] + [1] * rank, {"kernelSize": 2, "stride": 2, "padding": 1}, "default size 0: an empty output"),
        ([1, 2] + [1] * rank, {"kernelSize": 2, "stride": 3, "padding": 1, "outputSize": [1] * rank},
         "output_size inside the range below the default"),
    ]
    if rank < 3:
        checks.append(([1, 2] + spatial, {"kernelSize": 3, "stride": 0}, "stride 0 is not checked by unpool%dd" % rank))
        checks.append(([1, 2] + spatial, {"kernelSize": 2, "stride": -1}, "negative stride is not checked either"))
    for i, (shape, options, note) in enumerate(checks):
        x = make_tensor(shape, dtype_for(i), any_values(rng, numel(shape)))
        idx = make_index_tensor(shape, [0] * numel(shape))
        corpus.unpool(cat, note, x, idx, options, expect="any")


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------

def dump_line(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)


def debian_package_version():
    try:
        result = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "python3-torch"],
                                capture_output=True, text=True, check=False)
        return result.stdout.strip() or None
    except OSError:
        return None


def write_profile(overrides, basis, out_dir):
    """golden/profiles/pytorch-2.jsonl: a header, then one override per line, sorted by id."""
    os.makedirs(os.path.join(out_dir, "profiles"), exist_ok=True)
    release = profiles.SOURCE_RELEASE if basis == "source" else torch.__version__
    header = {"basis": basis, "format": PROFILE_FORMAT, "overrides": len(overrides), "profile": profiles.PROFILE,
              "pytorch": release, "schemaVersion": SCHEMA_VERSION,
              "source": profiles.SOURCE if basis == "source" else "measured with torch %s" % torch.__version__}
    lines = [header] + [dict(overrides[case_id], id=case_id) for case_id in sorted(overrides)]
    data = "".join(dump_line(obj) + "\n" for obj in lines).encode("ascii")
    relative = "profiles/%s.jsonl" % profiles.PROFILE
    with open(os.path.join(out_dir, relative), "wb") as f:
        f.write(data)
    return {relative: {"basis": basis, "bytes": len(data), "overrides": len(overrides), "profile": profiles.PROFILE,
                       "pytorch": release, "sha256": hashlib.sha256(data).hexdigest()}}


def write_corpus(corpus, out_dir):
    os.makedirs(os.path.join(out_dir, "cases"), exist_ok=True)
    files = {}
    for category in sorted(corpus.categories):
        cases = corpus.categories[category]
        header = {"category": category, "cases": len(cases), "format": CASES_FORMAT,
                  "schemaVersion": SCHEMA_VERSION}
        text = "".join(dump_line(obj) + "\n" for obj in [header] + cases)
        data = text.encode("ascii")
        relative = "cases/%s.jsonl" % category
        with open(os.path.join(out_dir, relative), "wb") as f:
            f.write(data)
        files[relative] = {"bytes": len(data), "cases": len(cases), "category": category,
                           "sha256": hashlib.sha256(data).hexdigest()}
    manifest = {
        "schemaVersion": SCHEMA_VERSION,
        "generator": {"script": "scripts/golden/generate.py", "version": GENERATOR_VERSION,
                      "seed": corpus.seed},
        "torch": {"version": torch.__version__, "debianPackage": debian_package_version(), "numThreads": 1},
        "python": {"version": platform.python_version()},
        "totalCases": sum(f["cases"] for f in files.values()),
        "categories": {f["category"]: f["cases"] for f in files.values()},
        "files": files,
        "profiles": write_profile(corpus.overrides, "source", out_dir),
    }
    with open(os.path.join(out_dir, "manifest.json"), "w", encoding="ascii") as f:
        f.write(json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=True) + "\n")
    return manifest


def measure_profile(corpus, base_dir, out_dir):
    """PyTorch 2: keep the 1.13 corpus from base_dir byte for byte; measure where PyTorch 2 differs."""
    with open(os.path.join(base_dir, "manifest.json"), encoding="ascii") as f:
        manifest = json.load(f)
    base = {}
    os.makedirs(os.path.join(out_dir, "cases"), exist_ok=True)
    for relative in sorted(manifest["files"]):
        with open(os.path.join(base_dir, relative), "rb") as f:
            data = f.read()
        with open(os.path.join(out_dir, relative), "wb") as f:
            f.write(data)
        for line in data.decode("ascii").splitlines()[1:]:
            case = json.loads(line)
            base[case["id"]] = case
    overrides = {}
    for cases in corpus.categories.values():
        for case in cases:
            old = base.get(case["id"])
            same_call = old is not None and all(
                dump_line(old.get(key)) == dump_line(case.get(key)) for key in ("op", "input", "indices", "options"))
            if not same_call:
                raise SystemExit("case %s: the generator chose another call than the base corpus; regenerate the "
                                 "base with PyTorch 1.13 first" % case["id"])
            if dump_line(old["expected"]) != dump_line(case["expected"]):
                overrides[case["id"]] = {"basis": "measured", "expected": case["expected"],
                                         "rule": "measured with torch %s" % torch.__version__}
    manifest["profiles"] = write_profile(overrides, "measured", out_dir)
    with open(os.path.join(out_dir, "manifest.json"), "w", encoding="ascii") as f:
        f.write(json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=True) + "\n")
    return manifest


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="directory to write (created; must be empty if it exists)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--base", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "golden"),
                        help="with PyTorch 2.x: the PyTorch 1.13 corpus to keep and measure against (default: golden/)")
    args = parser.parse_args(argv)
    if os.path.isdir(args.out) and os.listdir(args.out):
        parser.error("--out %s exists and is not empty" % args.out)
    os.environ.pop("TORCH_SHOW_CPP_STACKTRACES", None)
    torch.set_num_threads(1)  # duplicate unpool indices: with one thread the last write wins, every time

    corpus = Corpus(args.seed, measuring_profile=TORCH_MAJOR >= 2)
    for rank in (1, 2, 3):
        add_pool_categories(corpus, rank)
        add_unpool_categories(corpus, rank)
    if TORCH_MAJOR >= 2:
        manifest = measure_profile(corpus, args.base, args.out)
        sys.stdout.write("kept the PyTorch 1.13 corpus from %s; %d case(s) differ under torch %s (profiles/%s.jsonl)\n"
                         % (args.base, manifest["profiles"]["profiles/%s.jsonl" % profiles.PROFILE]["overrides"],
                            torch.__version__, profiles.PROFILE))
        return
    manifest = write_corpus(corpus, args.out)
    sys.stdout.write("wrote %d cases in %d files to %s (torch %s, seed %d)\n" % (
        manifest["totalCases"], len(manifest["files"]), args.out, torch.__version__, args.seed))


if __name__ == "__main__":
    main(sys.argv[1:])
