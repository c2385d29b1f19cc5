/**
 * Any program that speaks poolcheck/1 (docs/protocol.md) as a poolcheck Implementation: its
 * handshake says which ops it has and what it supports, and each op call becomes a request.
 */
import type { ImplPoolResult, Implementation } from '../../implementation.js';
import type {
  IndexTensorInput, OpName, PoolOpName, PoolOptions, Tensor, UnpoolOpName, UnpoolOptions,
} from '../../types.js';
import { POOL_OPS, UNPOOL_OPS } from '../../types.js';
import { DEFAULT_PROTOCOL_OPTIONS, ProtocolClient, type ProtocolOptions } from './client.js';
import { parseCommand } from './command.js';
import { decodePoolResult, decodeUnpoolResult, encodeIndexTensor, encodeTensor } from './wire.js';

export { ProtocolClient, DEFAULT_PROTOCOL_OPTIONS, type ProtocolOptions } from './client.js';
export { ProtocolError, ReportedError, isProtocolError } from './errors.js';
export { parseCommand, formatCommand } from './command.js';
export { PROTOCOL_VERSION, type Handshake } from './wire.js';
export { measureThroughput, smallPoolCases, type ProtocolCase, type Throughput } from './throughput.js';

/** An Implementation whose ops always answer asynchronously; it exposes its client for diagnostics. */
export interface ProtocolImplementation extends Implementation {
  name: string;
  version: string;
  client: ProtocolClient;
  dispose(): Promise<void>;
  maxPool1d?(x: Tensor, options: PoolOptions): Promise<ImplPoolResult>;
  maxPool2d?(x: Tensor, options: PoolOptions): Promise<ImplPoolResult>;
  maxPool3d?(x: Tensor, options: PoolOptions): Promise<ImplPoolResult>;
  maxUnpool1d?(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions): Promise<Tensor>;
  maxUnpool2d?(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions): Promise<Tensor>;
  maxUnpool3d?(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions): Promise<Tensor>;
}

/**
 * Starts `command` (argv, or a string split like a shell would, but never run by one), waits
 * for its handshake, and returns an Implementation with exactly the ops it declared.
 * Throws ProtocolError if the child cannot be started or sends no valid handshake.
 */
export async function createProtocolImplementation(
  command: string | readonly string[],
  options: ProtocolOptions & { name?: string } = {},
): Promise<ProtocolImplementation> {
  const argv = typeof command === 'string' ? parseCommand(command) : [...command];
  const client = new ProtocolClient(argv, options);
  let handshake;
  try {
    handshake = await client.start();
  } catch (error) {
    await client.dispose();
    throw error;
  }
  const ops = handshake.capabilities.ops ?? [...POOL_OPS, ...UNPOOL_OPS];
  const implementation: ProtocolImplementation = {
    name: options.name ?? handshake.name,
    version: handshake.version,
    capabilities: { maxPlaneSize: lineLimitPlaneSize(options), ...handshake.capabilities, ops },
    client,
    dispose: () => client.dispose(),
  };
  for (const op of ops) Object.assign(implementation, { [op]: opFunction(client, op) });
  return implementation;
}

/**
 * The largest plane whose float64 data, base64-encoded, fits one protocol line: the default
 * maxPlaneSize of a child that declares none (a larger plane could only fail as a flood).
 */
function lineLimitPlaneSize(options: ProtocolOptions): number {
  const lineBytes = options.maxLineBytes ?? DEFAULT_PROTOCOL_OPTIONS.maxLineBytes;
  return Math.floor((lineBytes * 3) / 4 / 8 / 2);
}

function opFunction(client: ProtocolClient, op: OpName) {
  if ((POOL_OPS as readonly string[]).includes(op)) {
    return (x: Tensor, options: PoolOptions) => client.call(
      { op: op as PoolOpName, x: encodeTensor(x), options },
      (result) => decodePoolResult(result, x),
    );
  }
  return (x: Tensor, indices: IndexTensorInput, options: UnpoolOptions) => client.call(
    { op: op as UnpoolOpName, x: encodeTensor(x), indices: encodeIndexTensor(indices), options },
    (result) => decodeUnpoolResult(result, x),
  );
}
