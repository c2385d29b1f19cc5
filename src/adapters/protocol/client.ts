/**
 * The poolcheck side of the protocol: keeps one child running, batches the calls made while
 * the child is busy into a single message, holds each message to a deadline, and turns every
 * misbehaviour into a ProtocolError carrying the child's stderr tail. After a fault the child
 * is killed and the next call starts a fresh one, up to a limited number of restarts.
 *
 * One message is in flight at a time, so the deadline measures the child's own work and a
 * child may be strictly sequential: read a line, answer it, read the next.
 */
import { ChildSession } from './child.js';
import { formatCommand } from './command.js';
import { ProtocolError, ReportedError } from './errors.js';
import {
  isObject, parseHandshake, preview, WireError,
  type Handshake, type WireRequest,
} from './wire.js';

export interface ProtocolOptions {
  /** Deadline for the handshake after each start (importing PyTorch takes seconds). */
  handshakeTimeoutMs?: number;
  /** Deadline for one message (a single request or a whole batch) to be answered. */
  requestTimeoutMs?: number;
  /** Budget for the whole session from its start; 0 means none. */
  totalTimeoutMs?: number;
  /** How many times a faulty child is replaced before every further call fails. */
  maxRestarts?: number;
  /** Most requests sent in one batch message. */
  maxBatchSize?: number;
  /**
   * Most request bytes in one batch message (a single larger request still goes alone), so
   * that big cases travel in small batches and each message stays well inside its deadline.
   */
  maxBatchBytes?: number;
  /** Longest stdout line accepted from the child, in bytes. */
  maxLineBytes?: number;
  /** How much of the child's stderr is kept for error messages, in bytes. */
  stderrTailBytes?: number;
  /** How long dispose() waits for the child to exit after closing its stdin. */
  closeGraceMs?: number;
  cwd?: string;
  env?: Record<string, string>;
  /** Sees the child's stderr as it arrives (free-form logging). */
  onStderr?: (text: string) => void;
  /** Hears of every fault as it happens, including those no call was waiting on. */
  onFault?: (error: ProtocolError) => void;
}

export const DEFAULT_PROTOCOL_OPTIONS: Required<Omit<ProtocolOptions, 'cwd' | 'env' | 'onStderr' | 'onFault'>> = {
  handshakeTimeoutMs: 30_000,
  requestTimeoutMs: 10_000,
  totalTimeoutMs: 600_000,
  maxRestarts: 2,
  maxBatchSize: 64,
  maxBatchBytes: 1024 * 1024,
  maxLineBytes: 64 * 1024 * 1024,
  stderrTailBytes: 4096,
  closeGraceMs: 1_000,
};

/** One call waiting for its answer; `decode` checks the result against the request. */
interface PendingCall {
  op: WireRequest['op'];
  /** The request as JSON without its id, which is given when the call is sent. */
  body: string;
  decode(result: unknown): unknown;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface InFlight {
  id: number;
  calls: { id: number; call: PendingCall }[];
  timer: NodeJS.Timeout;
}

export class ProtocolClient {
  readonly argv: readonly string[];
  readonly command: string;
  readonly options: typeof DEFAULT_PROTOCOL_OPTIONS & ProtocolOptions;
  /** The first child's handshake; restarted children must speak the same protocol. */
  handshake: Handshake | undefined;
  /** Every child started so far, for tests that check nothing is left running. */
  readonly startedPids: number[] = [];
  /** Every fault so far, in order; a fault kills the child, so each means a restart. */
  readonly faults: ProtocolError[] = [];

  private session: ChildSession | undefined;
  private starting: Promise<void> | undefined;
  private handshakeWaiter: { resolve(line: string): void; reject(error: ProtocolError): void } | undefined;
  private readonly queue: PendingCall[] = [];
  private inFlight: InFlight | undefined;
  private nextId = 1;
  private starts = 0;
  private lastFault: ProtocolError | undefined;
  private closedReason: ProtocolError | undefined;
  private readonly totalTimer: NodeJS.Timeout | undefined;
  private flushScheduled = false;
  private readonly handshaken = new WeakSet<ChildSession>();

  constructor(argv: readonly string[], options: ProtocolOptions = {}) {
    if (argv.length === 0) throw new ProtocolError('no command given for the protocol child');
    this.argv = argv;
    this.command = formatCommand(argv);
    this.options = { ...DEFAULT_PROTOCOL_OPTIONS, ...options };
    if (this.options.totalTimeoutMs > 0) {
      this.totalTimer = setTimeout(() => this.shutDown(new ProtocolError(
        `${this.command}: the total timeout of ${this.options.totalTimeoutMs} ms for this session ran out`,
        this.session?.stderrTail(),
      )), this.options.totalTimeoutMs);
      this.totalTimer.unref();
    }
  }

  /** Starts the first child and waits for its handshake. */
  async start(): Promise<Handshake> {
    await this.ensureStarted();
    return this.handshake!;
  }

  /** Sends one request (batched with whatever else is waiting) and decodes its result. */
  call<T>(request: Omit<WireRequest, 'id'>, decode: (result: unknown) => T): Promise<T> {
    if (this.closedReason) return Promise.reject(this.closedReason);
    return new Promise<T>((resolve, reject) => {
      // Serialized now: the caller may reuse its arrays, and the size decides the batching.
      const body = JSON.stringify(request);
      this.queue.push({ op: request.op, body, decode, resolve: resolve as (value: unknown) => void, reject });
      this.scheduleFlush();
    });
  }

  /** Stops the child politely, fails whatever is still waiting, and releases timers. */
  async dispose(): Promise<void> {
    const session = this.session;
    this.shutDown(new ProtocolError(`${this.command}: the session was closed`), false);
    await session?.close(this.options.closeGraceMs);
  }

  // ---------------------------------------------------------------- starting

  private ensureStarted(): Promise<void> {
    if (this.session && !this.session.ended && this.handshake) return Promise.resolve();
    this.starting ??= this.startChild().finally(() => { this.starting = undefined; });
    return this.starting;
  }

  private async startChild(): Promise<void> {
    const restarts = this.starts - 1;
    if (this.starts > 0 && restarts >= this.options.maxRestarts) {
      throw new ProtocolError(`${this.command}: gave up after ${restarts} restart${restarts === 1 ? '' : 's'}; `
        + `the last fault was: ${this.lastFault?.message ?? 'unknown'}`);
    }
    this.starts++;
    const session = new ChildSession(this.argv, {
      maxLineBytes: this.options.maxLineBytes,
      stderrTailBytes: this.options.stderrTailBytes,
      cwd: this.options.cwd,
      env: this.options.env,
      onStderr: this.options.onStderr,
    }, {
      line: (text) => this.onLine(session, text),
      ended: (reason) => this.onEnded(session, reason),
    });
    this.session = session;
    if (session.pid !== undefined) this.startedPids.push(session.pid);

    const firstLine = new Promise<string>((resolve, reject) => { this.handshakeWaiter = { resolve, reject }; });
    const timer = setTimeout(() => this.fault(session,
      `the child sent no handshake within ${this.options.handshakeTimeoutMs} ms`), this.options.handshakeTimeoutMs);
    try {
      const line = await firstLine;
      const handshake = this.parseHandshakeLine(line);
      // Something may have gone wrong right after the handshake (e.g. a stray second line).
      if (this.session !== session) throw this.lastFault ?? this.describeFault(session, 'the child ended');
      // The first child's declaration stands: the cases were generated from it.
      this.handshake ??= handshake;
      this.handshaken.add(session);
    } catch (error) {
      const fault = error instanceof ProtocolError ? error : this.describeFault(session, (error as Error).message);
      if (fault !== this.lastFault && fault !== this.closedReason) this.record(fault);
      this.session = undefined;
      await session.kill();
      throw fault;
    } finally {
      clearTimeout(timer);
      this.handshakeWaiter = undefined;
    }
  }

  private parseHandshakeLine(line: string): Handshake {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      throw new WireError(`the child's first line is not JSON (expected the handshake): ${preview(line)}`);
    }
    return parseHandshake(message);
  }

  // ---------------------------------------------------------------- sending

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Let the caller's loop queue its other calls first, so they travel in one batch.
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inFlight || this.queue.length === 0 || this.closedReason) return;
    try {
      await this.ensureStarted();
    } catch (error) {
      // The calls that were waiting for this child fail with the reason; later calls try again.
      for (const call of this.queue.splice(0)) call.reject(error as Error);
      return;
    }
    if (this.inFlight || this.queue.length === 0 || this.closedReason) return;
    const session = this.session;
    if (!session) return this.scheduleFlush();
    const calls = this.takeBatch().map((call) => ({ id: this.nextId++, call }));
    const withId = ({ id, call }: InFlight['calls'][number]) => `{"id":${id},${call.body.slice(1)}`;
    const id = calls.length === 1 ? calls[0]!.id : this.nextId++;
    const line = calls.length === 1 ? withId(calls[0]!) : `{"id":${id},"batch":[${calls.map(withId).join(',')}]}`;
    const timer = setTimeout(() => this.fault(session,
      `no answer to request ${id}${calls.length > 1 ? ` (a batch of ${calls.length})` : ''} `
      + `within the request timeout of ${this.options.requestTimeoutMs} ms`), this.options.requestTimeoutMs);
    this.inFlight = { id, calls, timer };
    session.send(line);
  }

  /** The next calls to send: at least one, then as many as the batch limits allow. */
  private takeBatch(): PendingCall[] {
    let count = 1;
    let bytes = this.queue[0]!.body.length;
    while (count < this.queue.length && count < this.options.maxBatchSize) {
      bytes += this.queue[count]!.body.length;
      if (bytes > this.options.maxBatchBytes) break;
      count++;
    }
    return this.queue.splice(0, count);
  }

  // ---------------------------------------------------------------- receiving

  private onLine(session: ChildSession, line: string): void {
    if (session !== this.session) return;
    if (this.handshakeWaiter) {
      this.handshakeWaiter.resolve(line);
      this.handshakeWaiter = undefined;
      return;
    }
    const inFlight = this.inFlight;
    if (!inFlight) return this.fault(session, `the child sent a line when no request was waiting: ${preview(line)}`);
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      return this.fault(session, `the child sent a line that is not JSON: ${preview(line)}`);
    }
    if (!isObject(message)) return this.fault(session, `the child sent JSON that is not a response object: ${preview(line)}`);
    if (message.id !== inFlight.id) {
      return this.fault(session, `the child answered id ${preview(message.id)} while request ${inFlight.id} was waiting`);
    }
    let answers: unknown[];
    if (inFlight.calls.length === 1) {
      answers = [message];
    } else if (Array.isArray(message.batch) && message.batch.length === inFlight.calls.length) {
      answers = message.batch;
    } else {
      return this.fault(session, `the answer to batch ${inFlight.id} should hold ${inFlight.calls.length} responses `
        + `in "batch", got ${Array.isArray(message.batch) ? message.batch.length : preview(message.batch)}`);
    }
    for (let i = 0; i < answers.length; i++) {
      const answer = answers[i];
      if (!isObject(answer) || answer.id !== inFlight.calls[i]!.id) {
        return this.fault(session, `batch ${inFlight.id}: response ${i} should have id ${inFlight.calls[i]!.id}, `
          + `got ${preview(isObject(answer) ? answer.id : answer)}`);
      }
    }
    clearTimeout(inFlight.timer);
    this.inFlight = undefined;
    answers.forEach((answer, i) => this.settle(session, inFlight.calls[i]!, answer as Record<string, unknown>));
    this.scheduleFlush();
  }

  /** One response: a result checked against its request, or the implementation's own error. */
  private settle(session: ChildSession, { id, call }: InFlight['calls'][number], answer: Record<string, unknown>): void {
    const where = `${this.command}: response ${id} (${call.op})`;
    if ('error' in answer) {
      const error = answer.error;
      if (isObject(error) && typeof error.message === 'string') {
        call.reject(new ReportedError(error.message, typeof error.type === 'string' ? error.type : undefined));
      } else {
        call.reject(new ProtocolError(`${where}: "error" should be an object with a "message" string, got ${preview(error)}`));
      }
      return;
    }
    if (!('result' in answer)) {
      call.reject(new ProtocolError(`${where}: has neither "result" nor "error"`, session.stderrTail()));
      return;
    }
    try {
      call.resolve(call.decode(answer.result));
    } catch (error) {
      call.reject(new ProtocolError(`${where}: ${(error as Error).message}`, session.stderrTail()));
    }
  }

  // ---------------------------------------------------------------- faults

  private onEnded(session: ChildSession, reason: string): void {
    if (session !== this.session) return;
    this.fault(session, reason);
  }

  /** The child misbehaved: fail what it was working on, kill it, and go on with a new one. */
  private fault(session: ChildSession, what: string): void {
    if (session !== this.session) return;
    const error = this.describeFault(session, what);
    this.record(error);
    this.session = undefined;
    if (this.handshakeWaiter) this.handshakeWaiter.reject(error);
    if (this.inFlight) {
      clearTimeout(this.inFlight.timer);
      for (const { call } of this.inFlight.calls) call.reject(error);
      this.inFlight = undefined;
    }
    void session.kill();
    // Calls that were only queued did not cause the fault; they go to the next child.
    if (!this.handshakeWaiter) this.scheduleFlush();
  }

  private record(fault: ProtocolError): void {
    this.lastFault = fault;
    this.faults.push(fault);
    this.options.onFault?.(fault);
  }

  private describeFault(session: ChildSession, what: string): ProtocolError {
    const phase = this.handshaken.has(session) ? '' : ' (while starting)';
    return new ProtocolError(`${this.command}${phase}: ${what}`, session.stderrTail());
  }

  private shutDown(reason: ProtocolError, kill = true): void {
    if (this.closedReason) return;
    this.closedReason = reason;
    clearTimeout(this.totalTimer);
    const session = this.session;
    this.session = undefined;
    this.handshakeWaiter?.reject(reason);
    if (this.inFlight) {
      clearTimeout(this.inFlight.timer);
      for (const { call } of this.inFlight.calls) call.reject(reason);
      this.inFlight = undefined;
    }
    for (const call of this.queue.splice(0)) call.reject(reason);
    if (kill) void session?.kill();
  }
}
