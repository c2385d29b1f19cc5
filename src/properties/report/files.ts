/**
 * Writing a report file without destroying what the path names.
 *
 * A regular file (or a path that does not exist yet) is written atomically: a temporary file in
 * the same directory, then a rename over it, so a reader never sees half a report. A rename
 * replaces whatever the name pointed at, so it is never used on anything else:
 * - a symbolic link is followed: the report goes, by the same rules, to what the link names
 *   (the link stays a link, its target is updated; a dangling link's target is created);
 * - a character device (`/dev/null`, a terminal) and a FIFO (a named pipe, `>(jq .)`) are
 *   written directly, as `echo > /dev/null` would; a FIFO nobody reads is an error, not a hang;
 * - a directory, a socket or a block device is refused (a report is never written onto a disk).
 */
import { randomBytes } from 'node:crypto';
import {
  accessSync, chmodSync, closeSync, constants, existsSync, lstatSync, openSync, readlinkSync, realpathSync, renameSync,
  rmSync, statSync, unlinkSync, writeFileSync, writeSync, type Stats,
} from 'node:fs';
import path from 'node:path';

/** A report path that cannot be written; the message is one line, ready for the user. */
export class ReportPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportPathError';
  }
}

type Target =
  | { kind: 'regular'; file: string; mode?: number }
  | { kind: 'missing'; file: string }
  | { kind: 'special'; file: string; fifo: boolean };

/** Follows at most this many links, as the kernel does (ELOOP). */
const MAX_LINKS = 40;

function lstatOrUndefined(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ReportPathError(`cannot inspect ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isSocket()) return 'a socket';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** What writing `file` means: which file is replaced atomically, or written in place. */
function targetOf(file: string): Target {
  let current = path.resolve(file);
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    const stats = lstatOrUndefined(current);
    if (stats === undefined) return { kind: 'missing', file: current };
    if (stats.isFile()) return { kind: 'regular', file: current, mode: stats.mode & 0o7777 };
    if (stats.isCharacterDevice() || stats.isFIFO()) return { kind: 'special', file: current, fifo: stats.isFIFO() };
    if (!stats.isSymbolicLink()) {
      throw new ReportPathError(`${file}: is ${kindOf(stats)}; a report is written only to a regular file, a character device or a FIFO`);
    }
    // The link's target as the kernel sees it; /dev/fd/N and /dev/stdout end in /proc "magic"
    // links (pipe:[…], socket:[…]) that only stat can follow, so ask stat first.
    let followed: Stats | undefined;
    try {
      followed = statSync(current);
    } catch {
      followed = undefined;
    }
    if (followed?.isCharacterDevice() || followed?.isFIFO()) return { kind: 'special', file: current, fifo: followed.isFIFO() };
    if (followed?.isFile()) return { kind: 'regular', file: realpathSync(current), mode: followed.mode & 0o7777 };
    if (followed) throw new ReportPathError(`${file}: is a symbolic link to ${kindOf(followed)}; a report is written only to a regular file, a character device or a FIFO`);
    // Dangling: follow the link by hand, so the report is created where it points.
    current = path.resolve(path.dirname(current), readlinkSync(current));
  }
  throw new ReportPathError(`${file}: too many levels of symbolic links`);
}

function errnoText(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/**
 * Checks, before a run, that `file` can receive a report: its directory exists and is writable,
 * or it is a writable character device or FIFO. Creates nothing outside a probe file that it
 * removes again (never beside a device). Returns the absolute path; throws ReportPathError.
 */
export function checkReportPath(file: string): string {
  const resolved = path.resolve(file);
  const target = targetOf(resolved);
  if (target.kind === 'special') {
    try {
      accessSync(target.file, constants.W_OK);
    } catch (error) {
      throw new ReportPathError(`${file}: cannot write to it (${errnoText(error)})`);
    }
    return resolved;
  }
  const dir = path.dirname(target.file);
  const shown = target.file === resolved ? '' : ` (the symbolic link's target ${target.file})`;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ReportPathError(`${file}: directory ${dir} does not exist${shown}`);
  // The report is written atomically (a temporary file beside it, then a rename), so a file must
  // be creatable there; tried now, so that a long run does not end in this error.
  const probe = path.join(dir, `.poolcheck-write-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    writeFileSync(probe, '', { flag: 'wx' });
    unlinkSync(probe);
  } catch (error) {
    throw new ReportPathError(`${file}: cannot write in ${dir} (${errnoText(error)})${shown}`);
  }
  return resolved;
}

/**
 * Writes `text` to `file` as the module comment says: atomically for a regular or new file (a
 * symbolic link's target), directly for a character device or FIFO. Throws ReportPathError.
 */
export function writeReportFile(file: string, text: string): void {
  const target = targetOf(file);
  if (target.kind === 'special') {
    writeSpecial(target.file, target.fifo, text);
    return;
  }
  const temp = path.join(path.dirname(target.file), `.${path.basename(target.file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, text, { flag: 'wx' });
    // The report replaces the file, not its permissions.
    if (target.kind === 'regular' && target.mode !== undefined) chmodSync(temp, target.mode);
    renameSync(temp, target.file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new ReportPathError(`cannot write ${file} (${errnoText(error)})`);
  }
}

/** How long a FIFO's reader may stall before the report is given up (not a hang). */
const FIFO_STALL_MS = 30_000;

function writeSpecial(file: string, fifo: boolean, text: string): void {
  let fd: number;
  try {
    // O_NONBLOCK on a FIFO: with nobody reading, open fails (ENXIO) instead of waiting forever.
    fd = openSync(file, constants.O_WRONLY | (fifo ? constants.O_NONBLOCK : 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ReportPathError(code === 'ENXIO'
      ? `cannot write ${file}: it is a FIFO and nothing is reading it`
      : `cannot write ${file} (${errnoText(error)})`);
  }
  try {
    const bytes = Buffer.from(text);
    let at = 0;
    let stalledSince: number | undefined;
    while (at < bytes.length) {
      try {
        at += writeSync(fd, bytes, at, bytes.length - at);
        stalledSince = undefined;
      } catch (error) {
        // A full pipe: wait for the reader, a little at a time, up to a bound.
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        stalledSince ??= Date.now();
        if (Date.now() - stalledSince > FIFO_STALL_MS) throw new Error(`the reader of the FIFO stopped reading for ${FIFO_STALL_MS / 1000} s`);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      }
    }
  } catch (error) {
    throw new ReportPathError(`cannot write ${file} (${errnoText(error)})`);
  } finally {
    closeSync(fd);
  }
}
