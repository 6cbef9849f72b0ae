/** The real AR 2418-6 files of ../shared/conformance (for tests; read in place, never copied). */
import { existsSync, readdirSync } from 'node:fs';
import { conformancePath, HAS_CONFORMANCE } from '../../testing/conformance';

export const CONFORMANCE_XML_DIRS = ['trudi/samples', 'trudi/taf1', 'trudi/taf2', 'minimal'];

/** Relative paths (`trudi/taf2/result_3_days.xml`) of every XML file, empty when the folder is absent. */
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
