"""What a golden case's expectation is under another spec profile (PyTorch 2).

The corpus is PyTorch 1.13's real output. For the 'pytorch-2' profile, golden/profiles/pytorch-2.jsonl
lists the cases whose expectation differs, and how it is known:

- basis "source": PyTorch 2 is not installed. The expectation is derived here from the rules read
  in PyTorch v2.6.0's source (docs/semantics.md cites each): the Python argument parser's TypeError
  wording, max_pool2d/3d's padding-length message, pooling_output_shape's padding limit on the
  dilated kernel and pool3d_shape_check's padding test on the plain kernel. The remaining checks
  are the ones both releases share, restated from Pool.h. Where PyTorch 2 accepts what 1.13
  refused, the result is computed by the installed (1.13) PyTorch on the input padded with -inf
  explicitly: the CPU kernels of both releases pick the same element (docs/semantics.md), and the
  derivation refuses any case where explicit padding could pick differently.
- basis "measured": a PyTorch 2 is installed; generate.py runs every case through it and records
  each one whose outcome differs from the 1.13 corpus.

Written independently of poolcheck's TypeScript reference, so that `poolcheck golden verify --spec
pytorch-2` checks one against the other.
"""

import math
import re

PROFILE = "pytorch-2"
SOURCE_RELEASE = "2.6.0"
SOURCE = ("PyTorch v2.6.0 source (Debian pytorch_2.6.0+dfsg.orig.tar.xz): aten/src/ATen/native/Pool.h, "
          "DilatedMaxPool2d.cpp, DilatedMaxPool3d.cpp, torch/csrc/utils/python_arg_parser.{h,cpp}")

RULE_PAD = "Pool.h pooling_output_shape: pad <= ((kernel_size - 1) * dilation + 1) / 2 (PyTorch 2)"
RULE_PAD3D = "Pool.h pool3d_shape_check: kT / 2 >= pT && kW / 2 >= pW && kH / 2 >= pH, on the plain kernel (PyTorch 2)"
RULE_PADDING_LENGTH = "DilatedMaxPool2d.cpp / DilatedMaxPool3d.cpp: 'padding must either be a single int' (PyTorch 2)"
RULE_FIRST_ELEMENT = "python_arg_parser.cpp: is_int_or_symint_list sets failed_idx = 0 (PyTorch 2)"
RULE_LATER_ELEMENT = "python_arg_parser.h: throw_intlist_exception, 'failed to unpack the object at pos' (PyTorch 2)"


def cdiv(a, b):
    """C++ integer division: truncates toward zero."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def python_type_name(value):
    if isinstance(value, bool):
        return "bool"
    return type(value).__name__


def _tuple(value, rank):
    """An int for every dim, or one per dim (the lengths were checked before these messages)."""
    if isinstance(value, list):
        return list(value) if len(value) == rank else [value[0]] * rank
    return [value] * rank


def _window(rank, options):
    """kernel, stride, padding, dilation per dim as max_pool{2,3}d sees them (1-D runs as 2-D)."""
    k = options["kernelSize"]
    s = options.get("stride", [])
    p = options.get("padding", 0)
    d = options.get("dilation", 1)
    if rank == 1:
        one = lambda v: v[0] if isinstance(v, list) else v
        kernel, padding, dilation = [1, one(k)], [0, one(p)], [1, one(d)]
        stride = [1, one(s) if s not in ([], None) else one(k)]
        return kernel, stride, padding, dilation
    kernel = _tuple(k, rank)
    stride = kernel if s in ([], None) else _tuple(s, rank)
    return kernel, stride, _tuple(p, rank), _tuple(d, rank)


def _out_len(length, k, s, p, d, ceil):
    num = length + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil else 0)
    out = math.floor(num / s) + 1
    if ceil and (out - 1) * s >= length + p:
        out -= 1
    return out


def _shape_checks(rank, shape, kernel, stride, padding, dilation, ceil):
    """The checks after pooling_output_shape, in Pool.h's order; a message, else the output sizes."""
    full = list(shape[:-1]) + [1, shape[-1]] if rank == 1 else list(shape)
    spatial = full[-2:] if rank < 3 else full[-3:]
    out = [_out_len(n, k, s, p, d, ceil) for n, k, s, p, d in zip(spatial, kernel, stride, padding, dilation)]
    if rank < 3:  # pool2d_shape_check (max_pool1d runs as max_pool2d on (N, C, 1, L))
        kH, kW = kernel
        if not (kW > 0 and kH > 0):
            return "kernel size should be greater than zero, but got kH: %d kW: %d" % (kH, kW), None
        if not (stride[1] > 0 and stride[0] > 0):
            return "stride should be greater than zero, but got dH: %d dW: %d" % tuple(stride), None
        if not (dilation[0] > 0 and dilation[1] > 0):
            return "dilation should be greater than zero, but got dilationH: %d dilationW: %d" % tuple(dilation), None
        c, h, w = full[-3:]
        if c == 0 or h == 0 or w == 0:
            return None, None  # a message both releases share: no override needed
        # Its padding test on the dilated kernel repeats pooling_output_shape's: it never fires.
        oh, ow = out
        if not (ow >= 1 and oh >= 1):
            return ("Given input size: (%dx%dx%d). Calculated output size: (%dx%dx%d). Output size is too small"
                    % (c, h, w, c, oh, ow)), None
        return None, out
    kT, kH, kW = kernel
    if not (kT > 0 and kW > 0 and kH > 0):
        return "kernel size should be greater than zero, but got kT: %d kH: %d kW: %d" % (kT, kH, kW), None
    dT, dH, dW = stride
    if not (dT > 0 and dW > 0 and dH > 0):
        return "stride should be greater than zero, but got dT: %d dH: %d dW: %d" % (dT, dH, dW), None
    lT, lH, lW = dilation
    if not (lT > 0 and lW > 0 and lH > 0):
        return ("dilation should be greater than zero, but got dilationT: %d dilationH: %d dilationW: %d"
                % (lT, lH, lW)), None
    if any(n == 0 for i, n in enumerate(shape) if not (len(shape) == 5 and i == 0)):
        return None, None  # a message both releases share
    pT, pH, pW = padding
    if not (cdiv(kT, 2) >= pT and cdiv(kW, 2) >= pW and cdiv(kH, 2) >= pH):
        eff = lambda k, d: (k - 1) * d + 1
        return ("pad should be smaller than or equal to half of effective kernel size, but got "
                "padT: %d padW: %d padH: %d effectiveKT: %d effectiveKW: %d effectiveKH: %d"
                % (pT, pW, pH, eff(kT, lT), eff(kW, lW), eff(kH, lH))), None
    c, t, h, w = shape[-4:]
    ot, oh, ow = out
    if not (ot >= 1 and ow >= 1 and oh >= 1):
        return ("Given input size: (%dx%dx%dx%d). Calculated output size: (%dx%dx%dx%d). Output size is too small"
                % (c, t, h, w, c, ot, oh, ow)), None
    return None, out


def _explicitly_padded_result(torch, F, rank, x, kernel, stride, padding, dilation, ceil, out):
    """The result PyTorch 2 gives, from PyTorch 1.13 on an input padded with -inf by hand."""
    spatial = list(x.shape[-rank:])
    k, s, p, d = (kernel[-rank:], stride[-rank:], padding[-rank:], dilation[-rank:])
    if bool(torch.isinf(x).logical_and(x < 0).any()):
        raise AssertionError("explicit -inf padding would tie with a -inf input element")
    for n, kk, ss, pp, dd, o in zip(spatial, k, s, p, d, out[-rank:]):
        # Every window needs an element inside the input (else PyTorch's index is not the padded one's),
        # and explicit padding must not change ceil mode's last window.
        if _out_len(n + 2 * pp, kk, ss, 0, dd, ceil) != o:
            raise AssertionError("explicit padding changes the output length")
        for i in range(o):
            taps = [i * ss - pp + j * dd for j in range(kk)]
            if not any(0 <= t < n for t in taps):
                raise AssertionError("a window lies wholly in the padding")
    pad = []
    for pp in reversed(p):
        pad += [pp, pp]
    padded = F.pad(x, pad, mode="constant", value=-math.inf)
    pool = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}[rank]
    values, indices = pool(padded, list(k), stride=list(s), padding=0, dilation=list(d), ceil_mode=ceil,
                           return_indices=True)
    padded_sizes = [n + 2 * pp for n, pp in zip(spatial, p)]
    flat = indices.flatten().tolist()
    mapped = []
    for index in flat:
        coords = []
        for size in reversed(padded_sizes):
            coords.append(index % size)
            index //= size
        coords.reverse()
        unpadded = [c - pp for c, pp in zip(coords, p)]
        assert all(0 <= c < n for c, n in zip(unpadded, spatial)), "the winner lies in the padding"
        offset = 0
        for c, n in zip(unpadded, spatial):
            offset = offset * n + c
        mapped.append(offset)
    return values, torch.tensor(mapped, dtype=torch.int64).reshape(indices.shape)


def derive_pool(torch, F, rank, x, options, expected, encode_tensor, encode_indices):
    """The PyTorch 2 expectation of a pool case, when it differs from 1.13's; else None."""
    if "error" not in expected:
        return None  # valid in 1.13: same checks pass in 2, same kernel, same sizes (docs/semantics.md)
    message = expected["error"]["message"]

    m = re.match(r"^(\w+)\(\): argument '(\w+)' \(position (\d+)\) must be tuple of ints, not list$", message)
    if m:
        first = options[{"kernel_size": "kernelSize", "stride": "stride", "padding": "padding",
                         "dilation": "dilation"}[m.group(2)]][0]
        return _error("TypeError", "%s(): argument '%s' (position %s) must be tuple of ints, but found element of "
                      "type %s at pos 0" % (m.group(1), m.group(2), m.group(3), python_type_name(first)), RULE_FIRST_ELEMENT)
    m = re.match(r"^(\w+)\(\): argument '(\w+)' must be tuple of ints, but found element of type (\w+) at pos (\d+)$", message)
    if m:
        return _error("TypeError", "%s(): argument '%s' failed to unpack the object at pos %s with error "
                      "\"type must be tuple of ints,but got %s\"" % (m.group(1), m.group(2), m.group(4), m.group(3)),
                      RULE_LATER_ELEMENT)
    if "padding must be either be a single int" in message:
        return _error("RuntimeError", message.replace("must be either be", "must either be"), RULE_PADDING_LENGTH)
    if not message.startswith("pad should be at most half of kernel size"):
        return None  # a check both releases make alike

    kernel, stride, padding, dilation = _window(rank, options)
    for k, s, p, d in zip(kernel, stride, padding, dilation):  # pooling_output_shape, dim by dim
        if s == 0:
            return _error("RuntimeError", "stride should not be zero", RULE_PAD)
        if p < 0:
            return _error("RuntimeError", "pad must be non-negative, but got pad: %d" % p, RULE_PAD)
        if p > cdiv((k - 1) * d + 1, 2):
            return _error("RuntimeError", "pad should be at most half of effective kernel size, but got pad=%d, "
                          "kernel_size=%d and dilation=%d" % (p, k, d), RULE_PAD)
    ceil = options.get("ceilMode", False)
    problem, out = _shape_checks(rank, list(x.shape), kernel, stride, padding, dilation, ceil)
    if problem is not None:
        return _error("RuntimeError", problem, RULE_PAD3D if problem.startswith("pad should") else RULE_PAD)
    if out is None:
        raise AssertionError("a case refused for its padding in 1.13 meets a shared check in PyTorch 2; derive it by hand")
    values, indices = _explicitly_padded_result(torch, F, rank, x, kernel, stride, padding, dilation, ceil, out)
    return {"expected": {"values": encode_tensor(values), "indices": encode_indices(indices)}, "rule": RULE_PAD}


def _error(kind, message, rule):
    return {"expected": {"error": {"type": kind, "message": message}}, "rule": rule}
