/**
 * Report files are written safely: atomically for a regular file, never by a rename over a
 * device, a FIFO or a symbolic link; and for every run that started, marked incomplete when a
 * signal (or a deadline, through flushIncompleteReports) stops it.
 */
import { execFile, spawn } from 'node:child_process';
import {
  existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { checkReportPath, ReportPathError, writeReportFile } from '../src/properties/report/files.js';
import { flushIncompleteReports, openReportSink } from '../src/properties/report/sink.js';

const dir = mkdtempSync(path.join(tmpdir(), 'poolcheck-report-files-'));
const run = promisify(execFile);

async function makeFifo(file: string): Promise<void> {
  await run('mkfifo', [file]);
}

/** Reads a FIFO in a child process (slowly, when asked); resolves with what it read. */
function readFifo(file: string, slow = false): Promise<string> {
  const script = slow
    ? `import time,sys\nf=open(sys.argv[1],'rb')\nout=b''\nwhile True:\n  b=f.read(4096)\n  if not b: break\n  out+=b\n  time.sleep(0.002)\nsys.stdout.buffer.write(out)`
    : 'import sys\nsys.stdout.buffer.write(open(sys.argv[1],"rb").read())';
  return new Promise((resolve, reject) => {
    execFile('python3', ['-c', script, file], { maxBuffer: 1 << 24, encoding: 'utf8' }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}

async function cli(args: string[]): Promise<{ code: number; err: string }> {
  const errors: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = () => undefined;
  console.error = (line: string) => errors.push(line);
  try {
    return { code: await main(args), err: errors.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

const quickRun = ['verify', '--impl', 'reference', '--only', 'output-shape', '--runs', '5', '--seed', '1'];

describe('writeReportFile', () => {
  it('replaces a regular file atomically, keeps its permissions, leaves no temporary file', () => {
    const sub = mkdtempSync(path.join(dir, 'regular-'));
    const file = path.join(sub, 'r.json');
    writeFileSync(file, 'old', { mode: 0o640 });
    writeReportFile(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(sub)).toEqual(['r.json']);
  });

  it('a missing directory is a clear error, before the run and at write time, and creates nothing', async () => {
    const missing = path.join(dir, 'no-such-dir', 'r.json');
    expect(() => checkReportPath(missing)).toThrow(/r\.json: directory .*no-such-dir does not exist/);
    expect(() => writeReportFile(missing, 'x')).toThrow(ReportPathError);
    expect(existsSync(path.dirname(missing))).toBe(false);
    const { code, err } = await cli([...quickRun, '--json', missing]);
    expect(code).toBe(2);
    expect(err).toMatch(/^poolcheck: --json .*no-such-dir.*r\.json: directory .* does not exist$/);
  });

  it('follows a symbolic link: the target is updated atomically, the link stays a link', async () => {
    const sub = mkdtempSync(path.join(dir, 'link-'));
    writeFileSync(path.join(sub, 'target.json'), 'old');
    symlinkSync('target.json', path.join(sub, 'report.json'));
    expect((await cli([...quickRun, '--json', path.join(sub, 'report.json')])).code).toBe(0);
    expect(lstatSync(path.join(sub, 'report.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(sub, 'report.json'))).toBe('target.json');
    expect(JSON.parse(readFileSync(path.join(sub, 'target.json'), 'utf8'))).toMatchObject({ complete: true, conforms: true });
    expect(readdirSync(sub).sort()).toEqual(['report.json', 'target.json']);
  });

  it('a dangling symbolic link: its target is created; one into a missing directory is refused', () => {
    const sub = mkdtempSync(path.join(dir, 'dangling-'));
    symlinkSync('created.json', path.join(sub, 'report.json'));
    writeReportFile(path.join(sub, 'report.json'), 'hello');
    expect(readFileSync(path.join(sub, 'created.json'), 'utf8')).toBe('hello');
    expect(lstatSync(path.join(sub, 'report.json')).isSymbolicLink()).toBe(true);
    symlinkSync('nowhere/x.json', path.join(sub, 'bad.json'));
    expect(() => checkReportPath(path.join(sub, 'bad.json'))).toThrow(/bad\.json: directory .*nowhere does not exist \(the symbolic link's target/);
  });

  it('a character device (/dev/null) is written directly and stays a device (also as root)', async () => {
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    const before = readdirSync('/dev').length;
    const { code } = await cli([...quickRun, '--json', '/dev/null', '--junit', '/dev/null']);
    expect(code).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(lstatSync('/dev/null').isFile()).toBe(false);
    // No probe or temporary file was left in /dev.
    expect(readdirSync('/dev').filter((n) => n.includes('poolcheck'))).toEqual([]);
    expect(readdirSync('/dev').length).toBeLessThanOrEqual(before);
    console.log(`report to /dev/null checked as uid ${process.getuid?.() ?? 'unknown'}${process.getuid?.() === 0 ? ' (root: the case that used to replace the device)' : ''}`);
  });

  it('a FIFO is written directly (also more than a pipe buffer, to a slow reader) and stays a FIFO', async () => {
    const fifo = path.join(dir, 'report.fifo');
    await makeFifo(fifo);
    const big = `${'x'.repeat(300_000)}\n`;
    const reading = readFifo(fifo, true);
    // Until the reader has opened its end, the write is an error (not a wait): retry until it has.
    for (let tries = 0; ; tries++) {
      try {
        writeReportFile(fifo, big);
        break;
      } catch (error) {
        if (tries > 200 || !/nothing is reading it/.test((error as Error).message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    expect(await reading).toBe(big);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a FIFO nobody reads is a clear error, not a hang', async () => {
    const fifo = path.join(dir, 'unread.fifo');
    await makeFifo(fifo);
    expect(checkReportPath(fifo)).toBe(fifo);
    expect(() => writeReportFile(fifo, 'x')).toThrow(/it is a FIFO and nothing is reading it/);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a directory is refused before the run', async () => {
    const { code, err } = await cli([...quickRun, '--junit', dir]);
    expect(code).toBe(2);
    expect(err).toMatch(/^poolcheck: --junit .*: is a directory; a report is written only to a regular file, a character device or a FIFO$/);
  });
});

describe('report sinks: a report for every run that started', () => {
  it('complete() writes the finished reports once; flushIncompleteReports marks open ones incomplete', () => {
    const sub = mkdtempSync(path.join(dir, 'sink-'));
    const seen: (string | undefined)[] = [];
    const render = (name: string) => (incomplete: string | undefined) => {
      seen.push(incomplete);
      return [{ file: path.join(sub, name), text: incomplete === undefined ? 'complete' : `incomplete: ${incomplete}` }];
    };
    const finished = openReportSink(render('a.txt'));
    const stopped = openReportSink(render('b.txt'));
    finished.complete();
    expect(flushIncompleteReports('the whole-run deadline of 1 s passed')).toEqual([path.join(sub, 'b.txt')]);
    expect(readFileSync(path.join(sub, 'a.txt'), 'utf8')).toBe('complete');
    expect(readFileSync(path.join(sub, 'b.txt'), 'utf8')).toBe('incomplete: the whole-run deadline of 1 s passed');
    // Written once: later calls change nothing.
    stopped.complete();
    finished.incomplete('late');
    expect(seen).toEqual([undefined, 'the whole-run deadline of 1 s passed']);
    expect(stopped.written && finished.written).toBe(true);
    // No signal listener stays behind once every sink is written.
    expect(process.listeners('SIGTERM').some((l) => l.name === 'onSignal')).toBe(false);
  });

  const built = path.resolve('dist/cli/bin.js');
  it.skipIf(!existsSync(built)).each(['SIGTERM', 'SIGINT'] as const)(
    `a run stopped by %s writes JSON, JUnit and HTML marked incomplete (built command${existsSync(built) ? '' : ': dist/ not built, run `npm run build`'})`,
    async (signal) => {
      const sub = mkdtempSync(path.join(dir, `signal-${signal}-`));
      const json = path.join(sub, 'r.json');
      const junit = path.join(sub, 'r.xml');
      const page = path.join(sub, 'r.html');
      const child = spawn(process.execPath, [built, 'verify', '--impl', 'reference', '--runs', '1000000', '--seed', '1', '--json', json, '--junit', junit, '--html', page],
        { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      // The header is printed just before the run starts (and the sink opens).
      await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => { if (chunk.toString().includes('seed 1')) resolve(); }));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = performance.now();
      child.kill(signal);
      const [code, gotSignal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
      // Stopped promptly, and by the signal itself (a shell sees 128 + n).
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(gotSignal).toBe(signal);
      expect(code).toBeNull();
      const report = JSON.parse(readFileSync(json, 'utf8')) as { complete: boolean; incomplete: string; conforms: boolean; properties: unknown[] };
      expect(report).toMatchObject({ complete: false, incomplete: `stopped by ${signal}`, conforms: false });
      const xml = readFileSync(junit, 'utf8');
      expect(xml).toContain(`<property name="incomplete" value="stopped by ${signal}"/>`);
      expect(xml).toMatch(/<testcase [^>]*name="\(run incomplete\)"[^>]*>\s*<error message="the run did not finish: stopped by /);
      expect(xml).toMatch(/errors="1"/);
      expect(readFileSync(page, 'utf8')).toContain(`incomplete run: stopped by ${signal}`);
      expect(stderr).toContain(`poolcheck: stopped by ${signal}; incomplete report written to ${json}, ${junit}, ${page}`);
      expect(readdirSync(sub).sort()).toEqual(['r.html', 'r.json', 'r.xml']);
    },
    20_000,
  );
});

describe('a matrix stopped early', () => {
  it('still writes its Markdown and JSON, marked incomplete, with what finished', async () => {
    const sub = mkdtempSync(path.join(dir, 'matrix-'));
    mkdirSync(path.join(sub, 'out'));
    const json = path.join(sub, 'out', 'm.json');
    const markdown = path.join(sub, 'out', 'm.md');
    // A module whose load throws stops nothing (it is "not run"); an error inside the run does:
    // flushIncompleteReports is what a deadline calls, so call it from the first entry's output.
    const log = console.log;
    console.log = (line: string) => {
      if (String(line).includes('reference')) flushIncompleteReports('the whole-run deadline of 0 s passed');
    };
    try {
      await main(['matrix', '--impls', 'reference', '--runs', '3', '--seed', '1', '--json', json, '--markdown', markdown]);
    } finally {
      console.log = log;
    }
    const report = JSON.parse(readFileSync(json, 'utf8')) as { complete: boolean; incomplete: string; ok: boolean };
    expect(report.complete).toBe(false);
    expect(report.ok).toBe(false);
    expect(report.incomplete).toMatch(/^the whole-run deadline of 0 s passed; finished: (none|reference); not finished: /);
    expect(readFileSync(markdown, 'utf8')).toMatch(/^# Conformance matrix\n\n\*\*Incomplete run: the whole-run deadline of 0 s passed/);
  });
});
