/**
 * The roots a CLI verification trusts: the user's installed roots (trust store), `--trust FILE` for this
 * run, and the bundled TEST roots only with `--test-roots` (simulator and sample data; labelled TEST).
 */
import { bundledTestAnchors, loadTrustAnchorFile, type TrustAnchor } from '../crypto/chain/trust-anchors';
import { TrustStore } from '../crypto/trust/trust-store';
import { appDirs } from '../platform/app-dirs';

export const TRUST_OPTIONS = {
  trust: { type: 'string', multiple: true },
  'test-roots': { type: 'boolean' },
  /** Accepted for older scripts: not trusting the TEST roots is the default now. */
  'no-test-roots': { type: 'boolean' },
} as const;

export const TRUST_USAGE = [
  '  --trust FILE  also trust this root or Sub-CA for this run (PEM or DER); `trudi trust add` installs one for good',
  "  --test-roots  also trust this project's TEST roots (simulator and sample data only; labelled TEST)",
];

/** The trust store the app uses too: `<config dir>/trust` (TRUDI_HOME overrides, see src/platform/app-dirs.ts). */
export function userTrustStore(): TrustStore {
  return new TrustStore(appDirs().config);
}

/** Installed roots + `--trust` files + (with `--test-roots`) the TEST roots. `installed` defaults to the user's store. */
export function cliTrustAnchors(
  values: { trust?: string[] | undefined; 'test-roots'?: boolean | undefined },
  installed: readonly TrustAnchor[] = userTrustStore().anchors(),
): TrustAnchor[] {
  const anchors: TrustAnchor[] = [...installed];
  if (values['test-roots']) anchors.push(...bundledTestAnchors());
  for (const path of values.trust ?? []) anchors.push(...loadTrustAnchorFile(path));
  return anchors;
}
