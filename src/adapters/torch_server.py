#!/usr/bin/env python3
"""poolcheck/1 protocol server backed by live PyTorch: the oracle poolcheck is specified against.

Started by `poolcheck verify --impl torch` (src/adapters/torch.ts) with /usr/bin/python3. It reads
one JSON request per line on stdin and answers one JSON line on stdout; see docs/protocol.md.
Every request runs the real torch.nn.functional op, so whatever PyTorch does (values, indices,
exception messages) is what poolcheck sees. Stderr is free-form logging.
"""
import base64
import json
import os
import sys

import torch
import torch.nn.functional as F

PROTOCOL = 'poolcheck/1'

# Unpool keeps the last duplicate only when it runs on one thread (see SEMANTICS.md §6).
torch.set_num_threads(1)

DTYPES = {
    'float32': torch.float32,
    'float64': torch.float64,
    'int64': torch.int64,
    'int32': torch.int32,
}
DTYPE_NAMES = {dtype: name for name, dtype in DTYPES.items()}

POOLS = {'maxPool1d': F.max_pool1d, 'maxPool2d': F.max_pool2d, 'maxPool3d': F.max_pool3d}
UNPOOLS = {'maxUnpool1d': F.max_unpool1d, 'maxUnpool2d': F.max_unpool2d, 'maxUnpool3d': F.max_unpool3d}

CAPABILITIES = {
    'ops': list(POOLS) + list(UNPOOLS),
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
    'errors': 'pytorch',
}


def decode_tensor(wire):
    """Tensors travel as raw little-endian bytes, so NaN payloads and -0 arrive unchanged."""
    dtype = DTYPES[wire['dtype']]
    shape = [int(n) for n in wire['shape']]
    raw = bytearray(base64.b64decode(wire['data']))
    if len(raw) == 0:
        # torch.frombuffer refuses an empty buffer.
        return torch.empty(shape, dtype=dtype)
    return torch.frombuffer(raw, dtype=dtype).reshape(shape)


def encode_tensor(tensor):
    data = tensor.contiguous().numpy().tobytes()
    return {
        'dtype': DTYPE_NAMES[tensor.dtype],
        'shape': list(tensor.shape),
        'data': base64.b64encode(data).decode('ascii'),
    }


def run_pool(function, request):
    options = request['options']
    values, indices = function(
        decode_tensor(request['x']),
        options['kernelSize'],
        options.get('stride'),
        options.get('padding', 0),
        options.get('dilation', 1),
        options.get('ceilMode', False),
        return_indices=True,
    )
    return {'values': encode_tensor(values), 'indices': encode_tensor(indices)}


def run_unpool(function, request):
    options = request['options']
    output = function(
        decode_tensor(request['x']),
        decode_tensor(request['indices']),
        options['kernelSize'],
        options.get('stride'),
        options.get('padding', 0),
        options.get('outputSize'),
    )
    return encode_tensor(output)


def answer(request):
    """One request in, one response out; PyTorch's exceptions become errors as data."""
    op = request.get('op')
    try:
        if op in POOLS:
            return {'id': request['id'], 'result': run_pool(POOLS[op], request)}
        if op in UNPOOLS:
            return {'id': request['id'], 'result': run_unpool(UNPOOLS[op], request)}
        raise ValueError(f'unknown op {op!r}')
    except Exception as error:  # noqa: BLE001 - every PyTorch error is data for poolcheck
        return {'id': request.get('id'), 'error': {'message': str(error), 'type': type(error).__name__}}


def respond(message):
    if 'batch' in message:
        return {'id': message['id'], 'batch': [answer(request) for request in message['batch']]}
    return answer(message)


def send(message):
    sys.stdout.write(json.dumps(message, separators=(',', ':')) + '\n')
    sys.stdout.flush()


def main():
    if sys.byteorder != 'little':
        sys.exit('poolcheck torch server: tensors on the wire are little-endian; this machine is not')
    send({'protocol': PROTOCOL, 'name': 'torch', 'version': torch.__version__, 'capabilities': CAPABILITIES})
    for line in sys.stdin:
        if line.strip():
            send(respond(json.loads(line)))
    # End of input ends the session. Skip the interpreter's teardown, which takes PyTorch a
    # noticeable while and has nothing left to do for us.
    sys.stdout.flush()
    os._exit(0)


if __name__ == '__main__':
    main()
