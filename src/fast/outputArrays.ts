/**
 * Caller-provided outputs (`out`) for the fast path: a caller that pools the same shapes again
 * and again passes the arrays of an earlier result back, and the call writes every element of
 * them instead of allocating fresh ones (for W1, 12 MiB a call, whose page faults and garbage
 * collection cost more than the pooling). The arrays must be exactly what the call would have
 * allocated (type and length), and must not overlap the inputs, which they would corrupt
 * half-way through.
 */
import { PoolcheckError } from '../reference/errors.js';

type Typed = Float32Array | Float64Array | BigInt64Array | Int32Array;

const nameOf = (array: unknown): string =>
  ArrayBuffer.isView(array) ? `${array.constructor.name}(${(array as Typed).length})` : typeof array;

function overlaps(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/**
 * Checks `out[what]` for a call that writes `length` elements of `like`'s type, and that it
 * shares no bytes with `inputs` (named for the message). Throws a one-line PoolcheckError.
 */
export function checkOutputArray<T extends Typed>(
  array: unknown, what: string, like: new (length: number) => T, length: number, inputs: Record<string, ArrayBufferView>,
): asserts array is T {
  if (!(array instanceof like) || array.length !== length) {
    throw new PoolcheckError(`out: ${what} must be a ${like.name} of ${length} elements (the result's size), got ${nameOf(array)}`, 'ValueError');
  }
  for (const [name, input] of Object.entries(inputs)) {
    if (overlaps(array, input)) throw new PoolcheckError(`out: ${what} shares memory with ${name}; pass arrays of their own`, 'ValueError');
  }
}
