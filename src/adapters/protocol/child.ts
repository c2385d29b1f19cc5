/**
 * One running child process: spawns it with execa in its own process group, splits stdout
 * into lines under a length cap, keeps the tail of stderr, notices when it ends, and kills
 * the whole group. It knows nothing of the protocol's messages; the client does.
 */
import { execa, type ResultPromise } from 'execa';
import { signalGroup, trackGroup, untrackGroup } from './cleanup.js';
import { formatCommand } from './command.js';

export interface ChildLimits {
  /** Longest stdout line accepted, in bytes (the newline excluded). */
  maxLineBytes: number;
  /** How much of stderr is kept for error messages, in bytes. */
  stderrTailBytes: number;
  cwd?: string;
  env?: Record<string, string>;
  /** Sees everything the child writes to stderr, as it arrives. */
  onStderr?: (text: string) => void;
}

/** What the session reports: a complete stdout line, or the end of the child. */
export interface ChildEvents {
  line(text: string): void;
  /** Called once, when the child can no longer be talked to; `reason` says why. */
  ended(reason: string): void;
}

// After the child exits, its pipes may still be held open by something it started; wait this
// long for them to close so that the stderr tail is complete, then report anyway.
const PIPE_DRAIN_MS = 300;
// SIGKILL cannot be ignored; this only bounds the wait for the exit to be noticed.
const KILL_WAIT_MS = 2_000;

export class ChildSession {
  readonly command: string;
  private readonly subprocess: ResultPromise;
  private readonly events: ChildEvents;
  private readonly limits: ChildLimits;
  private partialLine: Buffer[] = [];
  private partialBytes = 0;
  private overflowed = false;
  private stderrChunks: Buffer[] = [];
  private stderrBytes = 0;
  private hasEnded = false;
  private readonly exited: Promise<void>;

  constructor(argv: readonly string[], limits: ChildLimits, events: ChildEvents) {
    this.command = formatCommand(argv);
    this.limits = limits;
    this.events = events;
    this.subprocess = execa(argv[0]!, argv.slice(1), {
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      // Its own process group, killed as a whole (see cleanup.ts).
      detached: process.platform !== 'win32',
      forceKillAfterDelay: 1_000,
      cwd: limits.cwd,
      env: limits.env,
      windowsHide: true,
    });
    const pid = this.subprocess.pid;
    if (pid !== undefined) trackGroup(pid);

    this.exited = new Promise<void>((resolve) => {
      // execa settles once the process is gone (or never started, e.g. ENOENT); with
      // reject: false it never rejects.
      void this.subprocess.then((result) => {
        if (pid !== undefined) {
          // Whatever the child started may still run in its group.
          signalGroup(pid, 'SIGKILL');
          untrackGroup(pid);
        }
        resolve();
        if (result.failed && result.exitCode === undefined && result.signal === undefined) {
          this.end(`could not start: ${result.originalMessage || result.shortMessage}`);
        }
      });
    });

    this.subprocess.stdout!.on('data', (chunk: Buffer) => this.onStdout(chunk));
    this.subprocess.stderr!.on('data', (chunk: Buffer) => this.onStderr(chunk));
    // Writing to a child that has died raises EPIPE here; the exit itself is what we report.
    this.subprocess.stdin!.on('error', () => {});
    this.subprocess.on('exit', (code, signal) => {
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const closed = new Promise<void>((resolve) => this.subprocess.once('close', () => resolve()));
      void Promise.race([closed, delay(PIPE_DRAIN_MS)]).then(() => {
        const unfinished = this.partialBytes > 0
          ? ` in the middle of a line (${this.partialBytes} bytes with no newline: ${quotePreview(Buffer.concat(this.partialLine))})`
          : '';
        this.end(`child ${how}${unfinished}`);
      });
    });
  }

  get pid(): number | undefined {
    return this.subprocess.pid;
  }

  get ended(): boolean {
    return this.hasEnded;
  }

  send(line: string): void {
    if (this.hasEnded) return;
    this.subprocess.stdin!.write(line.endsWith('\n') ? line : `${line}\n`);
  }

  /** The last lines of stderr, trimmed to the configured size. */
  stderrTail(maxLines = 20): string {
    const text = Buffer.concat(this.stderrChunks).toString('utf8').replace(/\s+$/, '');
    const lines = text.split('\n');
    return lines.slice(-maxLines).join('\n');
  }

  /** Kills the whole process group at once and waits until the child is gone. */
  async kill(): Promise<void> {
    this.end('child was stopped by poolcheck');
    const pid = this.subprocess.pid;
    if (pid !== undefined && !signalGroup(pid, 'SIGKILL')) this.subprocess.kill('SIGKILL');
    await Promise.race([this.exited, delay(KILL_WAIT_MS)]);
  }

  /** A polite stop: close stdin (a server ends at end of input), then kill after `graceMs`. */
  async close(graceMs: number): Promise<void> {
    this.end('child was closed by poolcheck');
    this.subprocess.stdin!.end();
    await Promise.race([this.exited, delay(graceMs)]);
    await this.kill();
  }

  private end(reason: string): void {
    if (this.hasEnded) return;
    this.hasEnded = true;
    this.events.ended(reason);
  }

  private onStdout(chunk: Buffer): void {
    if (this.hasEnded || this.overflowed) return;
    let start = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, newline);
      start = newline + 1;
      if (this.partialBytes + piece.byteLength > this.limits.maxLineBytes) return this.overflow();
      const line = this.partialBytes === 0 ? piece : Buffer.concat([...this.partialLine, piece]);
      this.partialLine = [];
      this.partialBytes = 0;
      this.events.line(line.toString('utf8'));
      if (this.hasEnded) return;
    }
    const rest = chunk.subarray(start);
    if (rest.byteLength === 0) return;
    if (this.partialBytes + rest.byteLength > this.limits.maxLineBytes) return this.overflow();
    this.partialLine.push(rest);
    this.partialBytes += rest.byteLength;
  }

  private overflow(): void {
    this.overflowed = true;
    this.partialLine = [];
    this.partialBytes = 0;
    this.end(`child wrote a stdout line longer than ${this.limits.maxLineBytes} bytes (the line length cap)`);
  }

  private onStderr(chunk: Buffer): void {
    this.limits.onStderr?.(chunk.toString('utf8'));
    this.stderrChunks.push(chunk);
    this.stderrBytes += chunk.byteLength;
    while (this.stderrBytes - this.stderrChunks[0]!.byteLength >= this.limits.stderrTailBytes) {
      this.stderrBytes -= this.stderrChunks.shift()!.byteLength;
    }
    if (this.stderrBytes > 2 * this.limits.stderrTailBytes) {
      const tail = Buffer.concat(this.stderrChunks).subarray(-this.limits.stderrTailBytes);
      this.stderrChunks = [tail];
      this.stderrBytes = tail.byteLength;
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function quotePreview(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
