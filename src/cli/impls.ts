/**
 * What `--impl` names: a built-in implementation (`reference`, the framework adapters) or the
 * path of a JavaScript module. Add a built-in by adding an entry to BUILT_IN_IMPLEMENTATIONS
 * (or to FRAMEWORK_IMPLEMENTATIONS in src/adapters/builtins.ts, which is consulted too).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Implementation } from '../implementation.js';
import { implementationFromModule, ImplementationLoadError } from '../properties/load.js';
import { UsageError } from './errors.js';
import { PROTOCOL_BUILT_INS } from './protocolImpls.js';

export interface ResolvedImplementation {
  impl: Implementation;
  /** As given on the command line: what a replay command repeats. */
  spec: string;
  name: string;
}

export interface BuiltInImplementation {
  description: string;
  load(): Promise<Implementation>;
}

export const BUILT_IN_IMPLEMENTATIONS: Record<string, BuiltInImplementation> = {
  ...PROTOCOL_BUILT_INS,
  reference: {
    description: "poolcheck's reference oracle (must pass everything)",
    async load() {
      const reference = await import('../reference/index.js');
      // The reference throws PyTorch's own messages, so hold it to them.
      return { ...implementationFromModule(reference, 'reference'), capabilities: { errors: 'pytorch' } };
    },
  },
};

async function frameworkImplementations(): Promise<Readonly<Record<string, () => Implementation>>> {
  try {
    return (await import('../adapters/builtins.js')).FRAMEWORK_IMPLEMENTATIONS;
  } catch {
    return {};
  }
}

/** The names `--impl` accepts besides a path, for messages and help. */
export async function builtInNames(): Promise<string[]> {
  return [...Object.keys(BUILT_IN_IMPLEMENTATIONS), ...Object.keys(await frameworkImplementations())];
}

const TYPESCRIPT = /\.(ts|mts|cts|tsx)$/;

function looksLikePath(spec: string): boolean {
  return spec.includes('/') || spec.includes('\\') || /\.(m?js|cjs|ts|mts|cts)$/.test(spec);
}

/** Loads a module by path; every way this can fail is a one-line UsageError. */
async function loadModuleImplementation(spec: string, cwd = process.cwd()): Promise<ResolvedImplementation> {
  const file = path.resolve(cwd, spec);
  if (!existsSync(file)) throw new UsageError(`--impl ${spec}: no such file (${file})`);
  if (statSync(file).isDirectory()) throw new UsageError(`--impl ${spec}: is a directory; give the module file (e.g. ${path.join(spec, 'index.js')})`);
  let module: unknown;
  try {
    module = await import(pathToFileURL(file).href);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (TYPESCRIPT.test(file) && (code === 'ERR_UNKNOWN_FILE_EXTENSION' || code === 'ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING')) {
      throw new UsageError(`--impl ${spec}: Node cannot load TypeScript here; build it to JavaScript first (e.g. tsc) ` +
        'and pass the .js file, or run its conformance tests under vitest with poolcheck/vitest');
    }
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`--impl ${spec}: cannot load the module: ${message}`);
  }
  const fallbackName = path.basename(file).replace(/\.[^.]+$/, '');
  try {
    const impl = implementationFromModule(module, fallbackName);
    return { impl, spec, name: impl.name ?? fallbackName };
  } catch (error) {
    if (error instanceof ImplementationLoadError) throw new UsageError(`--impl ${spec}: ${error.message}`);
    throw error;
  }
}

/** A built-in by name, else a module path. */
export async function resolveImplementation(spec: string, cwd = process.cwd()): Promise<ResolvedImplementation> {
  const builtIn = BUILT_IN_IMPLEMENTATIONS[spec];
  if (builtIn) {
    const impl = await builtIn.load();
    return { impl, spec, name: impl.name ?? spec };
  }
  if (!looksLikePath(spec) || !existsSync(path.resolve(cwd, spec))) {
    const framework = (await frameworkImplementations())[spec];
    if (framework) {
      const impl = framework();
      return { impl, spec, name: impl.name ?? spec };
    }
    if (!looksLikePath(spec)) {
      throw new UsageError(`--impl ${spec}: not a built-in implementation (${(await builtInNames()).join(', ')}) ` +
        'nor a module path (write ./name.js for a file in this directory)');
    }
  }
  return loadModuleImplementation(spec, cwd);
}
