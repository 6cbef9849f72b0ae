/** Name and version of this software as the report prints them (footer, PDF metadata). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../project-paths';

let cached: { name: string; version: string } | undefined;

export function softwareInfo(): { name: string; version: string } {
  if (!cached) {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: string };
    cached = { name: 'TRuDI next', version: pkg.version ?? '0.0.0' };
  }
  return cached;
}
