/**
 * What the report generator takes and gives: one billing period of one read-out, as an A4 PDF/A-3 in German
 * or English, with the original files attached. The same generator serves the app (engine) and the CLI.
 */
import type { VerificationSummary } from '../crypto/verify-document';
import type { TrustAnchor } from '../crypto/chain/trust-anchors';
import type { Ar2418Document } from '../model/types';
import type { Prices } from '../analysis/prices';

export type ReportLanguage = 'de' | 'en';

/** A file the report attaches byte for byte (PDF/A-3 associated file). */
export interface ReportAttachment {
  fileName: string;
  bytes: Uint8Array;
  mimeType: string;
  /** Shown in the attachment list of PDF viewers. */
  description: string;
  /** How the file relates to the report: its source data, or a supplement to it. */
  relationship: 'Source' | 'Supplement' | 'Data';
  /** When the file was made or received, where known (else the report's time is used). */
  modified?: Date;
}

export interface ReportDocumentFile {
  document: Ar2418Document;
  /** The file's bytes as they were read; absent only for data generated in memory (the demo). */
  bytes?: Uint8Array;
  fileName: string;
}

/** A register value the user read off the bill, in kWh (or the register's display unit). */
export interface BilledValue {
  /** `1-0:1.8.1*255` */
  obis: string;
  value: number;
  /** Decimal places as the user wrote them: the bill's precision, used when comparing. */
  decimals: number;
}

export interface ReportInput {
  device: ReportDocumentFile;
  supplier?: ReportDocumentFile & { bytes: Uint8Array };
  /** Further originals the read-out came with (e.g. the CMS-signed export), attached as they are. */
  originals?: ReportAttachment[];
  billed?: BilledValue[];
  /** Prices for the period (README "Prices"): the report then shows the cost per register and the total. */
  prices?: Prices;
  /** How the read-out was obtained. */
  source: 'file' | 'gateway' | 'demo';
  /** Generated demo data: labelled as such on every page. */
  demo: boolean;
  /** A verification the caller already made (the app reuses what the user saw); else the generator verifies. */
  verification?: VerificationSummary;
  /** The contract (usage point) to report; default the supplier file's, else the first with readings. */
  usagePointId?: string;
  /** Without a supplier file: the period to report (epoch ms, [from, to)); default the readings' whole range. */
  from?: number;
  to?: number;
}

export interface ReportProgress {
  /** 0..1 */
  fraction: number;
  /** A stable code: report.analysing, report.verifying, report.layout, report.saving. */
  message: string;
}

export interface ReportOptions {
  lang: ReportLanguage;
  /** Trust anchors for verifying signatures when `input.verification` is absent. */
  trustAnchors?: TrustAnchor[];
  /** The report's time (default now); whole seconds are used. */
  now?: Date;
  /** Name and version of the software, printed in the footer and the PDF metadata. */
  software?: { name: string; version: string };
  signal?: AbortSignal;
  onProgress?: (progress: ReportProgress) => void;
}

/** Where a table row ended up: what the layout tests check (no row crosses a page edge, headers repeat). */
export interface TableRowPlacement {
  page: number;
  top: number;
  bottom: number;
  header: boolean;
}

export interface TablePlacement {
  id: string;
  rows: TableRowPlacement[];
}

export interface GeneratedReport {
  bytes: Uint8Array;
  pages: number;
  fileName: string;
  /** The attachments in the PDF, in order. */
  attachments: { fileName: string; size: number; sha256: string }[];
  /** Layout facts for tests: every table and where its rows went, and the page's content area. */
  layout: { tables: TablePlacement[]; contentTop: number; contentBottom: number };
  /** The bill check failed (the report says why); the CLI exits with "findings". */
  billCheckError?: { code: string; de: string; en: string };
}
