/**
 * Code signing from the environment, when certificates are present; unsigned builds otherwise (and they say so).
 * electron-builder reads the certificates itself: CSC_LINK/CSC_KEY_PASSWORD (macOS and Windows),
 * WIN_CSC_LINK/WIN_CSC_KEY_PASSWORD (Windows only), CSC_NAME (a macOS keychain identity); notarization needs
 * APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID. This decides only whether to sign at all.
 */
import type { MacConfiguration, WindowsConfiguration } from 'electron-builder';

export interface SigningPlan {
  mac: Pick<MacConfiguration, 'identity' | 'notarize'>;
  win: Pick<WindowsConfiguration, 'signtoolOptions'>;
  /** One line per platform for the build log. */
  summary: string[];
}

export function signingFromEnv(env: NodeJS.ProcessEnv = process.env): SigningPlan {
  const macCertificate = Boolean(env.CSC_LINK || env.CSC_NAME);
  const notarize = macCertificate && Boolean(env.APPLE_ID && env.APPLE_APP_SPECIFIC_PASSWORD && env.APPLE_TEAM_ID);
  const winCertificate = Boolean(env.WIN_CSC_LINK || env.CSC_LINK);
  return {
    // identity null = do not sign (instead of failing on a machine without a certificate).
    mac: { identity: macCertificate ? undefined : null, notarize },
    win: {
      signtoolOptions: winCertificate
        ? { signingHashAlgorithms: ['sha256'], rfc3161TimeStampServer: env.TRUDI_TIMESTAMP_URL || 'http://timestamp.digicert.com', publisherName: env.TRUDI_PUBLISHER_NAME || undefined }
        : null,
    },
    summary: [
      `macOS: ${macCertificate ? `signed${notarize ? ' and notarized' : ', not notarized (APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID missing)'}` : 'unsigned (no CSC_LINK or CSC_NAME)'}`,
      `Windows: ${winCertificate ? 'signed (SHA-256, timestamped)' : 'unsigned (no WIN_CSC_LINK or CSC_LINK)'}`,
    ],
  };
}
