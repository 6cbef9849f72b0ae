/**
 * Vitest setup: every test process gets its own TRUDI_HOME in a temporary folder, so no test reads or
 * writes the developer's real trust store, archive or logs. Tests that need a clean home make their own.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.TRUDI_HOME = mkdtempSync(join(tmpdir(), 'trudi-home-'));
