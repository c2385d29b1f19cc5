/**
 * Replacing the corpus directory without ever leaving a half-written one.
 *
 * The new corpus is written completely into a sibling directory and synced to disk first. Then a
 * journal records the plan, the old corpus is renamed aside (kept, to be recoverable), and the
 * new one renamed into place; each rename is atomic. If the process dies at any point, the
 * corpus directory holds either the complete old corpus or the complete new one, except in the
 * instant between the two renames, when it is absent and the journal says how to finish
 * (`recoverInterruptedAccept`, run first by every `poolcheck golden update`).
 */
import {
  closeSync, existsSync, fsyncSync, lstatSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

interface Journal {
  golden: string;
  next: string;
  previous: string | null;
}

export type AcceptStep = 'synced' | 'journal-written' | 'previous-moved' | 'next-moved' | 'done';

export interface AcceptOptions {
  now?: Date;
  /** Called after each step; tests throw here to simulate a kill. */
  afterStep?: (step: AcceptStep) => void;
}

export interface AcceptResult {
  /** Where the previous corpus now lives, if there was one. */
  previous?: string;
}

function journalPath(goldenDir: string): string {
  return path.join(path.dirname(goldenDir), `.${path.basename(goldenDir)}.accept-journal.json`);
}

/** A sibling directory name for a corpus being generated (same filesystem, so rename is atomic). */
export function nextDirFor(goldenDir: string): string {
  return path.join(path.dirname(goldenDir), `.${path.basename(goldenDir)}.next-${process.pid}-${Date.now()}`);
}

/** The sibling name the previous corpus is kept under, e.g. `golden.prev-20250101T120000Z`. */
function previousDirFor(goldenDir: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const base = path.join(path.dirname(goldenDir), `${path.basename(goldenDir)}.prev-${stamp}`);
  let candidate = base;
  for (let n = 1; existsSync(candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}

export function acceptCorpus(nextDir: string, goldenDir: string, options: AcceptOptions = {}): AcceptResult {
  const golden = path.resolve(goldenDir);
  const next = path.resolve(nextDir);
  const parent = path.dirname(golden);
  if (path.dirname(next) !== parent) throw new Error(`${next} must be a sibling of ${golden} for an atomic rename`);
  const step = options.afterStep ?? (() => undefined);

  syncTree(next);
  step('synced');

  const previous = existsSync(golden) ? previousDirFor(golden, options.now ?? new Date()) : null;
  writeJournal(golden, { golden: path.basename(golden), next: path.basename(next), previous: previous && path.basename(previous) });
  step('journal-written');

  if (previous) {
    renameSync(golden, previous);
    step('previous-moved');
  }
  renameSync(next, golden);
  syncDir(parent);
  step('next-moved');

  unlinkSync(journalPath(golden));
  syncDir(parent);
  step('done');
  return previous ? { previous } : {};
}

/** The accept journal is damaged or was not written by poolcheck: nothing was moved or removed. */
export class GoldenJournalError extends Error {
  constructor(journalFile: string, problem: string) {
    super(`${journalFile}: ${problem}; nothing was moved or removed (look at it, then delete it to go on)`);
    this.name = 'GoldenJournalError';
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Reads the journal and checks every name in it before anything is renamed or removed: each must
 * be exactly a name this module writes, a sibling of the corpus (`.golden.next-<pid>-<ms>`,
 * `golden.prev-<stamp>`), so a hand-made or hostile journal (`"next": "../../../some/dir"`) can
 * never make an update move or delete anything else.
 */
function readJournal(golden: string, journalFile: string): Journal {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(journalFile, 'utf8'));
  } catch (error) {
    throw new GoldenJournalError(journalFile, `not a readable accept journal (${(error as Error).message.split('\n')[0]})`);
  }
  const base = path.basename(golden);
  const j = raw as Partial<Record<string, unknown>>;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new GoldenJournalError(journalFile, 'not a JSON object');
  const unknown = Object.keys(j).filter((k) => !['golden', 'next', 'previous'].includes(k));
  if (unknown.length > 0) throw new GoldenJournalError(journalFile, `unknown field ${unknown.join(', ')}`);
  if (j.golden !== base) throw new GoldenJournalError(journalFile, `"golden" is ${JSON.stringify(j.golden)}, expected "${base}"`);
  const nextName = new RegExp(`^\\.${escapeRegExp(base)}\\.next-\\d+-\\d+$`);
  if (typeof j.next !== 'string' || !nextName.test(j.next)) {
    throw new GoldenJournalError(journalFile, `"next" is ${JSON.stringify(j.next)}, not a sibling named .${base}.next-<pid>-<time>`);
  }
  const previousName = new RegExp(`^${escapeRegExp(base)}\\.prev-\\d{8}T\\d{6}Z(-\\d+)?$`);
  if (j.previous !== null && (typeof j.previous !== 'string' || !previousName.test(j.previous))) {
    throw new GoldenJournalError(journalFile, `"previous" is ${JSON.stringify(j.previous)}, not null or a sibling named ${base}.prev-<time>`);
  }
  const parent = path.dirname(golden);
  for (const name of [j.next, j.previous]) {
    if (typeof name !== 'string') continue;
    const stats = lstatOrUndefined(path.join(parent, name));
    if (stats && !stats.isDirectory()) {
      throw new GoldenJournalError(journalFile, `${name} is not a directory (${stats.isSymbolicLink() ? 'a symbolic link' : 'a file'})`);
    }
  }
  return { golden: j.golden, next: j.next, previous: j.previous as string | null };
}

function lstatOrUndefined(file: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Finishes or rolls back an accept that was interrupted. Returns what it did, or undefined when
 * there was nothing to recover. Throws GoldenJournalError, before touching anything, for a journal
 * whose names are not the corpus's own siblings.
 */
export function recoverInterruptedAccept(goldenDir: string): string | undefined {
  const golden = path.resolve(goldenDir);
  const journalFile = journalPath(golden);
  if (!existsSync(journalFile)) return undefined;
  const journal = readJournal(golden, journalFile);
  const parent = path.dirname(golden);
  const next = path.join(parent, journal.next);
  const previous = journal.previous ? path.join(parent, journal.previous) : undefined;
  let done: string;
  if (!existsSync(golden) && existsSync(next)) {
    renameSync(next, golden);
    done = `finished an interrupted accept: moved ${journal.next} into place as ${journal.golden}`
      + (previous ? ` (the previous corpus is ${journal.previous})` : '');
  } else if (!existsSync(golden) && previous && existsSync(previous)) {
    renameSync(previous, golden);
    done = `an interrupted accept lost its new corpus; restored the previous one from ${journal.previous}`;
  } else if (existsSync(next)) {
    rmSync(next, { recursive: true, force: true });
    done = `an accept was interrupted before the swap; ${journal.golden} is unchanged (removed ${journal.next})`;
  } else {
    done = `an accept had finished but not cleaned up its journal; ${journal.golden} is the new corpus`;
  }
  syncDir(parent);
  unlinkSync(journalFile);
  syncDir(parent);
  return done;
}

/** For error messages when the corpus directory is missing. */
export function interruptedAcceptHint(goldenDir: string): string | undefined {
  const journalFile = journalPath(path.resolve(goldenDir));
  if (!existsSync(journalFile)) return undefined;
  try {
    const journal = readJournal(path.resolve(goldenDir), journalFile);
    return `the corpus directory is missing because \`poolcheck golden update --accept\` was interrupted; `
      + `run \`poolcheck golden update\` to finish it (PyTorch is not needed for that), `
      + `or rename ${journal.next} to ${journal.golden} yourself`;
  } catch {
    return undefined;
  }
}

/** Removes `.golden.next-<pid>-…` directories left by generations whose process is gone. */
export function removeStaleNextDirs(goldenDir: string): string[] {
  const golden = path.resolve(goldenDir);
  const parent = path.dirname(golden);
  if (!existsSync(parent)) return [];
  const prefix = `.${path.basename(golden)}.next-`;
  const removed: string[] = [];
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (pid === process.pid || (Number.isInteger(pid) && processAlive(pid))) continue;
    rmSync(path.join(parent, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function writeJournal(golden: string, journal: Journal): void {
  const file = journalPath(golden);
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(journal)}\n`);
  syncFile(temporary);
  renameSync(temporary, file);
  syncDir(path.dirname(golden));
}

function syncTree(dir: string): void {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) syncTree(full);
    else syncFile(full);
  }
  syncDir(dir);
}

function syncFile(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDir(dir: string): void {
  // Directory fsync makes the renames themselves durable (Linux); elsewhere it may be refused.
  try {
    syncFile(dir);
  } catch {
    /* not supported on this platform: the renames are still atomic */
  }
}
