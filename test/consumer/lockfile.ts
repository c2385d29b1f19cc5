/**
 * A package-lock.json for a fresh consumer project, taken from this repository's own lock: the
 * packed poolcheck tarball, what its package.json depends on, and the extra packages the consumer
 * asks for (vitest), each at the version and integrity this repository's `npm ci` installed.
 *
 * Why: after `npm ci` of this repository the npm cache holds exactly those tarballs (by
 * integrity), but not the registry metadata a lockless `npm install` would need to resolve
 * versions, so a fresh project can install offline only with a lock. Building the lock from ours
 * also proves the consumer's dependency tree is a subset of what our CI already fetched: a
 * dependency missing from our lock fails here, by name.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  optional?: boolean;
  dev?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  [field: string]: unknown;
}

export interface PackedManifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

/** Where Node would find `name` from the package installed at `from` ('' is the project root). */
function resolveIn(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

/** The sha512 Subresource Integrity string npm records for a tarball. */
export function tarballIntegrity(file: string): string {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

/**
 * The consumer's lock. `repoLock` is this repository's package-lock.json (parsed); `packed` the
 * tarball's package.json; `extra` the consumer's other devDependencies (name to exact version,
 * each must be in `repoLock` at that version). Throws naming the first package our lock lacks.
 */
export function consumerLock(
  repoLock: { packages: Record<string, LockEntry> }, packed: PackedManifest, tarball: { file: string; integrity: string },
  extra: Record<string, string>,
): { packageJson: object; lock: object } {
  const repo = repoLock.packages;
  const devDependencies = { [packed.name]: `file:${tarball.file}`, ...extra };
  const packages: Record<string, LockEntry> = {
    '': { name: 'poolcheck-consumer', version: '1.0.0', devDependencies } as LockEntry,
    [`node_modules/${packed.name}`]: {
      version: packed.version, resolved: `file:${tarball.file}`, integrity: tarball.integrity, dev: true,
      // npm ci links bins from the lock, not from the installed package.json.
      ...(packed.bin ? { bin: packed.bin } : {}),
      ...(packed.engines ? { engines: packed.engines } : {}),
      ...(packed.dependencies ? { dependencies: packed.dependencies } : {}),
      ...(packed.peerDependencies ? { peerDependencies: packed.peerDependencies } : {}),
      ...(packed.peerDependenciesMeta ? { peerDependenciesMeta: packed.peerDependenciesMeta } : {}),
    },
  };
  // (the path in the consumer, the dependency's name, what asked for it) still to place
  const queue: Array<{ from: string; name: string; optional: boolean }> = [
    ...Object.keys(packed.dependencies ?? {}).map((name) => ({ from: `node_modules/${packed.name}`, name, optional: false })),
    ...Object.keys(extra).map((name) => ({ from: '', name, optional: false })),
  ];
  while (queue.length > 0) {
    const { from, name, optional } = queue.shift()!;
    // poolcheck's own dependencies sit at its root in our repository, as they will in the consumer.
    const repoFrom = from === `node_modules/${packed.name}` ? '' : from;
    const at = resolveIn(repo, repoFrom, name);
    if (!at) {
      if (optional) continue;
      throw new Error(`${name} (needed by ${from || 'the consumer'}) is not in this repository's package-lock.json, ` +
        'so the npm cache that `npm ci` filled does not have it');
    }
    if (packages[at]) continue;
    const entry = repo[at]!;
    if (from === '' && extra[name] !== undefined && entry.version !== extra[name]) {
      throw new Error(`${name}@${extra[name]} is not the version in this repository's lock (${entry.version})`);
    }
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...rest } = entry;
    packages[at] = { ...rest, dev: true };
    const peersOptional = entry.peerDependenciesMeta ?? {};
    for (const dep of Object.keys(entry.dependencies ?? {})) queue.push({ from: at, name: dep, optional: false });
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) queue.push({ from: at, name: dep, optional: true });
    // npm installs a peer dependency unless it is marked optional; an optional one it leaves alone.
    for (const dep of Object.keys(entry.peerDependencies ?? {})) {
      if (peersOptional[dep]?.optional !== true) queue.push({ from: at, name: dep, optional: false });
    }
  }
  return {
    packageJson: { name: 'poolcheck-consumer', version: '1.0.0', private: true, type: 'module', devDependencies },
    lock: { name: 'poolcheck-consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages },
  };
}
