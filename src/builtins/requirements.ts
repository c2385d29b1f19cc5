/**
 * What a built-in implementation needs beyond poolcheck itself. The frameworks are optional peer
 * dependencies (package.json `peerDependenciesMeta`), so that installing poolcheck to check one's
 * own port brings none of them; a built-in whose framework is missing says so in one line, with
 * the command that installs it at the version poolcheck is tested with.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageRoot } from '../paths.js';

/** A built-in implementation cannot load because something it needs is not installed. */
export class MissingFrameworkError extends Error {
  /** The command that installs what is missing. */
  readonly install: string;
  constructor(message: string, install: string) {
    super(message);
    this.name = 'MissingFrameworkError';
    this.install = install;
  }
}

const require = createRequire(import.meta.url);

/**
 * Whether `name` resolves from poolcheck's own location, looked up in the node_modules folders
 * Node itself would search. Only the package.json is checked: importing a framework to find out
 * would load it.
 */
export function isPackageInstalled(name: string): boolean {
  return (require.resolve.paths(name) ?? []).some((dir) => existsSync(path.join(dir, name, 'package.json')));
}

let peerRanges: Record<string, string> | undefined;

/** `name@range` as package.json's peerDependencies pins it, so that the hint installs a tested version. */
export function pinnedSpec(name: string): string {
  peerRanges ??= (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
    peerDependencies?: Record<string, string>;
  }).peerDependencies ?? {};
  const range = peerRanges[name];
  return range ? `${name}@${range}` : name;
}

/** `npm i -D` of the packages at their pinned versions, plus any flag the entry needs. */
export function npmInstallCommand(packages: readonly string[], flags: readonly string[] = []): string {
  return ['npm i -D', ...packages.map(pinnedSpec), ...flags].join(' ');
}
