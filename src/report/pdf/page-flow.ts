/**
 * A4 pages and the cursor that flows content down them: a block asks for the height it needs and gets a new
 * page when the rest of this one is too short. The running header, the footer and the page numbers are drawn
 * at the end, when the number of pages is known.
 */
import { rgb, type Color, type PDFDocument, type PDFPage } from 'pdf-lib';
import type { PageFrame } from '../content/blocks';
import type { ReportFonts } from './fonts';

/** A4 in points (210 × 297 mm). */
export const A4 = { width: 595.28, height: 841.89 } as const;

export const GEOMETRY = {
  left: 48,
  right: A4.width - 48,
  /** Top of the content area (below the running header). */
  top: A4.height - 64,
  /** Bottom of the content area (above the footer). */
  bottom: 52,
} as const;

export const CONTENT_WIDTH = GEOMETRY.right - GEOMETRY.left;

export const COLORS = {
  text: rgb(0.1, 0.1, 0.12),
  muted: rgb(0.38, 0.38, 0.42),
  rule: rgb(0.75, 0.75, 0.78),
  faint: rgb(0.965, 0.965, 0.97),
  headerFill: rgb(0.9, 0.91, 0.93),
  ok: rgb(0.1, 0.5, 0.22),
  warning: rgb(0.72, 0.45, 0.0),
  error: rgb(0.75, 0.1, 0.1),
  info: rgb(0.16, 0.36, 0.62),
  okFill: rgb(0.9, 0.96, 0.91),
  warningFill: rgb(1, 0.95, 0.84),
  errorFill: rgb(0.99, 0.9, 0.9),
  infoFill: rgb(0.9, 0.94, 0.99),
  band: rgb(0.75, 0.08, 0.08),
  white: rgb(1, 1, 1),
} satisfies Record<string, Color>;

export class PageFlow {
  readonly pages: PDFPage[] = [];
  /** The cursor: the next content starts below this line. */
  y: number = GEOMETRY.top;

  constructor(
    private readonly doc: PDFDocument,
    private readonly onNewPage: (page: PDFPage, index: number) => void = () => {},
  ) {
    this.newPage();
  }

  get page(): PDFPage {
    return this.pages[this.pages.length - 1]!;
  }

  get pageIndex(): number {
    return this.pages.length - 1;
  }

  newPage(): void {
    const page = this.doc.addPage([A4.width, A4.height]);
    this.pages.push(page);
    this.y = GEOMETRY.top;
    this.onNewPage(page, this.pages.length - 1);
  }

  /** Room left on this page. */
  remaining(): number {
    return this.y - GEOMETRY.bottom;
  }

  atTop(): boolean {
    return this.y >= GEOMETRY.top - 0.01;
  }

  /** Starts a new page unless `height` fits below the cursor (or the page is still empty). Returns whether it broke. */
  ensure(height: number): boolean {
    if (height <= this.remaining() || this.atTop()) return false;
    this.newPage();
    return true;
  }

  /** Moves the cursor down (never below the content area). */
  advance(height: number): void {
    this.y = Math.max(GEOMETRY.bottom, this.y - height);
  }
}

/** Draws the running header, the TEST band, the footer and "page n of N" on every page. */
export function drawFrames(pages: PDFPage[], frame: PageFrame, fonts: ReportFonts): void {
  const small = 7;
  pages.forEach((page, i) => {
    const headerY = A4.height - 34;
    const header = fonts.regular.clean(frame.header);
    const right = fonts.regular.clean(frame.headerRight);
    page.drawText(header, { x: GEOMETRY.left, y: headerY, size: small, font: fonts.regular.pdf, color: COLORS.muted });
    page.drawText(right, { x: GEOMETRY.right - fonts.regular.width(right, small), y: headerY, size: small, font: fonts.regular.pdf, color: COLORS.muted });
    page.drawLine({ start: { x: GEOMETRY.left, y: headerY - 5 }, end: { x: GEOMETRY.right, y: headerY - 5 }, thickness: 0.5, color: COLORS.rule });
    if (frame.testBand) {
      const band = fonts.bold.clean(frame.testBand);
      const size = 8;
      page.drawRectangle({ x: 0, y: A4.height - 20, width: A4.width, height: 20, color: COLORS.band });
      page.drawText(band, { x: (A4.width - fonts.bold.width(band, size)) / 2, y: A4.height - 14, size, font: fonts.bold.pdf, color: COLORS.white });
      page.drawRectangle({ x: 0, y: 0, width: A4.width, height: 14, color: COLORS.band });
      page.drawText(band, { x: (A4.width - fonts.bold.width(band, 6.5)) / 2, y: 4.5, size: 6.5, font: fonts.bold.pdf, color: COLORS.white });
    }
    const footerY = 30;
    page.drawLine({ start: { x: GEOMETRY.left, y: footerY + 10 }, end: { x: GEOMETRY.right, y: footerY + 10 }, thickness: 0.5, color: COLORS.rule });
    page.drawText(fonts.regular.clean(frame.footer), { x: GEOMETRY.left, y: footerY, size: small, font: fonts.regular.pdf, color: COLORS.muted });
    const label = fonts.regular.clean(frame.pageLabel.replace('{page}', String(i + 1)).replace('{pages}', String(pages.length)));
    page.drawText(label, { x: GEOMETRY.right - fonts.regular.width(label, small), y: footerY, size: small, font: fonts.regular.pdf, color: COLORS.muted });
  });
}
