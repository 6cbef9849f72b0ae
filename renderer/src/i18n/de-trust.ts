/** German texts of the trust page (installed SM-PKI roots and Sub-CAs). */
export const deTrust = {
  trustView: {
    title: 'Vertrauenswürdige Wurzelzertifikate',
    intro:
      'Eine Signatur gilt nur dann als gültig, wenn ihr Unterzeichner auf ein Wurzelzertifikat zurückgeht, das Sie hier installiert haben. Installieren Sie die offizielle SM-PKI-Wurzel (und bei Bedarf Sub-CAs) einmal; jede Prüfung verwendet sie danach.',
    install: 'Zertifikate installieren',
    installHint: 'PEM (auch mehrere Zertifikate), DER oder ein ZIP davon auswählen oder auf diese Seite ziehen. Nur CA-Zertifikate, die heute gültig sind.',
    pick: 'Dateien auswählen …',
    added: 'Installiert: {added}, bereits vorhanden: {already}.',
    skipped: 'Übersprungen (keine Zertifikatsdateien): {files}',
    installed: 'Installierte Zertifikate',
    empty: 'Noch kein Wurzelzertifikat installiert: keine Signatur kann als gültig bestätigt werden.',
    subject: 'Inhaber',
    kind: 'Art',
    root: 'Wurzel',
    subCa: 'Sub-CA',
    validity: 'Gültigkeit',
    validityValue: '{from} bis {to}',
    fingerprint: 'SHA-256-Fingerabdruck',
    actions: 'Aktionen',
    expired: 'abgelaufen',
    testTitle: 'TEST-Wurzel dieses Projekts: nur für Simulator- und Beispieldaten, kein Nachweis',
    remove: 'Entfernen',
    removeOne: '{subject} entfernen',
    confirmRemove: 'Wirklich entfernen? Signaturen unter diesem Zertifikat gelten dann nicht mehr als bestätigt.',
    cancel: 'Abbrechen',
  },
};
