/**
 * What `--impl` names: a built-in implementation (src/builtins/registry.ts) or the path of a
 * JavaScript module. Every way loading either can fail is a one-line UsageError.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ProtocolError } from '../adapters/protocol/index.js';
import { TorchUnavailableError } from '../adapters/torch.js';
import { builtInNames, findBuiltIn, loadBuiltIn, MissingFrameworkError, type LoadOptions } from '../builtins/index.js';
import type { Implementation } from '../implementation.js';
import { implementationFromModule, ImplementationLoadError } from '../properties/load.js';
import { UsageError } from './errors.js';

export interface ResolvedImplementation {
  impl: Implementation;
  /** As given on the command line: what a replay command repeats. */
  spec: string;
  name: string;
  /**
   * Makes another, fresh instance (a module is evaluated again, a program started again), so
   * that a failure can be tried without the state earlier calls left behind.
   */
  fresh?: () => Promise<Implementation>;
}

let instances = 0;

/**
 * Failures the user acts on (install a framework, install PyTorch, fix a program) become one
 * line naming the built-in; anything else is an internal error and keeps its stack.
 */
export function startFailure(error: unknown, builtIn: string | undefined): unknown {
  if (error instanceof MissingFrameworkError) return new UsageError(`--impl ${error.message}`);
  if (error instanceof TorchUnavailableError || error instanceof ProtocolError) {
    return new UsageError(builtIn ? `--impl ${builtIn}: ${error.message}` : error.message);
  }
  return error;
}

const TYPESCRIPT = /\.(ts|mts|cts|tsx)$/;

/** Whether an --impl value names a file rather than a built-in. */
export function looksLikePath(spec: string): boolean {
  return spec.includes('/') || spec.includes('\\') || /\.(m?js|cjs|ts|mts|cts)$/.test(spec);
}

/** Loads a module by path; every way this can fail is a one-line UsageError. */
async function loadModuleImplementation(spec: string, cwd = process.cwd()): Promise<ResolvedImplementation> {
  const file = path.resolve(cwd, spec);
  if (!existsSync(file)) throw new UsageError(`--impl ${spec}: no such file (${file})`);
  if (statSync(file).isDirectory()) throw new UsageError(`--impl ${spec}: is a directory; give the module file (e.g. ${path.join(spec, 'index.js')})`);
  let module: unknown;
  const url = pathToFileURL(file).href;
  try {
    module = await import(url);
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
    // A query makes Node evaluate the module again: a new instance with its own module-level state.
    const fresh = async (): Promise<Implementation> =>
      implementationFromModule(await import(`${url}?poolcheck-instance=${++instances}`), fallbackName);
    return { impl, spec, name: impl.name ?? fallbackName, fresh };
  } catch (error) {
    if (error instanceof ImplementationLoadError) throw new UsageError(`--impl ${spec}: ${error.message}`);
    throw error;
  }
}

/** A built-in by name, else a module path. */
export async function resolveImplementation(spec: string, cwd = process.cwd(), options: LoadOptions = {}): Promise<ResolvedImplementation> {
  if (findBuiltIn(spec)) {
    try {
      const impl = await loadBuiltIn(spec, options);
      const fresh = async (): Promise<Implementation> => {
        try {
          return await loadBuiltIn(spec, options);
        } catch (error) {
          throw startFailure(error, spec);
        }
      };
      return { impl, spec, name: impl.name ?? spec, fresh };
    } catch (error) {
      throw startFailure(error, spec);
    }
  }
  if (!looksLikePath(spec)) {
    throw new UsageError(`--impl ${spec}: not a built-in implementation (${builtInNames().join(', ')}) ` +
      'nor a module path (write ./name.js for a file in this directory)');
  }
  return loadModuleImplementation(spec, cwd);
}
