/**
 * poolcheck as its users get it: the package as `npm pack` makes it, installed into a fresh
 * project with npm's default configuration (no .npmrc anywhere: not ours, not the user's),
 * offline, from the npm cache that this repository's `npm ci` filled. Then, in that project, what
 * the README's "Use it in your project" tells a user to do: verify the README's port module
 * (exit 0) and the same module with its tie bug (exit 1, with the counterexample), the README's
 * vitest file for both, `poolcheck golden verify`, a built-in whose framework is not installed
 * (one line, exit 2), and the CI workflow in examples/ci/ (parsed, and its verify step run).
 *
 * The install must not need anything but npm registry tarballs: it runs offline, and no package
 * in the installed tree may have an install script (the way a package reaches beyond the
 * registry, as onnxruntime-node's did). The sizes it prints are apparent sizes (file bytes).
 */
import { execFile } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { packageRoot } from '../src/paths.js';
import { PROPERTY_IDS } from '../src/properties/catalogue/index.js';
import { consumerLock, tarballIntegrity, type PackedManifest } from './consumer/lockfile.js';

/** What a project may install besides poolcheck to use poolcheck/vitest: our own vitest. */
const VITEST_VERSION = (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
}).devDependencies.vitest!;
const MAX_POOLCHECK_MB = 30;

interface Run { code: number; stdout: string; stderr: string }

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Run> {
  return promisify(execFile)(command, args, { ...options, maxBuffer: 64 << 20, timeout: 300_000 })
    .then((r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code?: number | string; stdout?: string; stderr?: string; message: string }) => ({
        code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? e.message,
      }));
}

/** The cache this repository's install used: npm tells its scripts, else npm's own default. */
async function npmCache(): Promise<string> {
  if (process.env.npm_config_cache) return process.env.npm_config_cache;
  const got = await run('npm', ['config', 'get', 'cache'], { cwd: packageRoot, env: process.env });
  return got.stdout.trim();
}

/**
 * The environment of a fresh shell on a user's machine: nothing from the npm run that started
 * these tests (npm_config_* would carry our .npmrc), nothing from vitest, config files that do
 * not exist, offline, and proxies that refuse, so that an install script that downloads fails.
 */
function consumerEnv(dir: string, cache: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|vitest|poolcheck_)/i.test(key) && !['NODE_OPTIONS', 'TEST', 'NODE_ENV'].includes(key)) env[key] = value;
  }
  return {
    ...env,
    npm_config_userconfig: path.join(dir, 'no-user-npmrc'),
    npm_config_globalconfig: path.join(dir, 'no-global-npmrc'),
    npm_config_cache: cache,
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
    HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9', http_proxy: 'http://127.0.0.1:9', https_proxy: 'http://127.0.0.1:9',
    CI: '1', NO_COLOR: '1', FORCE_COLOR: '0',
  };
}

/** Bytes of the files under a directory, not following links; `skip` names subfolders left out. */
function apparentSize(dir: string, skip: ReadonlySet<string> = new Set()): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    if (skip.has(name)) continue;
    const file = path.join(dir, name);
    const stat = lstatSync(file);
    total += stat.isDirectory() ? apparentSize(file) : stat.size;
  }
  return total;
}

const megabytes = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

/** A fenced code block of the README whose first line is `// <name>` (or `# <name>`). */
function readmeBlock(readme: string, name: string): string {
  const block = new RegExp(`\`\`\`[a-z]*\\n((?://|#) ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n[\\s\\S]*?)\`\`\``).exec(readme);
  if (!block) throw new Error(`README.md has no code block starting with "// ${name}"`);
  return block[1]!;
}

describe('a fresh project that installs the packed package', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let installSeconds: number;
  const readme = readFileSync(path.join(packageRoot, 'README.md'), 'utf8');
  const poolcheck = (args: string[]) => run('npx', ['poolcheck', ...args], { cwd: dir, env });

  beforeAll(async () => {
    expect(existsSync(path.join(packageRoot, 'dist', 'cli', 'bin.js')), 'dist/ is missing: npm test builds it (npm run build)').toBe(true);
    dir = mkdtempSync(path.join(tmpdir(), 'poolcheck-consumer-'));
    const cache = await npmCache();
    env = consumerEnv(dir, cache);
    // dist/ was just built by `npm test`; packing runs no script, so it packs what was tested.
    const pack = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: packageRoot, env: process.env });
    expect(pack.code, pack.stderr).toBe(0);
    const tarball = (JSON.parse(pack.stdout) as { filename: string }[])[0]!.filename;
    const packed = JSON.parse((await run('tar', ['-xzOf', path.join(dir, tarball), 'package/package.json'], { cwd: dir, env })).stdout) as PackedManifest;
    const repoLock = JSON.parse(readFileSync(path.join(packageRoot, 'package-lock.json'), 'utf8'));
    const { packageJson, lock } = consumerLock(repoLock, packed, { file: tarball, integrity: tarballIntegrity(path.join(dir, tarball)) },
      { vitest: VITEST_VERSION });
    // Every package comes from the npm registry: no git, URL or file dependency but ours.
    for (const [at, entry] of Object.entries((lock as { packages: Record<string, { resolved?: string }> }).packages)) {
      if (at === '' || at === `node_modules/${packed.name}`) continue;
      expect(entry.resolved === undefined || entry.resolved.startsWith('https://registry.npmjs.org/'), `${at} resolved ${entry.resolved}`).toBe(true);
    }
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
    writeFileSync(path.join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);

    const start = performance.now();
    const install = await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, env });
    installSeconds = (performance.now() - start) / 1000;
    expect(install.code, `npm ci in the consumer project failed (cache ${cache}):\n${install.stderr}`).toBe(0);

    // The README's files, as a user copies them.
    const good = readmeBlock(readme, 'my-pool.mjs');
    writeFileSync(path.join(dir, 'my-pool.mjs'), good);
    const buggy = good.replace('if (v > best || Number.isNaN(v))', 'if (v >= best || Number.isNaN(v))');
    expect(buggy, 'the README port has the tie rule this test turns into the bug').not.toBe(good);
    writeFileSync(path.join(dir, 'buggy-port.mjs'), buggy);
    mkdirSync(path.join(dir, 'test'));
    writeFileSync(path.join(dir, 'test', 'my-pool.test.mjs'), readmeBlock(readme, 'test/my-pool.test.mjs'));
    const deviations = /```json\n(\{\n {2}"implementation": "my-pool"[\s\S]*?\n)```/.exec(readme);
    expect(deviations, 'README.md has the deviation file of my-pool').not.toBeNull();
    writeFileSync(path.join(dir, 'poolcheck-deviations.json'), deviations![1]!);
  }, 600_000);

  afterAll(() => {
    // POOLCHECK_CONSUMER_KEEP=1 keeps the project, to look at or to take the README's output from.
    if (process.env.POOLCHECK_CONSUMER_KEEP) console.log(`consumer project kept in ${dir}`);
    else if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`installs offline with no install script, poolcheck and its dependencies in ≤ ${MAX_POOLCHECK_MB} MB`, () => {
    const tree = JSON.parse(readFileSync(path.join(dir, 'node_modules', '.package-lock.json'), 'utf8')) as {
      packages: Record<string, { hasInstallScript?: boolean; dev?: boolean }>;
    };
    const withScripts = Object.entries(tree.packages).filter(([, entry]) => entry.hasInstallScript).map(([at]) => at);
    expect(withScripts, 'packages that run an install script (which may download from outside the registry)').toEqual([]);
    for (const framework of ['@tensorflow/tfjs-core', 'onnxruntime-node', 'onnx-proto']) {
      expect(existsSync(path.join(dir, 'node_modules', framework)), `${framework} installed`).toBe(false);
    }
    // poolcheck's own share: it and what its package.json pulls in, without vitest's tree.
    const packed = JSON.parse(readFileSync(path.join(dir, 'node_modules', 'poolcheck', 'package.json'), 'utf8')) as PackedManifest;
    const repoLock = JSON.parse(readFileSync(path.join(packageRoot, 'package-lock.json'), 'utf8'));
    const own = Object.keys((consumerLock(repoLock, packed, { file: 'x.tgz', integrity: '' }, {}).lock as { packages: object }).packages)
      .filter((at) => at !== '');
    const ownBytes = own.reduce((sum, at) => sum + apparentSize(path.join(dir, at), new Set(['node_modules'])), 0);
    const allBytes = apparentSize(path.join(dir, 'node_modules'));
    console.log(`consumer install: npm ci --offline in ${installSeconds.toFixed(1)} s; node_modules ${megabytes(allBytes)} MB ` +
      `(${Object.keys(tree.packages).length - 1} packages), of which poolcheck and its ${own.length - 1} dependencies ${megabytes(ownBytes)} MB ` +
      `and vitest ${VITEST_VERSION} with its tree the rest`);
    expect(ownBytes / 2 ** 20).toBeLessThanOrEqual(MAX_POOLCHECK_MB);
  });

  it('npx poolcheck verify fails the port with the tie bug (exit 1), printing its counterexample and replay', async () => {
    const result = await poolcheck(['verify', '--impl', './buggy-port.mjs', '--runs', '30', '--only', 'tie-break,output-shape']);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^FAIL tie-break$/m);
    expect(result.stdout).toMatch(/expected indices/);
    expect(result.stdout).toMatch(/replay: poolcheck verify --impl \.\/buggy-port\.mjs --only tie-break --seed -?\d+ --path [\d:]+/);
    expect(result.stdout).toMatch(/^buggy-port does NOT conform: 1 passed, 1 failed/m);
  });

  it('the README deviation file lets the tie bug through as a known bug only where verify says so', async () => {
    const result = await poolcheck(['verify', '--impl', './buggy-port.mjs', '--runs', '30', '--only', 'tie-break',
      '--deviations', 'poolcheck-deviations.json']);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^FAIL known bug ties-keep-last: reproduced in \d+ case\(s\) of tie-break/m);
  });

  it('the README vitest file passes for the port and fails for the buggy one', async () => {
    // One vitest run for both: the README's file, and the same file importing the buggy port.
    writeFileSync(path.join(dir, 'test', 'buggy-port.test.mjs'),
      readFileSync(path.join(dir, 'test', 'my-pool.test.mjs'), 'utf8').replace('../my-pool.mjs', '../buggy-port.mjs'));
    // Fewer cases than the default 100, through the override the README documents.
    const result = await run('npx', ['vitest', 'run', '--reporter=json', '--outputFile=vitest.json'], {
      cwd: dir, env: { ...env, POOLCHECK_RUNS: '30' },
    });
    expect(result.code, result.stderr).toBe(1);
    const files = (JSON.parse(readFileSync(path.join(dir, 'vitest.json'), 'utf8')) as {
      testResults: { name: string; assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
    }).testResults;
    const tests = (file: string) => files.find((r) => r.name.endsWith(file))!.assertionResults;
    const good = tests('my-pool.test.mjs');
    expect(good.filter((a) => a.status === 'passed')).toHaveLength(12);
    expect(good.filter((a) => a.status === 'failed')).toEqual([]);
    const failed = tests('buggy-port.test.mjs').filter((a) => a.status === 'failed');
    const tieBreak = failed.find((a) => a.title.startsWith('tie-break'));
    expect(tieBreak, failed.map((a) => a.title).join(', ')).toBeDefined();
    expect(tieBreak!.failureMessages.join('\n')).toMatch(/POOLCHECK_SEED=-?\d+ POOLCHECK_ONLY=tie-break POOLCHECK_PATH=/);
  });

  it('npx poolcheck golden verify checks the reference against the corpus shipped in the package', async () => {
    const result = await poolcheck(['golden', 'verify']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/node_modules\/poolcheck\/golden/);
  });

  it('a built-in whose framework is not installed: one line with the install command, exit 2; the matrix says "not installed"', async () => {
    const verify = await poolcheck(['verify', '--impl', 'tfjs-wasm']);
    expect(verify.code).toBe(2);
    expect(verify.stderr.trim().split('\n')).toEqual([
      'poolcheck: --impl tfjs-wasm needs @tensorflow/tfjs-core and @tensorflow/tfjs-backend-wasm, not installed; ' +
        'install with: npm i -D @tensorflow/tfjs-core@4.22.0 @tensorflow/tfjs-backend-wasm@4.22.0',
    ]);
    const matrix = await poolcheck(['matrix', '--impls', 'tfjs-cpu,onnxruntime', '--runs', '5', '--seed', '1']);
    expect(matrix.stderr).toBe('');
    for (const property of PROPERTY_IDS) expect(matrix.stdout).toMatch(new RegExp(`^${property} +not installed +not installed$`, 'm'));
    expect(matrix.stdout).toContain('install with: npm i -D onnxruntime-node@1.30.0 onnx-proto@8.0.1 --onnxruntime-node-install=skip');
  });

  it('the CI workflow in examples/ci/ parses; its verify step, npx poolcheck verify of the README port, exits 0 and writes the JUnit report it uploads', async () => {
    const workflow = parseYaml(readFileSync(path.join(packageRoot, 'examples', 'ci', 'poolcheck.yml'), 'utf8')) as {
      on: object; jobs: Record<string, { 'runs-on': string; steps: { uses?: string; run?: string; name?: string; with?: Record<string, unknown>; if?: string }[] }>;
    };
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    const [job] = Object.values(workflow.jobs);
    expect(job!['runs-on']).toMatch(/ubuntu/);
    const steps = job!.steps;
    const at = (test: (s: (typeof steps)[number]) => boolean) => steps.findIndex(test);
    const checkout = at((s) => /^actions\/checkout@v\d+$/.test(s.uses ?? ''));
    const node = at((s) => /^actions\/setup-node@v\d+$/.test(s.uses ?? ''));
    const install = at((s) => /^npm ci\b/.test(s.run ?? ''));
    const verify = at((s) => /npx poolcheck verify .*--junit /.test(s.run ?? ''));
    const upload = at((s) => /^actions\/upload-artifact@v\d+$/.test(s.uses ?? ''));
    expect([checkout, node, install, verify, upload].every((i) => i >= 0), JSON.stringify(steps)).toBe(true);
    expect(checkout < node && node < install && install < verify && verify < upload).toBe(true);
    expect(Number(steps[node]!.with!['node-version'])).toBeGreaterThanOrEqual(20);
    const junit = /--junit (\S+)/.exec(steps[verify]!.run!)![1]!;
    expect(steps[upload]!.with!.path).toBe(junit);
    expect(steps[upload]!.if).toBe('always()');

    const result = await run('sh', ['-e', '-c', steps[verify]!.run!], { cwd: dir, env });
    expect(steps[verify]!.run).toMatch(/npx poolcheck verify --impl \.\/my-pool\.mjs /);
    expect(result.stderr).toBe('');
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/^my-pool conforms: 12 passed, 0 failed, 3 not covered of 15 properties/m);
    const report = readFileSync(path.join(dir, junit), 'utf8');
    expect(report).toMatch(/^<\?xml/);
    expect(report).toMatch(/<testsuite [^>]*tests="15"[^>]*failures="0"/);
  });
});
