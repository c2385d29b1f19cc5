/**
 * Deviation files, in one place: their format and loading (file.ts), the case features their
 * conditions test (features.ts), and how a file judges a run (apply.ts).
 */
export * from './file.js';
export * from './features.js';
export * from './apply.js';
