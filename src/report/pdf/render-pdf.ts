/** Lays the report's blocks out on A4 pages and writes the PDF/A-3 file with its attachments. */
import { PDFDocument } from 'pdf-lib';
import type { Block, FactsBlock, NoticeBlock, ParagraphBlock, ReportContent, StatusLineBlock, Tone } from '../content/blocks';
import type { Formatter } from '../format';
import type { ReportAttachment, TablePlacement } from '../types';
import { chartHeight, drawBarChart } from './chart';
import { embedReportFonts, type ReportFonts } from './fonts';
import { COLORS, CONTENT_WIDTH, GEOMETRY, PageFlow, drawFrames } from './page-flow';
import { applyPdfA, attachOriginals, setFileId, type PdfAMetadata } from './pdfa';
import { drawTable } from './table';
import { wrapText } from './wrap';

export interface RenderOptions {
  formatter: Formatter;
  metadata: PdfAMetadata;
  attachments: ReportAttachment[];
  /** Seed of the file identifier. */
  idSeed: string;
  continued: string;
  /** Called between blocks and every few table rows: may throw to cancel, and yields to the event loop. */
  checkpoint: () => Promise<void>;
  onBlock?: (done: number, total: number) => void;
}

export interface RenderedPdf {
  bytes: Uint8Array;
  pages: number;
  tables: TablePlacement[];
}

const TONE_COLOR: Record<Tone, keyof typeof COLORS> = { ok: 'ok', warning: 'warning', error: 'error', info: 'info' };
const TONE_FILL: Record<Tone, keyof typeof COLORS> = { ok: 'okFill', warning: 'warningFill', error: 'errorFill', info: 'infoFill' };
const TONE_MARK: Record<Tone, string> = { ok: '✓', warning: '⚠', error: '✗', info: '•' };

export async function renderPdf(content: ReportContent, options: RenderOptions): Promise<RenderedPdf> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = await embedReportFonts(doc);
  const flow = new PageFlow(doc);
  const tables: TablePlacement[] = [];

  drawTitle(flow, fonts, content);
  for (const [i, block] of content.blocks.entries()) {
    await options.checkpoint();
    if (block.kind === 'table') tables.push(await drawTable(flow, fonts, block, { continued: options.continued }, options.checkpoint));
    else drawBlock(flow, fonts, block, content.blocks[i + 1], options.formatter);
    options.onBlock?.(i + 1, content.blocks.length);
  }
  drawFrames(flow.pages, content.frame, fonts);

  applyPdfA(doc, options.metadata);
  attachOriginals(doc, options.attachments, options.metadata.created);
  setFileId(doc, options.idSeed);
  await options.checkpoint();
  const bytes = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
  return { bytes, pages: flow.pages.length, tables };
}

function drawTitle(flow: PageFlow, fonts: ReportFonts, content: ReportContent): void {
  const title = fonts.bold.clean(content.title);
  flow.page.drawText(title, { x: GEOMETRY.left, y: flow.y - 18, size: 18, font: fonts.bold.pdf, color: COLORS.text });
  flow.advance(26);
  for (const line of wrapText(fonts.regular, content.subtitle, 9.5, CONTENT_WIDTH)) {
    flow.page.drawText(line, { x: GEOMETRY.left, y: flow.y - 9.5, size: 9.5, font: fonts.regular.pdf, color: COLORS.muted });
    flow.advance(13);
  }
  if (content.frame.testBand) {
    const text = fonts.bold.clean(content.frame.testBand);
    const lines = wrapText(fonts.bold, text, 10, CONTENT_WIDTH - 16);
    const height = lines.length * 13 + 10;
    flow.advance(4);
    flow.page.drawRectangle({ x: GEOMETRY.left, y: flow.y - height, width: CONTENT_WIDTH, height, color: COLORS.errorFill, borderColor: COLORS.band, borderWidth: 1.2 });
    lines.forEach((line, i) => flow.page.drawText(line, { x: GEOMETRY.left + 8, y: flow.y - 15 - i * 13, size: 10, font: fonts.bold.pdf, color: COLORS.band }));
    flow.advance(height);
  }
  flow.advance(8);
}

function drawBlock(flow: PageFlow, fonts: ReportFonts, block: Block, next: Block | undefined, f: Formatter): void {
  switch (block.kind) {
    case 'heading':
      return heading(flow, fonts, block.text, block.level, next);
    case 'paragraph':
      return paragraph(flow, fonts, block);
    case 'status':
      return statusLine(flow, fonts, block);
    case 'notice':
      return notice(flow, fonts, block);
    case 'facts':
      return facts(flow, fonts, block);
    case 'bar-chart':
      return drawBarChart(flow, fonts, block, f);
    case 'page-break':
      if (!flow.atTop()) flow.newPage();
      return;
    case 'table':
      return;
  }
}

function heading(flow: PageFlow, fonts: ReportFonts, text: string, level: 1 | 2, next: Block | undefined): void {
  const size = level === 1 ? 13 : 10;
  const before = flow.atTop() ? 0 : level === 1 ? 14 : 8;
  // Keep a heading with the start of what follows it (a whole chart: charts never break).
  const keep = !next || next.kind === 'heading' || next.kind === 'page-break' ? 0 : next.kind === 'bar-chart' ? chartHeight(fonts, next) : 46;
  flow.ensure(before + size * 1.6 + keep);
  if (!flow.atTop()) flow.advance(before);
  flow.page.drawText(fonts.bold.clean(text), { x: GEOMETRY.left, y: flow.y - size, size, font: fonts.bold.pdf, color: level === 1 ? COLORS.text : COLORS.info });
  flow.advance(size * 1.35);
  if (level === 1) flow.page.drawLine({ start: { x: GEOMETRY.left, y: flow.y }, end: { x: GEOMETRY.right, y: flow.y }, thickness: 0.6, color: COLORS.rule });
  flow.advance(6);
}

function paragraph(flow: PageFlow, fonts: ReportFonts, block: ParagraphBlock): void {
  const size = block.small ? 7.8 : 9;
  const line = size * 1.38;
  const font = block.mono ? fonts.mono : fonts.regular;
  const color = block.tone ? COLORS[TONE_COLOR[block.tone]] : block.small ? COLORS.muted : COLORS.text;
  for (const text of wrapText(font, block.text, size, CONTENT_WIDTH)) {
    flow.ensure(line);
    flow.page.drawText(text, { x: GEOMETRY.left, y: flow.y - size, size, font: font.pdf, color });
    flow.advance(line);
  }
  flow.advance(5);
}

function statusLine(flow: PageFlow, fonts: ReportFonts, block: StatusLineBlock): void {
  const size = 8.8;
  const line = size * 1.36;
  const indent = 13;
  const lines = wrapText(fonts.regular, block.text, size, CONTENT_WIDTH - indent);
  flow.ensure(Math.min(lines.length * line + 3, flow.remaining() + 1));
  const color = COLORS[TONE_COLOR[block.tone]];
  flow.page.drawText(TONE_MARK[block.tone], { x: GEOMETRY.left + 1, y: flow.y - size, size, font: fonts.bold.pdf, color });
  for (const text of lines) {
    flow.ensure(line);
    flow.page.drawText(text, { x: GEOMETRY.left + indent, y: flow.y - size, size, font: fonts.regular.pdf, color: COLORS.text });
    flow.advance(line);
  }
  flow.advance(3);
}

function notice(flow: PageFlow, fonts: ReportFonts, block: NoticeBlock): void {
  const size = 8.8;
  const line = size * 1.38;
  const inner = CONTENT_WIDTH - 20;
  const lines = wrapText(fonts.regular, block.text, size, inner);
  const height = 10 + 12 + lines.length * line + 6;
  flow.ensure(height + 6);
  const color = COLORS[TONE_COLOR[block.tone]];
  const top = flow.y;
  flow.page.drawRectangle({ x: GEOMETRY.left, y: top - height, width: CONTENT_WIDTH, height, color: COLORS[TONE_FILL[block.tone]] });
  flow.page.drawRectangle({ x: GEOMETRY.left, y: top - height, width: 3.5, height, color });
  flow.page.drawText(fonts.bold.clean(block.title), { x: GEOMETRY.left + 12, y: top - 10 - 8.5, size: 9.5, font: fonts.bold.pdf, color });
  lines.forEach((text, i) => flow.page.drawText(text, { x: GEOMETRY.left + 12, y: top - 22 - size - i * line + 2, size, font: fonts.regular.pdf, color: COLORS.text }));
  flow.advance(height + 8);
}

function facts(flow: PageFlow, fonts: ReportFonts, block: FactsBlock): void {
  const size = 8.6;
  const line = size * 1.36;
  const labelWidth = CONTENT_WIDTH * 0.3;
  const valueWidth = CONTENT_WIDTH - labelWidth - 6;
  const laid = block.facts.map((fact) => {
    const font = fact.mono ? fonts.mono : fonts.regular;
    const labels = wrapText(fonts.regular, fact.label, size, labelWidth - 4);
    const values = wrapText(font, fact.value, size, valueWidth);
    return { font, labels, values, height: Math.max(labels.length, values.length) * line + 4 };
  });
  // Keep a short list together; a long one breaks between facts.
  const total = laid.reduce((n, l) => n + l.height, 0);
  if (total < (GEOMETRY.top - GEOMETRY.bottom) / 2) flow.ensure(total);
  for (const { font, labels, values, height } of laid) {
    flow.ensure(height);
    labels.forEach((text, i) => flow.page.drawText(text, { x: GEOMETRY.left, y: flow.y - size - 1 - i * line, size, font: fonts.regular.pdf, color: COLORS.muted }));
    values.forEach((text, i) => flow.page.drawText(text, { x: GEOMETRY.left + labelWidth + 6, y: flow.y - size - 1 - i * line, size, font: font.pdf, color: COLORS.text }));
    flow.advance(height);
    flow.page.drawLine({ start: { x: GEOMETRY.left, y: flow.y + 0.5 }, end: { x: GEOMETRY.right, y: flow.y + 0.5 }, thickness: 0.3, color: COLORS.headerFill });
  }
  flow.advance(8);
}
