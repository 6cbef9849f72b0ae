import type { deTrust } from './de-trust';

/** English texts of the trust page. */
export const enTrust: typeof deTrust = {
  trustView: {
    title: 'Trusted root certificates',
    intro:
      'A signature counts as valid only when its signer chains to a root certificate you installed here. Install the official SM-PKI root (and Sub-CAs if needed) once; every check uses it from then on.',
    install: 'Install certificates',
    installHint: 'Pick PEM (several certificates too), DER or a ZIP of them, or drop them on this page. Only CA certificates that are valid today.',
    pick: 'Choose files …',
    added: 'Installed: {added}, already installed: {already}.',
    skipped: 'Skipped (not certificate files): {files}',
    installed: 'Installed certificates',
    empty: 'No root certificate installed yet: no signature can be confirmed as valid.',
    subject: 'Subject',
    kind: 'Kind',
    root: 'Root',
    subCa: 'Sub-CA',
    validity: 'Validity',
    validityValue: '{from} to {to}',
    fingerprint: 'SHA-256 fingerprint',
    actions: 'Actions',
    expired: 'expired',
    testTitle: "This project's TEST root: for simulator and sample data only, not evidence",
    remove: 'Remove',
    removeOne: 'Remove {subject}',
    confirmRemove: 'Remove it? Signatures under this certificate are then no longer confirmed.',
    cancel: 'Cancel',
  },
};
