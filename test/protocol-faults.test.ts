/**
 * The fault catalogue: one deliberately broken child per misbehaviour (test/fixtures/
 * broken-children/, each names its fault in its first comment). For each, poolcheck must
 * report a ProtocolError that says what happened and shows the child's stderr, go on with a
 * restarted child where that makes sense, never hang, and leave no process behind.
 */
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  createProtocolImplementation, ProtocolClient, ProtocolError, ReportedError,
  type ProtocolImplementation, type ProtocolOptions,
} from '../src/adapters/protocol/index.js';
import type { Tensor } from '../src/types.js';
import { canListProcesses, eventuallyEmpty, runningWith, survivors } from './protocolProcesses.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'broken-children');
const POISON = { kernelSize: 13 };
const x: Tensor = { shape: [1, 1, 4], data: Float32Array.of(1, 2, 3, 4) };

const FAST: ProtocolOptions = { handshakeTimeoutMs: 5_000, requestTimeoutMs: 1_000, closeGraceMs: 300 };

function childCommand(fixture: string): string[] {
  return [process.execPath, path.join(FIXTURES, fixture)];
}

const opened: { client: ProtocolClient; dispose(): Promise<void> }[] = [];

async function open(fixture: string, options: ProtocolOptions = {}): Promise<ProtocolImplementation> {
  const impl = await createProtocolImplementation(childCommand(fixture), { ...FAST, ...options });
  opened.push(impl);
  return impl;
}

/** For children that fail to start: the client itself, so its pids can be checked. */
function client(fixture: string | string[], options: ProtocolOptions = {}): ProtocolClient {
  const c = new ProtocolClient(typeof fixture === 'string' ? childCommand(fixture) : fixture, { ...FAST, ...options });
  opened.push({ client: c, dispose: () => c.dispose() });
  return c;
}

const ok = (impl: ProtocolImplementation) => impl.maxPool1d!(x, { kernelSize: 2 });
const poisoned = (impl: ProtocolImplementation) => impl.maxPool1d!(x, POISON);

async function protocolError(promise: Promise<unknown>): Promise<ProtocolError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error, 'expected a ProtocolError').toBeInstanceOf(ProtocolError);
  return error as ProtocolError;
}

afterEach(async () => {
  const pids = opened.flatMap(({ client: c }) => c.startedPids);
  await Promise.all(opened.splice(0).map((o) => o.dispose()));
  if (canListProcesses) expect(await eventuallyEmpty(() => survivors(pids))).toEqual([]);
});

afterAll(async () => {
  if (canListProcesses) expect(await eventuallyEmpty(() => runningWith('broken-children'))).toEqual([]);
});

describe(`protocol fault catalogue${canListProcesses ? '' : ' (leftover-process checks need /proc: skipped on this OS)'}`, () => {
  it('control: a well-behaved child answers singles and batches', async () => {
    const impl = await open('well-behaved.mjs');
    expect(impl.name).toBe('broken-child');
    const results = await Promise.all(Array.from({ length: 300 }, () => ok(impl)));
    expect(results).toHaveLength(300);
    expect(results[0]!.values.data).toEqual(x.data);
    expect(impl.client.faults).toEqual([]);
  });

  it('a nonexistent command is reported, not thrown raw', async () => {
    const c = client(['/nonexistent/poolcheck-server', '--flag']);
    const error = await protocolError(c.start());
    expect(error.message).toMatch(/^\/nonexistent\/poolcheck-server --flag \(while starting\): could not start: spawn \/nonexistent\/poolcheck-server ENOENT/);
  });

  it('a child that exits immediately: exit code and stderr tail', async () => {
    const error = await protocolError(client('exits-immediately.mjs').start());
    expect(error.message).toMatch(/while starting.*exited with code 3/);
    expect(error.stderrTail).toContain('missing library libpool.so');
    expect(error.message).toContain('missing library libpool.so');
  });

  it('a child that never handshakes hits the handshake timeout', async () => {
    const error = await protocolError(client('never-handshakes.mjs', { handshakeTimeoutMs: 2_000 }).start());
    expect(error.message).toMatch(/sent no handshake within 2000 ms/);
    expect(error.stderrTail).toContain('warming up forever');
  });

  it('a handshake with another protocol version is refused', async () => {
    const error = await protocolError(client('bad-handshake.mjs').start());
    expect(error.message).toMatch(/names protocol "poolcheck\/0"; poolcheck speaks "poolcheck\/1"/);
  });

  it('a banner instead of the handshake is refused', async () => {
    const error = await protocolError(client('garbage-handshake.mjs').start());
    expect(error.message).toMatch(/first line is not JSON.*Welcome to PoolServer 2000/);
  });

  it('createProtocolImplementation rejects (and cleans up) when the first start fails', async () => {
    await expect(createProtocolImplementation(childCommand('exits-immediately.mjs'), FAST))
      .rejects.toThrow(/exited with code 3/);
  });

  it('a hang: per-request timeout, then a restarted child goes on', async () => {
    const impl = await open('hangs-on-request.mjs', { requestTimeoutMs: 1_000 });
    await ok(impl);
    const error = await protocolError(poisoned(impl));
    expect(error.message).toMatch(/no answer to request \d+ within the request timeout of 1000 ms/);
    expect(error.stderrTail).toContain('stuck in an infinite loop');
    await ok(impl);
    expect(impl.client.startedPids).toHaveLength(2);
  });

  it('a crash (non-zero exit) fails only the request in flight; queued calls go to the new child', async () => {
    const impl = await open('crashes-on-request.mjs');
    const doomed = protocolError(poisoned(impl));
    // Queued behind the poisoned one: sent after it, to the restarted child.
    await new Promise((resolve) => setImmediate(resolve));
    const later = Promise.all([ok(impl), ok(impl)]);
    const error = await doomed;
    expect(error.message).toMatch(/child exited with code 139/);
    expect(error.stderrTail).toContain('SegmentationFault: kernel 13 is unlucky');
    expect(await later).toHaveLength(2);
    expect(impl.client.startedPids).toHaveLength(2);
  });

  it('a clean exit (code 0) while a request waits is still a fault', async () => {
    const impl = await open('exits-cleanly-on-request.mjs');
    const error = await protocolError(poisoned(impl));
    expect(error.message).toMatch(/child exited with code 0/);
    await ok(impl);
  });

  it('a garbage line on stdout', async () => {
    const impl = await open('garbage-line.mjs');
    const error = await protocolError(poisoned(impl));
    expect(error.message).toMatch(/a line that is not JSON: "DEBUG: entering max_pool2d"/);
    await ok(impl);
  });

  it('a partial line: the child exits mid-line', async () => {
    const impl = await open('partial-line.mjs');
    const error = await protocolError(poisoned(impl));
    expect(error.message).toMatch(/child exited with code 1 in the middle of a line \(\d+ bytes with no newline: "\{\\"id\\"/);
    await ok(impl);
  });

  it('a wrong id', async () => {
    const impl = await open('wrong-id.mjs');
    const error = await protocolError(poisoned(impl));
    expect(error.message).toMatch(/answered id \d+ while request \d+ was waiting/);
    await ok(impl);
  });

  it('a batch answer with a response missing fails the whole batch', async () => {
    const impl = await open('short-batch.mjs', { maxRestarts: 5 });
    const errors = await Promise.all([ok(impl), ok(impl), ok(impl)].map(protocolError));
    for (const error of errors) expect(error.message).toMatch(/should hold 3 responses in "batch", got 2/);
  });

  it('a wrong shape fails that call only; the child stays', async () => {
    const impl = await open('wrong-shape.mjs');
    const [bad, good] = await Promise.allSettled([poisoned(impl), ok(impl)]);
    expect(bad.status).toBe('rejected');
    const error = (bad as PromiseRejectedResult).reason as Error;
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.message).toMatch(/result.values has shape \[1, 1, 4, 7\] \(28 float32 elements, 112 bytes\) but its data holds 16 bytes/);
    expect(good.status).toBe('fulfilled');
    expect(impl.client.startedPids).toHaveLength(1);
  });

  it('a wrong dtype fails that call only', async () => {
    const impl = await open('wrong-dtype.mjs');
    const error = await protocolError(poisoned(impl));
    expect(error.message).toMatch(/result.values has dtype float64 but the input was float32/);
    await ok(impl);
    expect(impl.client.startedPids).toHaveLength(1);
  });

  it('a huge output hits the line length cap', async () => {
    const impl = await open('huge-output.mjs', { maxLineBytes: 1 << 20 });
    const error = await protocolError(poisoned(impl));
    expect(error.message).toMatch(/stdout line longer than 1048576 bytes \(the line length cap\)/);
    await ok(impl);
  });

  it('megabytes of stderr noise change nothing, and only a tail is kept', async () => {
    let stderrBytes = 0;
    const impl = await open('noisy-stderr.mjs', { onStderr: (text) => { stderrBytes += text.length; } });
    const results = await Promise.all(Array.from({ length: 20 }, () => ok(impl)));
    expect(results).toHaveLength(20);
    for (let i = 0; i < 5; i++) await ok(impl);
    expect(stderrBytes).toBeGreaterThan(1_000_000);
    expect(impl.client.faults).toEqual([]);
  });

  it('an unrequested line is a fault reported through onFault, and the child is replaced', async () => {
    const heard: ProtocolError[] = [];
    const impl = await open('unsolicited-line.mjs', { onFault: (e) => heard.push(e) });
    await poisoned(impl);
    // Wait for the stray line before asking again, or it would be taken for the next answer.
    await vi.waitFor(() => expect(heard).toHaveLength(1), { timeout: 5_000 });
    expect(heard[0]!.message).toMatch(/sent a line when no request was waiting: .*surprise/);
    await ok(impl);
    expect(impl.client.startedPids).toHaveLength(2);
  });

  it('an error that is not {"message": ...} is a protocol error, not an answer', async () => {
    const impl = await open('malformed-error.mjs');
    const error = await protocolError(ok(impl));
    expect(error.message).toMatch(/"error" should be an object with a "message" string, got "kernel too big"/);
  });

  it('errors as data become a ReportedError with the exact message, and are no fault', async () => {
    const impl = await open('well-behaved.mjs');
    const [rejected, answered] = await Promise.allSettled([impl.maxPool1d!(x, { kernelSize: 0 }), ok(impl)]);
    const error = (rejected as PromiseRejectedResult).reason as ReportedError;
    expect(error).toBeInstanceOf(ReportedError);
    expect(error).not.toBeInstanceOf(ProtocolError);
    expect(error.message).toBe('kernel_size must be greater than zero, but got 0');
    expect(error.type).toBe('ValueError');
    expect(answered.status).toBe('fulfilled');
    expect(impl.client.faults).toEqual([]);
  });

  it('the total timeout ends the session; later calls fail at once', async () => {
    const impl = await open('slow.mjs', { totalTimeoutMs: 1_500 });
    const started = Date.now();
    let error: unknown;
    for (let i = 0; i < 40 && !error; i++) error = await ok(impl).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toMatch(/total timeout of 1500 ms for this session ran out/);
    expect(Date.now() - started).toBeLessThan(4_000);
    await expect(ok(impl)).rejects.toThrow(/total timeout/);
  });

  it('restarts are limited: after maxRestarts the client gives up', async () => {
    const impl = await open('crashes-on-request.mjs', { maxRestarts: 1 });
    await protocolError(poisoned(impl));
    await protocolError(poisoned(impl));
    const error = await protocolError(ok(impl));
    expect(error.message).toMatch(/gave up after 1 restart; the last fault was: .*exited with code 139/);
    expect(impl.client.startedPids).toHaveLength(2);
  });

  it('a child that ignores SIGTERM and end of input is still gone after dispose', async () => {
    const impl = await open('stubborn.mjs');
    await ok(impl);
    const pid = impl.client.startedPids[0]!;
    const started = Date.now();
    await impl.dispose();
    expect(Date.now() - started).toBeLessThan(3_000);
    if (canListProcesses) expect(survivors([pid])).toEqual([]);
  });

  it('a hung child with a grandchild: the whole process group is killed', async () => {
    let stderr = '';
    const impl = await open('hangs-with-grandchild.mjs', { requestTimeoutMs: 1_000, onStderr: (t) => { stderr += t; } });
    await ok(impl);
    const grandchild = Number(/grandchild pid (\d+)/.exec(stderr)?.[1]);
    expect(grandchild).toBeGreaterThan(0);
    await protocolError(poisoned(impl));
    if (canListProcesses) expect(await eventuallyEmpty(() => survivors([grandchild]))).toEqual([]);
  });
});
