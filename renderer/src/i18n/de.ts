import { deLoadProfile } from './de-load-profile';
import { deConnect } from './de-connect';
import { deOverview } from './de-overview';
import { deShell } from './de-shell';
import { deTrust } from './de-trust';
import { deVerification } from './de-verification';
import { deRegisters } from './de-registers';
import { deViews } from './de-views';

export const de = {
  app: {
    name: 'TRuDI',
    tagline: 'Transparenz für Smart-Meter-Gateways',
    sourceDemo: 'Demo',
    sourceDemoTitle: 'Erzeugte Beispieldaten eines Haushalts, keine echten Messwerte',
    language: 'Sprache',
    nav: 'Hauptnavigation',
  },
  totals: {
    basis: 'Aus den Zählerständen vom {from} bis {to}',
    none: 'Keine zwei verwendbaren Zählerstände im Zeitraum: keine Summe.',
    coverage: 'Abdeckung {percent} %',
  },
  contract: { label: 'Vertrag', noData: 'keine Messwerte' },
  dashboard: {
    title: 'Verbrauchsübersicht',
    openConsumption: 'Verbrauch je Tag, Woche, Monat und Jahr ansehen',
    gatewayId: 'Gateway',
    usagePoint: 'Zählpunkt',
    period: 'Zeitraum',
    periodValue: '{from} bis {to}',
    import: 'Bezug',
    export: 'Einspeisung',
    totalImport: 'Bezug gesamt',
    totalExport: 'Einspeisung gesamt',
    resolution: 'Auflösung',
    chartTitle: 'Bezug und Einspeisung je {unit}',
    chartAlt: 'Balkendiagramm: Bezug und Einspeisung je {unit}, {values}. Die Werte stehen in der Tabelle darunter.',
    showTable: 'Werte als Tabelle',
    tableCaption: 'Bezug und Einspeisung in kWh je {unit}',
    periodColumn: 'Zeitraum',
    sum: 'Summe',
    missing: 'fehlt',
    incomplete: 'Unvollständige Zeiträume: {count}. Fehlende Werte werden nicht geschätzt, sondern mit — markiert.',
    noData: 'Keine Werte in diesem Zeitraum.',
    timeZoneNote: 'Alle Zeiten in gesetzlicher Zeit (Europe/Berlin).',
  },
  resolution: { day: 'Tag', week: 'Woche', month: 'Monat', year: 'Jahr' },
  resolutionUnit: { day: 'Tag', week: 'Woche', month: 'Monat', year: 'Jahr' },
  week: 'KW {week} {year}',
  loading: {
    openDemo: 'Demodaten werden geladen …',
    series: 'Werte werden berechnet …',
    engineInfo: 'Angaben zur Anwendung werden geladen …',
    cancel: 'Abbrechen',
  },
  error: {
    title: 'Das hat nicht geklappt',
    code: 'Fehlercode',
    reference: 'Kennung im Protokoll der Auswertung',
    causes: 'Ursache',
    retry: 'Erneut versuchen',
    hints: {
      NO_TOKEN: 'Öffnen Sie die vollständige Adresse, die „npx trudi serve“ ausgibt (sie endet mit #token=…).',
      UNAUTHORIZED: 'Die Sitzung ist ungültig. Öffnen Sie die Adresse, die „npx trudi serve“ zuletzt ausgegeben hat.',
      ENGINE_UNREACHABLE: 'Die Anwendung im Hintergrund antwortet nicht. Starten Sie TRuDI neu.',
      CANCELLED: 'Der Vorgang wurde abgebrochen.',
    },
  },
  // Issue 13 (desktop): the packaged build's identity in the About view.
  release: {
    hash: 'Prüfsumme (SHA-256 über alle ausgelieferten Dateien)',
    noHash: 'Entwicklungsstand aus den Quellen: keine Prüfsumme',
    updates: 'Aktualisierungen',
    updatesNote: 'Nur Hinweise, nie automatisch: eine geprüfte Version bleibt, was geprüft wurde.',
  },
  about: {
    title: 'Über diese Anwendung',
    version: 'Version',
    node: 'Node.js',
    openssl: 'OpenSSL',
    brainpool: 'Brainpool-Kurven',
    transport: 'Verbindung',
    yes: 'verfügbar',
    no: 'nicht verfügbar',
    transports: { ipc: 'Desktop-App (IPC)', http: 'Lokaler Webmodus (HTTP)', 'in-process': 'im Prozess' },
  },
  units: { kwh: 'kWh' },
  ...deViews,
  ...deOverview,
  ...deShell,
  ...deTrust,
  ...deRegisters,
  ...deLoadProfile,
  ...deVerification,
  ...deConnect,
};

export type MessageSchema = typeof de;
