/** JSON-safe data transfer objects of the TrudiApi contract. Times are ISO 8601 strings with offset. */

export interface EngineInfo {
  name: string;
  version: string;
  node: string;
  openssl: string;
  /** Whether the runtime's OpenSSL knows the brainpool curves (needed for gateway TLS and signatures). */
  brainpool: boolean;
  transport: 'ipc' | 'http' | 'in-process';
}

export interface ReadoutSummary {
  /** Identifies the loaded read-out in later calls. */
  readoutId: string;
  source: 'demo' | 'file' | 'gateway';
  /** True for generated data (the demo gateway); the UI labels it. */
  demo: boolean;
  gatewayId: string;
  usagePointId: string;
  channels: ChannelSummary[];
  /** First and last reading over all channels. */
  first: string;
  last: string;
}

export interface ChannelSummary {
  channelId: string;
  obis: string;
  direction: 'import' | 'export' | 'other';
  unit: string;
  readings: number;
  /** Measurement period in seconds. */
  period: number;
}

export type Resolution = 'day' | 'week' | 'month' | 'year';

export interface SeriesRequest {
  readoutId: string;
  resolution: Resolution;
  /** Optional ISO dates limiting the range (inclusive from, exclusive to). */
  from?: string;
  to?: string;
  operationId?: string;
}

export interface SeriesPoint {
  /** Start of the period, ISO 8601 with Europe/Berlin offset. */
  start: string;
  /** Energy in kWh per direction; null where a boundary reading is missing. */
  import: number | null;
  export: number | null;
  /** Why a value is null, for display. */
  incompleteReason?: string;
}

export interface ConsumptionSeries {
  readoutId: string;
  resolution: Resolution;
  unit: 'kWh';
  points: SeriesPoint[];
  totals: { import: number; export: number };
}

export interface ProgressEvent {
  operationId: string;
  /** 0..1, or -1 when indeterminate. */
  fraction: number;
  message: string;
}

/** Error shape that crosses every transport. `code` is stable, `message` is for people. */
export interface ApiErrorPayload {
  code: string;
  message: string;
}
