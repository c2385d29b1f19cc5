/**
 * Memory identity of typed arrays, for the aliasing checks of no-shared-state: a result that is
 * a view of the caller's input (or of an earlier result) changes when its owner writes to that
 * memory, whatever the values are today. Comparing values cannot see that; comparing buffers can.
 */

/** Two views share memory: the same buffer and overlapping byte ranges (empty views share nothing). */
export function sharesMemory(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (a.byteLength === 0 || b.byteLength === 0 || a.buffer !== b.buffer) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/**
 * Writes to every byte of a view (each bit flipped), so that anything still reading that memory
 * sees a different value at every element: floats change sign bit and payload alike, integers
 * change value. Flipping again restores the original bytes exactly.
 */
export function flipEveryBit(view: ArrayBufferView): void {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  for (let i = 0; i < bytes.length; i++) bytes[i] = bytes[i]! ^ 0xff;
}
