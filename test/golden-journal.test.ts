/**
 * The accept journal is checked before anything is moved or removed: a journal poolcheck did not
 * write (a `next` of `../../../some/dir`, an absolute path, a symbolic link) stops
 * `poolcheck golden update` with one line, and nothing outside the corpus's own siblings is touched.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { loadGolden, recoverInterruptedAccept, updateGolden } from '../src/golden/index.js';
import { fakeCorpus, sampleCases, temporaryDir } from './golden-fixtures.js';

/** A corpus at <root>/repo/golden, and a precious directory outside it at <root>/precious. */
function setUp(label: string): { root: string; golden: string; precious: string; journal: string } {
  const root = temporaryDir(label);
  const golden = fakeCorpus(label, sampleCases(1), undefined, path.join(root, 'repo', 'golden'));
  const precious = path.join(root, 'precious');
  mkdirSync(precious);
  writeFileSync(path.join(precious, 'keep.txt'), 'do not delete');
  return { root, golden, precious, journal: path.join(root, 'repo', '.golden.accept-journal.json') };
}

const hostile: [string, (precious: string) => object, RegExp][] = [
  ['next climbs out of the parent', () => ({ golden: 'golden', next: '../precious', previous: null }), /"next" is "\.\.\/precious", not a sibling named \.golden\.next-<pid>-<time>/],
  ['next is an absolute path', (p) => ({ golden: 'golden', next: p, previous: null }), /"next" is ".*precious", not a sibling/],
  ['previous climbs out', () => ({ golden: 'golden', next: '.golden.next-1-2', previous: '../../precious' }), /"previous" is "\.\.\/\.\.\/precious", not null or a sibling named golden\.prev-<time>/],
  ['golden names another directory', () => ({ golden: '../precious', next: '.golden.next-1-2', previous: null }), /"golden" is "\.\.\/precious", expected "golden"/],
  ['an unknown field', () => ({ golden: 'golden', next: '.golden.next-1-2', previous: null, rm: '/' }), /unknown field rm/],
];

describe('a hostile or damaged accept journal', () => {
  it.each(hostile)('%s: refused before anything is moved or removed', async (_label, journal, message) => {
    const { golden, precious, journal: file } = setUp('journal');
    writeFileSync(file, JSON.stringify(journal(precious)));
    const siblings = readdirSync(path.dirname(golden)).sort();
    expect(() => recoverInterruptedAccept(golden)).toThrow(message);
    await expect(updateGolden({ dir: golden, log: () => undefined, regenerate: async () => { throw new Error('must not regenerate'); } }))
      .rejects.toThrow(/nothing was moved or removed/);
    expect(readFileSync(path.join(precious, 'keep.txt'), 'utf8')).toBe('do not delete');
    expect(readdirSync(path.dirname(golden)).sort()).toEqual(siblings);
    expect(loadGolden(golden).cases).toHaveLength(sampleCases(1).length);
  });

  it('the command line says it in one line and exits 2', async () => {
    const { golden, precious, journal } = setUp('journal-cli');
    writeFileSync(journal, JSON.stringify({ golden: 'golden', next: '../../../precious', previous: null }));
    const errors: string[] = [];
    const error = console.error;
    console.error = (line: string) => errors.push(line);
    try {
      expect(await main(['golden', 'update', '--dir', golden])).toBe(2);
    } finally {
      console.error = error;
    }
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^poolcheck: golden update failed: .*\.golden\.accept-journal\.json: "next" is "\.\.\/\.\.\/\.\.\/precious", not a sibling .*; nothing was moved or removed/);
    expect(existsSync(path.join(precious, 'keep.txt'))).toBe(true);
  });

  it('a well-named next that is a symbolic link to a directory elsewhere is refused too', () => {
    const { golden, precious, journal } = setUp('journal-link');
    symlinkSync(precious, path.join(path.dirname(golden), '.golden.next-1-2'));
    writeFileSync(journal, JSON.stringify({ golden: 'golden', next: '.golden.next-1-2', previous: null }));
    expect(() => recoverInterruptedAccept(golden)).toThrow(/\.golden\.next-1-2 is not a directory \(a symbolic link\)/);
    expect(readFileSync(path.join(precious, 'keep.txt'), 'utf8')).toBe('do not delete');
  });

  it('a journal that is not JSON is a clear error', () => {
    const { golden, journal } = setUp('journal-garbage');
    writeFileSync(journal, '{"golden": "gold');
    expect(() => recoverInterruptedAccept(golden)).toThrow(/accept-journal\.json: not a readable accept journal \(.*\); nothing was moved or removed/);
  });
});
