import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The package root, whether running from src/ (vitest) or dist/ (the built CLI). */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
