/**
 * `--cmd` strings become argv without a shell, and `poolcheck verify --cmd` / `--impl torch` /
 * `--impl scratch-python` reach the protocol implementations with clean exit codes and errors.
 */
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCommand } from '../src/adapters/protocol/index.js';
import { main } from '../src/cli/main.js';
import { packageRoot } from '../src/paths.js';

describe('parseCommand', () => {
  it.each([
    ['python3 port.py', ['python3', 'port.py']],
    ['  python3   -u  port.py  ', ['python3', '-u', 'port.py']],
    [`python3 'my dir/port.py' --name "a \\"quoted\\" name"`, ['python3', 'my dir/port.py', '--name', 'a "quoted" name']],
    ['a\\ b c', ['a b', 'c']],
    [`echo '' "" x`, ['echo', '', '', 'x']],
    ['prog $HOME `id` ; rm -rf / | cat', ['prog', '$HOME', '`id`', ';', 'rm', '-rf', '/', '|', 'cat']],
  ])('%s', (command, argv) => {
    expect(parseCommand(command)).toEqual(argv);
  });

  it.each([
    ['', /--cmd is empty/],
    ['   ', /--cmd is empty/],
    [`python3 'port.py`, /unterminated ' quote/],
    ['python3 "port.py', /unterminated " quote/],
    ['python3 port.py\\', /lone backslash/],
  ])('refuses %j', (command, message) => {
    expect(() => parseCommand(command)).toThrow(message);
  });
});

describe('poolcheck verify with protocol implementations', () => {
  const out: string[] = [];
  const err: string[] = [];
  afterEach(() => { out.length = 0; err.length = 0; vi.restoreAllMocks(); });
  async function run(...argv: string[]): Promise<number> {
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => { out.push(String(line)); });
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => { err.push(String(line)); });
    return main(argv);
  }
  const port = path.join(packageRoot, 'examples', 'protocol-python', 'poolcheck_port.py');

  it('--cmd runs the suite against the scratch port (exit 0)', async () => {
    const code = await run('verify', '--cmd', `python3 '${port}'`, '--only', 'tie-break,max-of-window', '--runs', '20', '--seed', '7');
    expect(out.join('\n')).toMatch(/scratch-python conforms/);
    expect(code).toBe(0);
  });

  it('--impl scratch-python is the same port by name', async () => {
    const code = await run('verify', '--impl', 'scratch-python', '--only', 'tie-break', '--runs', '10', '--seed', '7');
    expect(out.join('\n')).toMatch(/scratch-python conforms/);
    expect(code).toBe(0);
  });

  it('a --cmd that cannot start is a one-line usage error (exit 2)', async () => {
    const code = await run('verify', '--cmd', '/nonexistent/server --flag', '--runs', '1');
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toBe('poolcheck: /nonexistent/server --flag (while starting): could not start: spawn /nonexistent/server ENOENT');
  });

  it('--cmd with an unterminated quote is a usage error', async () => {
    expect(await run('verify', '--cmd', `python3 'x`)).toBe(2);
    expect(err.join()).toMatch(/unterminated ' quote/);
  });

  it('needs exactly one of --impl and --cmd', async () => {
    expect(await run('verify')).toBe(2);
    expect(err.join()).toMatch(/give either --impl <name\|module> or --cmd/);
    err.length = 0;
    expect(await run('verify', '--impl', 'reference', '--cmd', 'python3 x.py')).toBe(2);
    expect(err.join()).toMatch(/give either --impl/);
  });
});
