/**
 * Tables that never cut a row: a row that does not fit goes to the next page whole, and every page a table
 * continues on starts with its title ("continued") and its header row again. Cells wrap.
 */
import type { Color } from 'pdf-lib';
import type { TableBlock, TableRow, Tone } from '../content/blocks';
import type { TablePlacement } from '../types';
import type { ReportFont, ReportFonts } from './fonts';
import { COLORS, CONTENT_WIDTH, GEOMETRY, type PageFlow } from './page-flow';
import { wrapText } from './wrap';

const SIZE = 7.5;
const LINE = SIZE * 1.28;
const PAD_X = 3;
const PAD_Y = 2.6;
const TITLE_SIZE = 9;
/** A cell never grows beyond this many lines (a row must fit one page). */
const MAX_LINES = 30;

interface LaidOutRow {
  lines: string[][];
  height: number;
  row: TableRow;
}

export interface TableTexts {
  continued: string;
}

export async function drawTable(flow: PageFlow, fonts: ReportFonts, table: TableBlock, texts: TableTexts, checkpoint: () => Promise<void>): Promise<TablePlacement> {
  const placement: TablePlacement = { id: table.id, rows: [] };
  const totalWeight = table.columns.reduce((n, c) => n + c.width, 0);
  const widths = table.columns.map((c) => (c.width / totalWeight) * CONTENT_WIDTH);
  const fontOf = (column: number, bold: boolean): ReportFont => (bold ? fonts.bold : table.columns[column]?.mono ? fonts.mono : fonts.regular);
  const layout = (row: TableRow, header = false): LaidOutRow => {
    const lines = row.cells.map((cell, i) => {
      const all = wrapText(fontOf(i, header || !!row.bold), cell, SIZE, widths[i]! - 2 * PAD_X);
      return all.length > MAX_LINES ? [...all.slice(0, MAX_LINES - 1), '…'] : all;
    });
    const height = Math.max(1, ...lines.map((l) => l.length)) * LINE + 2 * PAD_Y;
    return { lines, height, row };
  };
  const header = layout({ cells: table.columns.map((c) => c.header), bold: true }, true);
  const titleHeight = table.title ? TITLE_SIZE * 1.5 + 2 : 0;

  if (table.rows.length === 0 && table.empty) {
    const lines = wrapText(fonts.regular, table.empty, 8.5, CONTENT_WIDTH);
    flow.ensure(titleHeight + lines.length * 11 + 6);
    drawTitle(flow, fonts, table.title, '');
    for (const line of lines) {
      flow.page.drawText(line, { x: GEOMETRY.left, y: flow.y - 9, size: 8.5, font: fonts.regular.pdf, color: COLORS.muted });
      flow.advance(11);
    }
    flow.advance(6);
    return placement;
  }

  const rows = table.rows.map((r) => layout(r));
  const footer = (table.footer ?? []).map((r) => layout(r));
  const first = rows[0] ?? footer[0];
  flow.ensure(titleHeight + header.height + (first?.height ?? 0));
  drawTitle(flow, fonts, table.title, '');
  drawRow(flow, fonts, header, widths, table, 'header');
  placement.rows.push(record(flow, header, true));

  const place = (row: LaidOutRow, kind: 'body' | 'footer', index: number) => {
    if (row.height > flow.remaining()) {
      flow.newPage();
      drawTitle(flow, fonts, table.title ?? '', texts.continued);
      drawRow(flow, fonts, header, widths, table, 'header');
      placement.rows.push(record(flow, header, true));
    }
    drawRow(flow, fonts, row, widths, table, kind, index);
    placement.rows.push(record(flow, row, false));
  };
  for (let i = 0; i < rows.length; i++) {
    place(rows[i]!, 'body', i);
    if (i % 150 === 149) await checkpoint();
  }
  footer.forEach((row, i) => place(row, 'footer', i));
  flow.advance(8);
  return placement;
}

function record(flow: PageFlow, row: LaidOutRow, header: boolean) {
  // drawRow moved the cursor below the row: the row spans [y, y + height].
  return { page: flow.pageIndex, top: flow.y + row.height, bottom: flow.y, header };
}

function drawTitle(flow: PageFlow, fonts: ReportFonts, title: string | undefined, suffix: string): void {
  if (!title && !suffix) return;
  const text = fonts.bold.clean(suffix ? `${title ? `${title} ` : ''}${suffix}` : title!);
  flow.page.drawText(text, { x: GEOMETRY.left, y: flow.y - TITLE_SIZE, size: TITLE_SIZE, font: fonts.bold.pdf, color: COLORS.text });
  flow.advance(TITLE_SIZE * 1.5 + 2);
}

function fillOf(tone: Tone | undefined): Color | undefined {
  if (tone === 'error') return COLORS.errorFill;
  if (tone === 'warning') return COLORS.warningFill;
  if (tone === 'ok') return COLORS.okFill;
  return undefined;
}

function drawRow(flow: PageFlow, fonts: ReportFonts, row: LaidOutRow, widths: number[], table: TableBlock, kind: 'header' | 'body' | 'footer', index = 0): void {
  const page = flow.page;
  const top = flow.y;
  const bottom = top - row.height;
  const fill = kind === 'header' ? COLORS.headerFill : (fillOf(row.row.tone) ?? (index % 2 === 1 ? COLORS.faint : undefined));
  if (fill) page.drawRectangle({ x: GEOMETRY.left, y: bottom, width: CONTENT_WIDTH, height: row.height, color: fill });
  if (kind === 'footer' && index === 0) page.drawLine({ start: { x: GEOMETRY.left, y: top }, end: { x: GEOMETRY.right, y: top }, thickness: 0.8, color: COLORS.muted });
  let x = GEOMETRY.left;
  row.lines.forEach((lines, i) => {
    const column = table.columns[i];
    const font = kind === 'header' || row.row.bold ? fonts.bold : column?.mono ? fonts.mono : fonts.regular;
    const color = row.row.tone === 'error' && kind === 'body' ? COLORS.error : COLORS.text;
    lines.forEach((line, li) => {
      const y = top - PAD_Y - SIZE - li * LINE + 1.2;
      const textX = column?.align === 'right' ? x + widths[i]! - PAD_X - font.width(line, SIZE) : x + PAD_X;
      page.drawText(line, { x: textX, y, size: SIZE, font: font.pdf, color });
    });
    x += widths[i]!;
  });
  if (kind === 'header') page.drawLine({ start: { x: GEOMETRY.left, y: bottom }, end: { x: GEOMETRY.right, y: bottom }, thickness: 0.6, color: COLORS.muted });
  flow.advance(row.height);
}
