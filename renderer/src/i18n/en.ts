import { enLoadProfile } from './en-load-profile';
import type { MessageSchema } from './de';
import { enConnect } from './en-connect';
import { enOverview } from './en-overview';
import { enShell } from './en-shell';
import { enTrust } from './en-trust';
import { enVerification } from './en-verification';
import { enRegisters } from './en-registers';
import { enViews } from './en-views';

export const en: MessageSchema = {
  app: {
    name: 'TRuDI',
    tagline: 'Transparency for smart meter gateways',
    sourceDemo: 'Demo',
    sourceDemoTitle: 'Generated sample data of a household, not real readings',
    language: 'Language',
    nav: 'Main navigation',
  },
  totals: {
    basis: 'From the register readings of {from} to {to}',
    none: 'No two usable register readings in the period: no total.',
    coverage: 'coverage {percent} %',
  },
  contract: { label: 'Contract', noData: 'no readings' },
  dashboard: {
    title: 'Consumption overview',
    openConsumption: 'See consumption per day, week, month and year',
    gatewayId: 'Gateway',
    usagePoint: 'Usage point',
    period: 'Period',
    periodValue: '{from} to {to}',
    import: 'Consumption',
    export: 'Feed-in',
    totalImport: 'Total consumption',
    totalExport: 'Total feed-in',
    resolution: 'Resolution',
    chartTitle: 'Consumption and feed-in per {unit}',
    chartAlt: 'Bar chart: consumption and feed-in per {unit}, {values}. The values are listed in the table below.',
    showTable: 'Values as a table',
    tableCaption: 'Consumption and feed-in in kWh per {unit}',
    periodColumn: 'Period',
    sum: 'Total',
    missing: 'missing',
    incomplete: 'Incomplete periods: {count}. Missing values are never estimated; they are marked with —.',
    noData: 'No values in this period.',
    timeZoneNote: 'All times in legal time (Europe/Berlin).',
  },
  resolution: { day: 'Day', week: 'Week', month: 'Month', year: 'Year' },
  resolutionUnit: { day: 'day', week: 'week', month: 'month', year: 'year' },
  week: 'CW {week} {year}',
  loading: {
    openDemo: 'Loading demo data …',
    series: 'Computing values …',
    engineInfo: 'Loading application details …',
    cancel: 'Cancel',
  },
  error: {
    title: 'Something went wrong',
    code: 'Error code',
    reference: 'Reference in the engine log',
    causes: 'Cause',
    retry: 'Try again',
    hints: {
      NO_TOKEN: 'Open the full address printed by "npx trudi serve" (it ends with #token=…).',
      UNAUTHORIZED: 'The session is not valid. Open the address "npx trudi serve" printed last.',
      ENGINE_UNREACHABLE: 'The background engine does not answer. Restart TRuDI.',
      CANCELLED: 'The operation was cancelled.',
    },
  },
  // Issue 13 (desktop): the packaged build's identity in the About view.
  release: {
    hash: 'Checksum (SHA-256 over all shipped files)',
    noHash: 'Development build from the sources: no checksum',
    updates: 'Updates',
    updatesNote: 'Notices only, never automatic: a certified version stays what was certified.',
  },
  about: {
    title: 'About this application',
    version: 'Version',
    node: 'Node.js',
    openssl: 'OpenSSL',
    brainpool: 'Brainpool curves',
    transport: 'Connection',
    yes: 'available',
    no: 'not available',
    transports: { ipc: 'Desktop app (IPC)', http: 'Local web mode (HTTP)', 'in-process': 'in process' },
  },
  units: { kwh: 'kWh' },
  ...enViews,
  ...enOverview,
  ...enShell,
  ...enTrust,
  ...enRegisters,
  ...enLoadProfile,
  ...enVerification,
  ...enConnect,
};
