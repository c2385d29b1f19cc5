/**
 * Turning a loaded module into an Implementation: the reference's functions as named exports or
 * on a default-exported object, an optional `capabilities` declaration (checked, so that a typo
 * does not silently widen or narrow what is tested), an optional `name` and `dispose`.
 */
import { FULL_CAPABILITIES, type Capabilities, type Implementation } from '../implementation.js';
import type { OpName } from '../types.js';

/** The module cannot be used as an implementation: poolcheck says why in one line. */
export class ImplementationLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImplementationLoadError';
  }
}

const OPS = FULL_CAPABILITIES.ops;

function hasOps(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && OPS.some((op) => typeof (value as Record<string, unknown>)[op] === 'function');
}

/** What is wrong with a capabilities declaration (empty when nothing). */
function capabilityProblems(declared: unknown, exported: readonly OpName[]): string[] {
  if (declared === undefined) return [];
  if (typeof declared !== 'object' || declared === null || Array.isArray(declared)) return ['capabilities must be an object'];
  const problems: string[] = [];
  const known = Object.keys(FULL_CAPABILITIES);
  const d = declared as Record<string, unknown>;
  for (const key of Object.keys(d)) {
    if (!known.includes(key)) problems.push(`unknown capability "${key}" (known: ${known.join(', ')})`);
  }
  const list = (key: string, allowed: readonly string[]): void => {
    const v = d[key];
    if (v === undefined) return;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && allowed.includes(x))) {
      problems.push(`capabilities.${key} must be an array of ${allowed.join(' | ')}`);
    }
  };
  list('ops', OPS);
  list('dtypes', FULL_CAPABILITIES.dtypes);
  for (const key of ['unbatched', 'dilation', 'ceilMode', 'perAxis', 'nan', 'unpoolOutputSize']) {
    if (d[key] !== undefined && typeof d[key] !== 'boolean') problems.push(`capabilities.${key} must be true or false`);
  }
  for (const key of ['maxKernel', 'maxInputLength', 'maxPlaneSize']) {
    const v = d[key];
    if (v !== undefined && !(typeof v === 'number' && v >= 1 && (Number.isInteger(v) || v === Infinity))) {
      problems.push(`capabilities.${key} must be a positive integer`);
    }
  }
  if (d.padding !== undefined && !['none', 'uniform', 'per-axis'].includes(d.padding as string)) {
    problems.push("capabilities.padding must be 'none', 'uniform' or 'per-axis'");
  }
  if (d.errors !== undefined && !['none', 'throws', 'pytorch'].includes(d.errors as string)) {
    problems.push("capabilities.errors must be 'none', 'throws' or 'pytorch'");
  }
  if (Array.isArray(d.ops)) {
    const missing = (d.ops as OpName[]).filter((op) => OPS.includes(op) && !exported.includes(op));
    if (missing.length > 0) problems.push(`capabilities.ops lists ${missing.join(', ')}, which the module does not export`);
  }
  return problems;
}

/**
 * The Implementation a module provides. `module` is what `import()` returned (or any object);
 * `fallbackName` names it when it exports no `name`.
 */
export function implementationFromModule(module: unknown, fallbackName: string): Implementation {
  const namespace = (typeof module === 'object' && module !== null ? module : {}) as Record<string, unknown>;
  const source = hasOps(namespace.default) ? namespace.default : hasOps(namespace) ? namespace : undefined;
  if (!source) {
    const exported = Object.keys(namespace).filter((k) => k !== 'default');
    const defaultKind = namespace.default === undefined ? '' : `; its default export is ${typeof namespace.default === 'function' ? 'a function' : typeof namespace.default}`;
    throw new ImplementationLoadError(
      `${fallbackName} exports none of ${OPS.join(', ')} (as named exports or on a default-exported object)` +
      (exported.length ? `; it exports ${exported.slice(0, 8).join(', ')}` : '') + defaultKind,
    );
  }
  const exportedOps = OPS.filter((op) => typeof source[op] === 'function');
  const problems = capabilityProblems(source.capabilities, exportedOps);
  if (problems.length > 0) throw new ImplementationLoadError(`${fallbackName}: ${problems.join('; ')}`);
  if (source === namespace) {
    // A module namespace is not a plain object; copy what poolcheck uses.
    const impl: Record<string, unknown> = {};
    for (const key of [...OPS, 'capabilities', 'name', 'dispose']) if (namespace[key] !== undefined) impl[key] = namespace[key];
    if (typeof impl.name !== 'string') impl.name = fallbackName;
    return impl as Implementation;
  }
  const impl = source as Implementation;
  return typeof impl.name === 'string' ? impl : Object.assign(Object.create(impl) as Implementation, { name: fallbackName });
}

export type { Capabilities };
