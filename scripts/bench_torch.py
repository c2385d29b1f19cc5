"""PyTorch's side of `npm run bench`: runs the workloads on the same input bytes as the
JavaScript side, with one thread, one run at a time on request, so that the benchmark can
interleave PyTorch's runs with the other implementations' runs (a change in the machine's load
then hits every implementation alike).

Usage: /usr/bin/python3 scripts/bench_torch.py SPEC.json [THREADS]   (THREADS: 1 by default)
SPEC: {"workloads": [{"id", "kind", "input", "shape", "kernel", "stride", "outputSize"?}]}, where
kind is "pool2d", "pool3d" or "roundtrip2d" and input is a file of little-endian float32 values,
of which the workload takes the first prod(shape) (several workloads may share one file).

Protocol, one JSON object per line on stdout:
  first line       {"available": true, "version", "threads", "python"} or {"available": false, "reason"}
  stdin "run ID"     -> {"ms": milliseconds of one run of workload ID}
  stdin "digests ID" -> {"digests": [sha256 of each output of the last run, as raw bytes]}
  stdin "exit" (or end of input) ends it.
"""
import hashlib
import json
import sys
import time


def reply(message):
    sys.stdout.write(json.dumps(message) + '\n')
    sys.stdout.flush()


def digest(tensor):
    # Raw little-endian bytes, as the JavaScript side hashes its typed arrays.
    return hashlib.sha256(tensor.contiguous().numpy().tobytes()).hexdigest()


_files = {}


def load_input(torch, path, shape):
    if path not in _files:
        with open(path, 'rb') as f:
            _files[path] = torch.frombuffer(bytearray(f.read()), dtype=torch.float32)
    count = 1
    for size in shape:
        count *= size
    return _files[path][:count].reshape(shape)


def workload_function(torch, spec, x):
    F = torch.nn.functional
    kernel, stride = spec['kernel'], spec['stride']
    if spec['kind'] == 'pool2d':
        return lambda: F.max_pool2d(x, kernel, stride, return_indices=True)
    if spec['kind'] == 'pool3d':
        return lambda: F.max_pool3d(x, kernel, stride, return_indices=True)
    if spec['kind'] == 'roundtrip2d':
        def roundtrip():
            values, indices = F.max_pool2d(x, kernel, stride, return_indices=True)
            return values, indices, F.max_unpool2d(values, indices, kernel, stride, output_size=spec['outputSize'])
        return roundtrip
    raise ValueError('unknown workload kind %r' % spec['kind'])


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    try:
        import torch
    except Exception as error:  # noqa: BLE001 - any import failure means "no PyTorch here"
        reply({'available': False, 'reason': 'import torch failed: %s' % error})
        return
    torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    torch.set_grad_enabled(False)
    runs = {w['id']: workload_function(torch, w, load_input(torch, w['input'], w['shape'])) for w in spec['workloads']}
    last = {}
    reply({'available': True, 'version': torch.__version__, 'threads': torch.get_num_threads(), 'python': sys.version.split()[0]})
    for line in sys.stdin:
        command, _, workload = line.strip().partition(' ')
        if command == 'run':
            started = time.perf_counter_ns()
            last[workload] = runs[workload]()
            reply({'ms': (time.perf_counter_ns() - started) / 1e6})
        elif command == 'digests':
            try:
                reply({'digests': [digest(t) for t in last[workload]]})
            except Exception as error:  # noqa: BLE001 - numpy missing: the times still count
                reply({'digests': None, 'reason': str(error)})
        else:
            return


if __name__ == '__main__':
    main()
