/**
 * Signatures and certificates: how many readings carry a valid gateway signature, the certificate chain and
 * the trust anchor it ends in. A chain ending in a TEST root, or certificates of a test PKI, are labelled so
 * that nobody can take the report for evidence.
 */
import type { VerificationSummary } from '../../crypto/verify-document';
import type { Block } from './blocks';
import type { SectionContext } from './context';

const CHAIN_STATUS: Record<string, [string, string]> = {
  valid: ['gültig', 'valid'],
  expiredAtCaptureTime: ['zum Erfassungszeitpunkt abgelaufen', 'expired at the capture time'],
  notYetValidAtCaptureTime: ['zum Erfassungszeitpunkt noch nicht gültig', 'not yet valid at the capture time'],
  unknownRoot: ['endet in keiner installierten Wurzel (nicht vertrauenswürdig)', 'ends in no installed root (not trusted)'],
  brokenChain: ['unterbrochen', 'broken'],
  invalidCa: ['ein Zwischenzertifikat ist keine gültige CA', 'an intermediate is not a valid CA'],
  wrongSigner: ['falsches Signaturzertifikat', 'wrong signer certificate'],
  noCertificate: ['kein Signaturzertifikat in den Gerätedaten', 'no signature certificate in the device data'],
  unreadableCertificate: ['Signaturzertifikat nicht lesbar', 'signature certificate unreadable'],
  notChecked: ['nicht geprüft', 'not checked'],
};

const REASONS: Record<string, [string, string]> = {
  signatureMismatch: ['Signatur passt nicht zu den Feldern', 'signature does not match the fields'],
  malformedSignature: ['keine gültige ECDSA-Signatur', 'not a valid ECDSA signature'],
  signerMismatch: ['falsches Signaturzertifikat', 'wrong signer certificate'],
  certificateExpiredAtCaptureTime: ['Zertifikat zum Erfassungszeitpunkt abgelaufen', 'certificate expired at capture time'],
  certificateNotYetValidAtCaptureTime: ['Zertifikat zum Erfassungszeitpunkt noch nicht gültig', 'certificate not yet valid at capture time'],
  unknownSignerCertificate: ['genanntes Signaturzertifikat fehlt im Dokument', 'the named signer certificate is not in the document'],
  signerNotSignatureCertificate: ['genanntes Zertifikat ist kein Signaturzertifikat des Gateways', "the named certificate is not the gateway's signature certificate"],
  signerSelfSigned: ['genanntes Zertifikat ist selbstsigniert', 'the named certificate is self-signed'],
  signerOfOtherGateway: ['Zertifikat eines anderen Gateways', "another gateway's certificate"],
  signerChainInvalid: ['Kette des Unterzeichners gebrochen', "the signer's chain is broken"],
  signerOutsideGatewayPki: ['Unterzeichner außerhalb der PKI des Gateways', "signer outside the gateway's PKI"],
};

/** How many readings carry a signature at all. */
export function signatureCounts(v: VerificationSummary): { signed: number } {
  return { signed: v.valid + v.invalid + v.notCheckable };
}

/** The chain ends in a TEST root, or a certificate of the chain names a test PKI (e.g. the BSI's SM-Test-PKI). */
export function isTestChain(ctx: SectionContext): boolean {
  const v = ctx.facts.verification;
  if (!v) return false;
  return v.chain.test || v.chain.certificates.some((c) => /test/i.test(`${c.subject} ${c.issuer}`));
}

export function signatureBlocks(ctx: SectionContext): Block[] {
  const { t, f, facts } = ctx;
  const blocks: Block[] = [{ kind: 'heading', level: 1, text: t('Signaturen und Zertifikate', 'Signatures and certificates') }];
  const v = facts.verification;
  if (!v) {
    blocks.push({ kind: 'notice', tone: 'warning', title: t('Nicht geprüft', 'Not checked'), text: t(`Die Signaturen konnten nicht geprüft werden: ${facts.verificationError ?? ''}`, `The signatures could not be checked: ${facts.verificationError ?? ''}`) });
    return blocks;
  }
  if (isTestChain(ctx)) {
    blocks.push({
      kind: 'notice',
      tone: 'error',
      title: t('TEST-PKI – Testdaten, kein Nachweis', 'TEST PKI – test data, not evidence'),
      text: v.chain.test
        ? t(
            `Die Signaturen wurden gegen eine TEST-Wurzel geprüft (${v.chain.trustAnchor?.subject ?? ''}). Test-Wurzeln dienen nur der Demo und dem Simulator: Diese Daten beweisen nichts über eine echte Abrechnung.`,
            `The signatures were checked against a TEST root (${v.chain.trustAnchor?.subject ?? ''}). TEST roots serve only the demo and the simulator: these data prove nothing about a real bill.`,
          )
        : t(
            'Die Zertifikate der Gerätedaten stammen aus einer Test-PKI (etwa der SM-Test-PKI des BSI). Solche Daten kommen von Testgeräten und beweisen nichts über eine echte Abrechnung.',
            "The certificates of the device data come from a test PKI (such as the BSI's SM-Test-PKI). Such data come from test devices and prove nothing about a real bill.",
          ),
    });
  }
  const { signed } = signatureCounts(v);
  const status = CHAIN_STATUS[v.chain.status];
  blocks.push({
    kind: 'facts',
    facts: [
      { label: t('Messwerte', 'Readings'), value: f.number(v.readings, 0) },
      { label: t('mit gültiger Signatur', 'with a valid signature'), value: f.number(v.valid, 0) },
      { label: t('mit ungültiger Signatur', 'with an invalid signature'), value: f.number(v.invalid, 0) },
      { label: t('nicht prüfbar', 'not checkable'), value: f.number(v.notCheckable, 0) },
      ...(v.signerNotEstablished > 0
        ? [{ label: t('davon: Signatur passt, Unterzeichner nicht bestätigt', 'of which: signature matches, signer not established'), value: f.number(v.signerNotEstablished, 0) }]
        : []),
      { label: t('ohne Signatur', 'without signature'), value: f.number(v.absent, 0) },
      { label: t('Zertifikatskette', 'Certificate chain'), value: `${status ? ctx.t(status[0], status[1]) : v.chain.status}${v.chain.test ? ' (TEST)' : ''}` },
      { label: t('Vertrauensanker', 'Trust anchor'), value: v.chain.trustAnchor ? `${v.chain.trustAnchor.subject}${v.chain.trustAnchor.test ? ' – TEST' : ''}\nSHA-256 ${v.chain.trustAnchor.fingerprintSha256}` : t('keiner: Die Kette endet in keiner installierten Wurzel.', 'none: the chain ends in no installed root.'), mono: !!v.chain.trustAnchor },
      ...(v.chain.format ? [{ label: t('Signaturformat', 'Signed message format'), value: v.chain.format, mono: true }] : []),
      ...(v.chain.notCheckableReason ? [{ label: t('Warum nicht prüfbar', 'Why not checkable'), value: v.chain.notCheckableReason }] : []),
    ],
  });
  if (signed > 0 && v.valid === signed && v.chain.status === 'valid') {
    blocks.push({
      kind: 'status',
      tone: v.chain.test ? 'warning' : 'ok',
      text: t(
        `Alle ${f.number(signed, 0)} signierten Messwerte tragen eine gültige Signatur des Gateways, und das Signaturzertifikat führt zu ${v.chain.test ? 'einer TEST-Wurzel' : 'einer installierten Wurzel'}.`,
        `All ${f.number(signed, 0)} signed readings carry a valid gateway signature, and the signature certificate chains to ${v.chain.test ? 'a TEST root' : 'an installed root'}.`,
      ),
    });
  } else if (signed > 0 && v.invalid === 0) {
    blocks.push({
      kind: 'status',
      tone: 'warning',
      text: t(
        'Keine Signatur ist falsch, aber nicht alle sind als gültig erwiesen: Eine gültige Aussage braucht eine Kette zu einer Wurzel, die Sie installiert haben (SM-PKI).',
        'No signature is wrong, but not all are shown valid: a valid verdict needs a chain to a root you installed (SM-PKI).',
      ),
    });
  }
  blocks.push({ kind: 'paragraph', small: true, text: ctx.pick(chainMessage(v)) });

  blocks.push({ kind: 'heading', level: 2, text: t('Zertifikate der Kette', 'Certificates of the chain') });
  if (v.chain.certificates.length === 0) {
    blocks.push({ kind: 'paragraph', text: t('Die Gerätedaten enthalten kein lesbares Signaturzertifikat.', 'The device data hold no readable signature certificate.') });
  }
  v.chain.certificates.forEach((c, i) => {
    blocks.push({
      kind: 'facts',
      facts: [
        { label: t('Rolle', 'Role'), value: i === 0 ? t('Signaturzertifikat des Gateways', "gateway's signature certificate") : c.selfSigned ? t('Wurzel', 'root') : t('ausstellende CA', 'issuing CA') },
        { label: t('Inhaber', 'Subject'), value: c.subject },
        { label: t('Aussteller', 'Issuer'), value: c.issuer },
        { label: t('Seriennummer', 'Serial number'), value: c.serialNumber, mono: true },
        { label: t('Gültig', 'Valid'), value: `${f.dateTime(Date.parse(c.notBefore))} – ${f.dateTime(Date.parse(c.notAfter))}` },
        { label: t('Schlüssel', 'Key'), value: [c.keyAlgorithm, c.curve].filter(Boolean).join(' ') },
        { label: t('Fingerabdruck SHA-256', 'Fingerprint SHA-256'), value: c.fingerprintSha256, mono: true },
      ],
    });
  });

  if (v.invalidReadings.length > 0) {
    const shown = v.invalidReadings.slice(0, 200);
    blocks.push({
      kind: 'table',
      id: 'invalid-readings',
      title: t(`Messwerte mit ungültiger Signatur (${f.number(v.invalidReadings.length, 0)})`, `Readings with an invalid signature (${f.number(v.invalidReadings.length, 0)})`),
      columns: [
        { header: t('Erfasst', 'Captured'), width: 1.6 },
        { header: t('Werteliste', 'Value list'), width: 2.6, mono: true },
        { header: t('Wert (roh)', 'Value (raw)'), width: 1.1, align: 'right' },
        { header: t('Grund', 'Reason'), width: 2.8 },
      ],
      rows: shown.map((r) => ({ cells: [f.dateTime(Date.parse(r.captureTime)), r.qualifiedLogicalName, String(r.value), reasonText(ctx, r.reason)], tone: 'error' as const })),
    });
    if (v.invalidReadings.length > shown.length) {
      blocks.push({ kind: 'paragraph', small: true, text: t(`… und ${f.number(v.invalidReadings.length - shown.length, 0)} weitere (alle: trudi verify --json).`, `… and ${f.number(v.invalidReadings.length - shown.length, 0)} more (all of them: trudi verify --json).`) });
    }
  }
  return blocks;
}

function reasonText(ctx: SectionContext, reason: string): string {
  const r = REASONS[reason];
  return r ? ctx.t(r[0], r[1]) : reason;
}

function chainMessage(v: VerificationSummary): { de: string; en: string } {
  // The chain message of the verifier is English; German readers get the status above.
  return { de: `Meldung der Kettenprüfung (englisch): ${v.chain.message}`, en: `Chain check: ${v.chain.message}` };
}
