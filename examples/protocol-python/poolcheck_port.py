#!/usr/bin/env python3
"""PyTorch's max pooling with indices and max unpooling, from scratch, as a poolcheck/1 server.

Plain Python, standard library only: no PyTorch, no numpy. It is meant to be read and ported.
Each function follows one rule of the specification (PyTorch 1.13 on CPU; see docs/protocol.md
and the project's SEMANTICS notes), so a port to another language can go function by function
and check itself with:

    poolcheck verify --cmd "python3 examples/protocol-python/poolcheck_port.py"

Layout: tensors are row-major, shaped (N, C, *spatial) or unbatched (C, *spatial). An index is a
flat row-major offset within one (n, c) plane, as PyTorch returns it.

Values are copied as bytes, never re-encoded, so NaN payloads and -0 come out exactly as they
went in; floats are only used to compare.
"""
import base64
import json
import struct
import sys
from array import array
from itertools import product

PROTOCOL = 'poolcheck/1'

CAPABILITIES = {
    'ops': ['maxPool1d', 'maxPool2d', 'maxPool3d', 'maxUnpool1d', 'maxUnpool2d', 'maxUnpool3d'],
    'dtypes': ['float32', 'float64'],
    'unbatched': True,
    'dilation': True,
    'ceilMode': True,
    'padding': 'per-axis',
    'perAxis': True,
    'maxKernel': None,
    'maxInputLength': None,
    'nan': True,
    'unpoolOutputSize': True,
    # It rejects exactly what PyTorch rejects, in its own words.
    'errors': 'throws',
}

# dtype name -> array typecode (all little-endian on the wire).
TYPECODES = {'float32': 'f', 'float64': 'd', 'int64': 'q', 'int32': 'i'}
NEGATIVE_INFINITY_BYTES = {'float32': struct.pack('<f', float('-inf')), 'float64': struct.pack('<d', float('-inf'))}


class PoolError(Exception):
    """An input PyTorch rejects; the message travels back to poolcheck as data."""


# ---------------------------------------------------------------- tensors on the wire

class Tensor:
    """Shape, dtype, the raw little-endian bytes, and the decoded numbers."""

    def __init__(self, dtype, shape, raw):
        self.dtype = dtype
        self.shape = shape
        self.raw = raw
        self.itemsize = array(TYPECODES[dtype]).itemsize
        self.numbers = array(TYPECODES[dtype])
        self.numbers.frombytes(raw)
        if sys.byteorder == 'big':
            self.numbers.byteswap()

    def element_bytes(self, flat):
        return self.raw[flat * self.itemsize:(flat + 1) * self.itemsize]


def decode_tensor(wire):
    return Tensor(wire['dtype'], [int(n) for n in wire['shape']], base64.b64decode(wire['data']))


def encode_tensor(dtype, shape, raw):
    return {'dtype': dtype, 'shape': shape, 'data': base64.b64encode(bytes(raw)).decode('ascii')}


def encode_indices(shape, indices):
    data = array('q', indices)
    if sys.byteorder == 'big':
        data.byteswap()
    return encode_tensor('int64', shape, data.tobytes())


def product_of(sizes):
    total = 1
    for size in sizes:
        total *= size
    return total


def row_major_strides(sizes):
    """Strides of a row-major layout: the flat offset of a position is sum(position * stride)."""
    strides = [1] * len(sizes)
    for axis in range(len(sizes) - 2, -1, -1):
        strides[axis] = strides[axis + 1] * sizes[axis + 1]
    return strides


# ---------------------------------------------------------------- arguments

def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def pool_argument(value, name, op, rank):
    """PyTorch's pool arguments: an int or a 1-tuple applies to every spatial dim."""
    values = [value] if is_int(value) else list(value)
    if not all(is_int(v) for v in values):
        raise PoolError(f'{op}: {name} must be ints, got {value!r}')
    if len(values) == 1:
        return values * rank
    if len(values) == rank and rank > 1:
        return values
    raise PoolError(f'{op}: {name} must either be a single int, or a tuple of {rank} ints')


def unpool_argument(value, name, op, rank):
    """torch.nn.functional's unpool takes an int (repeated) or a sequence used as given.

    It reads the first `rank` entries and never checks the length, so a shorter sequence fails
    and a longer one has its tail ignored.
    """
    values = [value] * rank if is_int(value) else list(value)
    if not all(is_int(v) for v in values):
        raise PoolError(f'{op}: {name} must be ints, got {value!r}')
    if len(values) < rank:
        raise PoolError(f'{op}: {name} has {len(values)} entries, {rank} needed')
    return values


def check_rank(x, op, rank):
    if len(x.shape) not in (rank + 1, rank + 2):
        raise PoolError(f'{op}: expected a {rank + 1}D or {rank + 2}D (batch mode) tensor, '
                        f'but got a tensor with {len(x.shape)} dimensions')


def planes_of(shape, rank):
    """The number of (n, c) planes in front of the spatial dims."""
    return product_of(shape[:len(shape) - rank])


# ---------------------------------------------------------------- max pool

def pool_output_length(length, kernel, stride, padding, dilation, ceil_mode):
    numerator = length + 2 * padding - dilation * (kernel - 1) - 1
    if not ceil_mode:
        return numerator // stride + 1  # // rounds down, also for negative numerators
    out = (numerator + stride - 1) // stride + 1
    # Ceil mode never starts a window in the right padding.
    if (out - 1) * stride >= length + padding:
        out -= 1
    return out


def window_taps(out_position, length, kernel, stride, padding, dilation):
    """The input positions one window reads along one dim; padding cells are never read."""
    start = out_position * stride - padding
    end = min(start + (kernel - 1) * dilation + 1, length)
    first = start
    while first < 0:
        first += dilation
    return range(first, end, dilation)


def max_pool(request, rank):
    op = request['op']
    x = decode_tensor(request['x'])
    options = request['options']
    kernel = pool_argument(options['kernelSize'], 'kernel_size', op, rank)
    stride = options.get('stride')
    stride = kernel if stride is None or stride == [] else pool_argument(stride, 'stride', op, rank)
    padding = pool_argument(options.get('padding', 0), 'padding', op, rank)
    dilation = pool_argument(options.get('dilation', 1), 'dilation', op, rank)
    ceil_mode = bool(options.get('ceilMode', False))

    check_rank(x, op, rank)
    for k, s, p in zip(kernel, stride, padding):
        if s == 0:
            raise PoolError('stride should not be zero')
        if p < 0:
            raise PoolError(f'pad must be non-negative, but got pad: {p}')
        if p > k // 2:
            raise PoolError(f'pad should be at most half of kernel size, but got pad={p} and kernel_size={k}')
    if min(kernel) <= 0:
        raise PoolError(f'kernel size should be greater than zero, but got {kernel}')
    if min(stride) <= 0:
        raise PoolError(f'stride should be greater than zero, but got {stride}')
    if min(dilation) <= 0:
        raise PoolError(f'dilation should be greater than zero, but got {dilation}')
    # The batch dim may be empty; channels and spatial dims may not.
    non_batch = x.shape[-(rank + 1):]
    if 0 in non_batch:
        raise PoolError(f'Expected non-empty channel and spatial dims, but got: {x.shape}')

    in_sizes = x.shape[-rank:]
    out_sizes = [pool_output_length(*args, ceil_mode) for args in zip(in_sizes, kernel, stride, padding, dilation)]
    if min(out_sizes) < 1:
        raise PoolError(f'Given input size: {in_sizes}. Calculated output size: {out_sizes}. Output size is too small')

    in_strides = row_major_strides(in_sizes)
    in_plane = product_of(in_sizes)
    values = bytearray()
    indices = []
    for plane in range(planes_of(x.shape, rank)):
        base = plane * in_plane
        for out_position in product(*(range(n) for n in out_sizes)):
            taps = [window_taps(o, *args) for o, args in zip(out_position, zip(in_sizes, kernel, stride, padding, dilation))]
            # Before any tap is read the index points at the window's first tap, which lies
            # outside the plane when the whole window is padding (possible with dilation > 1).
            best_index = sum(t.start * st for t, st in zip(taps, in_strides))
            best = float('-inf')
            found = False
            for position in product(*taps):  # row-major scan: the first of equal maxima wins
                index = sum(i * st for i, st in zip(position, in_strides))
                value = x.numbers[base + index]
                if value > best or value != value:  # NaN always wins, so the last NaN is kept
                    best, best_index, found = value, index, True
            values += x.element_bytes(base + best_index) if found else NEGATIVE_INFINITY_BYTES[x.dtype]
            indices.append(best_index)
    out_shape = x.shape[:len(x.shape) - rank] + out_sizes
    return {'values': encode_tensor(x.dtype, out_shape, values), 'indices': encode_indices(out_shape, indices)}


# ---------------------------------------------------------------- max unpool

def unpool_output_sizes(op, in_sizes, kernel, stride, padding, output_size):
    """The default size inverts the pool's floor formula; an explicit size must be close to it."""
    default = [(n - 1) * s + k - 2 * p for n, k, s, p in zip(in_sizes, kernel, stride, padding)]
    if output_size is None:
        return default
    rank = len(in_sizes)
    sizes = list(output_size)
    if len(sizes) == rank + 2:
        sizes = sizes[2:]  # N and C are dropped without being checked
    if len(sizes) != rank:
        raise PoolError(f"output_size should be a sequence containing {rank} or {rank + 2} elements, "
                        f"but it has a length of '{len(sizes)}'")
    for dim, (size, d, s) in enumerate(zip(sizes, default, stride)):
        if not (d - s < size < d + s):
            raise PoolError(f'invalid output_size "{sizes}" (dim {dim} must be between {d - s} and {d + s})')
    return sizes


def max_unpool(request, rank):
    op = request['op']
    x = decode_tensor(request['x'])
    indices = decode_tensor(request['indices'])
    options = request['options']
    kernel = options['kernelSize']
    if not is_int(kernel) and len(kernel) != rank:
        raise PoolError(f'{op}: kernel_size must have {rank} entries, got {kernel!r}')
    kernel = unpool_argument(kernel, 'kernel_size', op, rank)
    stride = options.get('stride')
    stride = kernel if stride is None else unpool_argument(stride, 'stride', op, rank)
    padding = unpool_argument(options.get('padding', 0), 'padding', op, rank)
    if len(x.shape) < rank:
        raise PoolError(f'{op}: expected a {rank + 1}D or {rank + 2}D (batch mode) tensor, '
                        f'but got a tensor with {len(x.shape)} dimensions')
    out_sizes = unpool_output_sizes(op, x.shape[-rank:], kernel, stride, padding, options.get('outputSize'))

    if indices.dtype != 'int64':
        raise PoolError(f'elements in indices should be type int64 but got: {indices.dtype}')
    check_rank(x, op, rank)
    if x.shape != indices.shape:
        raise PoolError(f'Expected shape of indices to be same as that of the input tensor ({x.shape}) '
                        f'but got indices tensor with shape: {indices.shape}')
    # PyTorch checks every dim after the first, so an unbatched input may have no channels.
    if 0 in x.shape[1:]:
        raise PoolError(f'Expected input to have non-zero size for non-batch dimensions, but got {x.shape}')
    if rank == 3 and min(stride[:3]) <= 0:
        raise PoolError(f'strides should be greater than zero, but got stride: {stride[:3]}')
    if min(out_sizes) < 0:
        raise PoolError(f'negative output size {out_sizes}')

    out_plane = product_of(out_sizes)
    in_plane = product_of(x.shape[-rank:])
    plane_count = planes_of(x.shape, rank)
    output = bytearray(x.itemsize * out_plane * plane_count)  # zeros everywhere else
    if out_plane > 0:
        for plane in range(plane_count):
            for i in range(plane * in_plane, (plane + 1) * in_plane):  # input order: the last duplicate wins
                target = indices.numbers[i]
                if not 0 <= target < out_plane:
                    sizes = 'x'.join(str(n) for n in (out_sizes if rank > 1 else out_sizes + [1]))
                    raise PoolError(f'Found an invalid max index: {target} (output volumes are of size {sizes}')
                offset = (plane * out_plane + target) * x.itemsize
                output[offset:offset + x.itemsize] = x.element_bytes(i)
    return encode_tensor(x.dtype, x.shape[:len(x.shape) - rank] + out_sizes, output)


# ---------------------------------------------------------------- protocol

OPS = {
    'maxPool1d': lambda request: max_pool(request, 1),
    'maxPool2d': lambda request: max_pool(request, 2),
    'maxPool3d': lambda request: max_pool(request, 3),
    'maxUnpool1d': lambda request: max_unpool(request, 1),
    'maxUnpool2d': lambda request: max_unpool(request, 2),
    'maxUnpool3d': lambda request: max_unpool(request, 3),
}


def answer(request):
    try:
        if request.get('op') not in OPS:
            raise PoolError(f"unknown op {request.get('op')!r}")
        return {'id': request['id'], 'result': OPS[request['op']](request)}
    except (PoolError, KeyError, TypeError, ValueError) as error:
        return {'id': request.get('id'), 'error': {'message': str(error), 'type': type(error).__name__}}


def respond(message):
    if 'batch' in message:
        return {'id': message['id'], 'batch': [answer(request) for request in message['batch']]}
    return answer(message)


def send(message):
    sys.stdout.write(json.dumps(message, separators=(',', ':')) + '\n')
    sys.stdout.flush()


def main():
    send({'protocol': PROTOCOL, 'name': 'scratch-python', 'version': '1.0.0', 'capabilities': CAPABILITIES})
    for line in sys.stdin:
        if line.strip():
            send(respond(json.loads(line)))


if __name__ == '__main__':
    main()
