/**
 * Access to ../shared/conformance (real files from other projects' repositories).
 * Tests read them in place and skip, with this reason, where the folder is absent (e.g. a clone elsewhere).
 * Never copy these files into the project.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../project-paths';

export { PROJECT_ROOT };
export const CONFORMANCE_DIR = resolve(PROJECT_ROOT, '..', 'shared', 'conformance');
export const HAS_CONFORMANCE = existsSync(join(CONFORMANCE_DIR, 'cases.json'));
export const CONFORMANCE_SKIP_REASON = `skipped: ${CONFORMANCE_DIR} is absent (it sits beside the checkout only in this project's workspace and CI)`;

export function conformancePath(...parts: string[]): string {
  return join(CONFORMANCE_DIR, ...parts);
}

/** The folders of real AR 2418-6 files. */
export const CONFORMANCE_XML_DIRS = ['trudi/samples', 'trudi/taf1', 'trudi/taf2', 'minimal'];

/** Relative paths (`trudi/taf2/result_3_days.xml`) of every real AR 2418-6 file, empty when the folder is absent. */
export function conformanceXmlFiles(): string[] {
  if (!HAS_CONFORMANCE) return [];
  return CONFORMANCE_XML_DIRS.flatMap((dir) =>
    existsSync(conformancePath(dir))
      ? readdirSync(conformancePath(dir))
          .filter((f) => f.endsWith('.xml'))
          .sort()
          .map((f) => `${dir}/${f}`)
      : [],
  );
}
