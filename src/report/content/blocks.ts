/**
 * The report's content as a list of blocks in the chosen language, independent of page layout: the PDF
 * renderer flows them onto A4 pages (tables break between rows and repeat their header).
 */

export type Tone = 'ok' | 'warning' | 'error' | 'info';

export interface HeadingBlock {
  kind: 'heading';
  text: string;
  level: 1 | 2;
}

export interface ParagraphBlock {
  kind: 'paragraph';
  text: string;
  tone?: Tone;
  small?: boolean;
  mono?: boolean;
}

/** A line with a status mark in front (✓ ⚠ ✗ •). */
export interface StatusLineBlock {
  kind: 'status';
  tone: Tone;
  text: string;
}

/** A coloured box with a strong message (the TEST PKI notice, a failed bill check). */
export interface NoticeBlock {
  kind: 'notice';
  tone: Tone;
  title: string;
  text: string;
}

/** Label/value pairs (kept together per pair). */
export interface FactsBlock {
  kind: 'facts';
  facts: { label: string; value: string; mono?: boolean }[];
}

export interface TableColumn {
  header: string;
  /** Relative width (the table fills the content width). */
  width: number;
  align?: 'left' | 'right';
  mono?: boolean;
}

export interface TableRow {
  cells: string[];
  tone?: Tone;
  bold?: boolean;
}

export interface TableBlock {
  kind: 'table';
  /** A stable id for the layout record (tests). */
  id: string;
  title?: string;
  columns: TableColumn[];
  rows: TableRow[];
  /** Totals, drawn after the rows with a rule above. */
  footer?: TableRow[];
  /** Shown instead of an empty table. */
  empty?: string;
}

export interface ChartSeries {
  label: string;
  color: [number, number, number];
  /** One value per category; null where unknown. */
  values: (number | null)[];
}

/** Stacked bars (one bar per category, one segment per series), drawn as vectors. */
export interface BarChartBlock {
  kind: 'bar-chart';
  title: string;
  unit: string;
  categories: string[];
  series: ChartSeries[];
  /** Series drawn below zero (feed-in), stacked downwards. */
  negativeSeries?: ChartSeries[];
  /** Text under the chart (e.g. what missing bars mean). */
  note?: string;
}

export interface PageBreakBlock {
  kind: 'page-break';
}

export type Block = HeadingBlock | ParagraphBlock | StatusLineBlock | NoticeBlock | FactsBlock | TableBlock | BarChartBlock | PageBreakBlock;

/** What every page carries besides the content. */
export interface PageFrame {
  /** Left part of the running header, e.g. "Prüfbericht · EDNT0017038437". */
  header: string;
  /** Right part of the running header: the period. */
  headerRight: string;
  /** Footer left: generation time and software. */
  footer: string;
  /** `Seite {page} von {pages}`; the placeholders are filled in at the end. */
  pageLabel: string;
  /** A red band on every page (TEST PKI, demo data); absent for real data. */
  testBand?: string;
}

export interface ReportContent {
  title: string;
  subtitle: string;
  frame: PageFrame;
  blocks: Block[];
}
