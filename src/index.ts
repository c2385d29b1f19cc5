/** poolcheck: the public API. */
export * from './reference/index.js';
export type * from './types.js';
export { POOL_OPS, UNPOOL_OPS, dtypeOf } from './types.js';
export type { Implementation, Capabilities, ImplPoolResult } from './implementation.js';
export { FULL_CAPABILITIES, resolveCapabilities } from './implementation.js';
