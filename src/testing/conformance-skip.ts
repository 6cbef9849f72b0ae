/**
 * Where ../shared/conformance is absent, a test file's real-file tests do not run; this reports them as one
 * skipped test that names the reason, so the run says what it left out (an empty passing test would not).
 */
import { it } from 'vitest';
import { CONFORMANCE_SKIP_REASON, HAS_CONFORMANCE } from './conformance';

export function reportSkippedRealFileTests(what: string): void {
  if (!HAS_CONFORMANCE) it.skip(`${what}: ${CONFORMANCE_SKIP_REASON}`, () => undefined);
}
