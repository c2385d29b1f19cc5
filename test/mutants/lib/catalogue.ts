/**
 * The mutant catalogue: every module directly in test/mutants/ is one faulty implementation,
 * exported as a default object or as named functions (optionally with `capabilities`), exactly
 * as `poolcheck verify --impl` would load it. Sub-folders (lib/) hold the machinery, not mutants.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Implementation } from '../../../src/implementation.js';

export const MUTANTS_DIR = dirname(dirname(fileURLToPath(import.meta.url)));

export interface Mutant {
  /** The file name without `.ts`, e.g. `nan-first-wins`. */
  name: string;
  file: string;
  implementation: Implementation;
}

export function mutantFiles(): string[] {
  return readdirSync(MUTANTS_DIR)
    .filter((entry) => entry.endsWith('.ts') && !entry.endsWith('.test.ts') && !entry.endsWith('.d.ts'))
    .sort()
    .map((entry) => join(MUTANTS_DIR, entry));
}

export async function loadMutant(file: string): Promise<Mutant> {
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const exported = module['default'];
  const implementation = (typeof exported === 'object' && exported !== null ? exported : module) as Implementation;
  return { name: basename(file, '.ts'), file, implementation };
}

export async function loadMutants(): Promise<Mutant[]> {
  return Promise.all(mutantFiles().map(loadMutant));
}
