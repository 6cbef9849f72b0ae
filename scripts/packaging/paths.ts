import { fileURLToPath } from 'node:url';

/** The repository root (scripts/packaging/ is two levels below it). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
