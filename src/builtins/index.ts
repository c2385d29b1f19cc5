/**
 * The built-in implementations (registry.ts) and what loading one needs (requirements.ts): the
 * one place the CLI, the matrix and the package root look them up.
 */
import type { Implementation } from '../implementation.js';
import { BUILT_INS, type BuiltIn, type LoadOptions } from './registry.js';
import { isPackageInstalled, MissingFrameworkError, npmInstallCommand } from './requirements.js';

export { BUILT_INS, type BuiltIn, type LoadOptions } from './registry.js';
export { MissingFrameworkError, isPackageInstalled, npmInstallCommand } from './requirements.js';

/** The entry of that name, if there is one. */
export function findBuiltIn(name: string): BuiltIn | undefined {
  return BUILT_INS.find((entry) => entry.name === name);
}

/** Every built-in name, in the registry's (and the matrix's) order. */
export function builtInNames(): string[] {
  return BUILT_INS.map((entry) => entry.name);
}

/** What `poolcheck matrix` runs when given no --impls. */
export function defaultMatrixNames(): string[] {
  return BUILT_INS.filter((entry) => entry.inDefaultMatrix).map((entry) => entry.name);
}

/**
 * Why the entry cannot load here (one line naming what is missing and the command that
 * installs it), or undefined when everything it needs is installed.
 */
export function missingRequirement(entry: BuiltIn): MissingFrameworkError | undefined {
  const packages = entry.packages.filter((name) => !isPackageInstalled(name));
  if (packages.length > 0) {
    const install = npmInstallCommand(packages, entry.installFlags);
    return new MissingFrameworkError(`${entry.name} needs ${packages.join(' and ')}, not installed; install with: ${install}`, install);
  }
  const other = entry.missing?.();
  return other ? new MissingFrameworkError(`${entry.name} needs ${other.what}, not installed; install with: ${other.install}`, other.install) : undefined;
}

/**
 * Loads a built-in by name. Throws MissingFrameworkError when something it needs is not
 * installed, before importing anything of it.
 */
export async function loadBuiltIn(name: string, options: LoadOptions = {}): Promise<Implementation> {
  const entry = findBuiltIn(name);
  if (!entry) throw new Error(`no built-in implementation "${name}" (built-ins: ${builtInNames().join(', ')})`);
  const missing = missingRequirement(entry);
  if (missing) throw missing;
  return entry.load(options);
}
