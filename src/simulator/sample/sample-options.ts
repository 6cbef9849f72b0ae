import type { CurveName } from '../../crypto/curves';

/** The curves the sample generator offers (those of the test SM-PKI). */
export type PkiCurve = Extract<CurveName, 'brainpoolP256r1' | 'brainpoolP384r1' | 'P-256' | 'P-384'>;
