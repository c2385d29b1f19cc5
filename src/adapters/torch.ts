/**
 * Live PyTorch as an implementation: the protocol server src/adapters/torch_server.py run by
 * the system Python, where Debian's python3-torch installs PyTorch.
 */
import path from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../paths.js';
import { createProtocolImplementation, type ProtocolImplementation, type ProtocolOptions } from './protocol/index.js';

const TORCH_PYTHON = '/usr/bin/python3';
const TORCH_SERVER = path.join(packageRoot, 'src', 'adapters', 'torch_server.py');

const TORCH_INSTALL_HELP = 'Install PyTorch for /usr/bin/python3 with `bash scripts/install-torch.sh` '
  + '(or `apt-get install -y python3-torch` on Debian/Ubuntu).';

export class TorchUnavailableError extends Error {
  override name = 'TorchUnavailableError';
}

export type TorchProbe = { available: true; version: string } | { available: false; reason: string };

/** Whether /usr/bin/python3 can import torch, and if not, why (for skips and messages). */
export async function probeTorch(python = TORCH_PYTHON): Promise<TorchProbe> {
  const result = await execa(python, ['-c', 'import torch; print(torch.__version__)'], {
    reject: false, timeout: 60_000, stdin: 'ignore',
  });
  if (!result.failed) return { available: true, version: String(result.stdout).trim() };
  const lastLine = String(result.stderr ?? '').trim().split('\n').pop();
  const reason = result.code === 'ENOENT' ? `${python} does not exist`
    : `${python} cannot import torch (${lastLine || result.shortMessage})`;
  return { available: false, reason };
}

/**
 * Starts the PyTorch server. When PyTorch is missing this throws a TorchUnavailableError that
 * says how to install it, rather than the protocol's "child exited" report.
 */
export async function createTorchImplementation(
  options: ProtocolOptions & { python?: string } = {},
): Promise<ProtocolImplementation> {
  const python = options.python ?? TORCH_PYTHON;
  try {
    return await createProtocolImplementation([python, TORCH_SERVER], { name: 'torch', ...options });
  } catch (error) {
    const probe = await probeTorch(python);
    if (!probe.available) throw new TorchUnavailableError(`PyTorch is not available: ${probe.reason}. ${TORCH_INSTALL_HELP}`);
    throw error;
  }
}
