/**
 * The command line's way to programs that speak the poolcheck/1 protocol: the built-ins
 * `torch` (live PyTorch) and `scratch-python` (the from-scratch port in examples/), and
 * `--cmd "<program and args>"` for anything else. Every failure to start becomes a UsageError,
 * printed as one line (plus the child's stderr tail when it has one), never a stack trace.
 */
import path from 'node:path';
import { createProtocolImplementation, parseCommand, ProtocolError } from '../adapters/protocol/index.js';
import { createTorchImplementation, TorchUnavailableError } from '../adapters/torch.js';
import type { Implementation } from '../implementation.js';
import { packageRoot } from '../paths.js';
import { shellQuote, verifyReplay } from '../properties/replay.js';
import type { ReplayHint } from '../properties/report/text.js';
import type { PropertyResult } from '../properties/runner.js';
import { UsageError } from './errors.js';
import type { BuiltInImplementation, ResolvedImplementation } from './impls.js';

const SCRATCH_PORT = path.join(packageRoot, 'examples', 'protocol-python', 'poolcheck_port.py');

/**
 * Starting a child can fail for reasons the user must act on; say them plainly. A
 * ProtocolError already names the command, so only the built-in's name is added.
 */
async function started(builtIn: string | undefined, start: () => Promise<Implementation>): Promise<Implementation> {
  try {
    return await start();
  } catch (error) {
    if (error instanceof TorchUnavailableError || error instanceof ProtocolError) {
      throw new UsageError(builtIn ? `--impl ${builtIn}: ${error.message}` : error.message);
    }
    throw error;
  }
}

export const PROTOCOL_BUILT_INS: Record<string, BuiltInImplementation> = {
  torch: {
    description: 'live PyTorch through /usr/bin/python3 (src/adapters/torch_server.py)',
    load: () => started('torch', () => createTorchImplementation()),
  },
  'scratch-python': {
    description: 'the from-scratch Python port over the protocol (examples/protocol-python/poolcheck_port.py)',
    load: () => started('scratch-python', () => createProtocolImplementation(['python3', SCRATCH_PORT])),
  },
};

/** `--cmd "<program and args>"`: split without a shell, started, handshake awaited. */
export async function resolveCommandImplementation(command: string): Promise<ResolvedImplementation> {
  let argv: string[];
  try {
    argv = parseCommand(command);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const impl = await started(undefined, () => createProtocolImplementation(argv));
  return { impl, spec: command, name: impl.name ?? argv[0]! };
}

/** The replay command for a --cmd run: the same as for --impl, with --cmd in its place. */
export function commandReplay(command: string, extraArgs: readonly string[] = []): ReplayHint {
  const hint = verifyReplay(command, extraArgs);
  const asImpl = `--impl ${shellQuote(command)}`;
  return {
    replay: (result: PropertyResult) => hint.replay(result)?.replace(asImpl, `--cmd ${shellQuote(command)}`),
  };
}
