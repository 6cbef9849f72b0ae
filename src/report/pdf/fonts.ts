/**
 * The report's fonts: DejaVu Sans (regular, bold) and DejaVu Sans Mono from resources/report/fonts, embedded
 * as subsets (PDF/A needs every font embedded). Text a font cannot show is replaced by "?" rather than
 * printed as an invisible .notdef box, and widths are cached: tables measure the same strings many times.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { PROJECT_ROOT } from '../../project-paths';

export const REPORT_RESOURCES = join(PROJECT_ROOT, 'resources', 'report');

export type FontName = 'regular' | 'bold' | 'mono';

const FILES: Record<FontName, { file: string; subsetName: string }> = {
  // A subset's PostScript name carries a six-letter tag and "+" (ISO 32000-1, 9.6.4).
  regular: { file: 'DejaVuSans.ttf', subsetName: 'TRUDIA+DejaVuSans' },
  bold: { file: 'DejaVuSans-Bold.ttf', subsetName: 'TRUDIB+DejaVuSans-Bold' },
  mono: { file: 'DejaVuSansMono.ttf', subsetName: 'TRUDIC+DejaVuSansMono' },
};

const fileCache = new Map<FontName, Uint8Array>();

function fontBytes(name: FontName): Uint8Array {
  let bytes = fileCache.get(name);
  if (!bytes) {
    bytes = new Uint8Array(readFileSync(join(REPORT_RESOURCES, 'fonts', FILES[name].file)));
    fileCache.set(name, bytes);
  }
  return bytes;
}

export class ReportFont {
  private readonly widths = new Map<string, number>();
  private readonly cleaned = new Map<string, string>();

  constructor(
    readonly pdf: PDFFont,
    private readonly covers: (codePoint: number) => boolean,
  ) {}

  /** The text with every character the font lacks replaced (tabs and other controls become spaces). */
  clean(text: string): string {
    let result = this.cleaned.get(text);
    if (result === undefined) {
      result = '';
      for (const ch of text) {
        const cp = ch.codePointAt(0)!;
        if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) result += ' ';
        else result += this.covers(cp) ? ch : '?';
      }
      if (this.cleaned.size < 50_000) this.cleaned.set(text, result);
    }
    return result;
  }

  /** Width in points of cleaned text at the size. */
  width(text: string, size: number): number {
    let unit = this.widths.get(text);
    if (unit === undefined) {
      unit = this.pdf.widthOfTextAtSize(text, 1);
      if (this.widths.size < 50_000) this.widths.set(text, unit);
    }
    return unit * size;
  }
}

export type ReportFonts = Record<FontName, ReportFont>;

export async function embedReportFonts(doc: PDFDocument): Promise<ReportFonts> {
  doc.registerFontkit(fontkit);
  const entries = await Promise.all(
    (Object.keys(FILES) as FontName[]).map(async (name) => {
      const bytes = fontBytes(name);
      const pdf = await doc.embedFont(bytes, { subset: true, customName: FILES[name].subsetName, features: { liga: false, clig: false } });
      const face = fontkit.create(bytes);
      useCmapLayout(pdf);
      return [name, new ReportFont(pdf, (cp) => face.hasGlyphForCodePoint(cp))] as const;
    }),
  );
  return Object.fromEntries(entries) as ReportFonts;
}

interface LayoutFont {
  layout(text: string, features?: unknown): { glyphs: unknown[] };
  glyphForCodePoint(codePoint: number): unknown;
}

/**
 * pdf-lib runs fontkit's full shaping (`layout`) for every string it measures or draws, but uses only the
 * glyphs, never the positions. The report fonts are cut to Latin without substitution tables (see
 * scripts/subset-report-fonts.sh), so the shaped glyphs are exactly the cmap glyphs: look them up directly,
 * which makes a report with thousands of table cells several times faster. The report tests read every
 * page back with pdftotext, so a change in pdf-lib that broke this would show at once.
 */
function useCmapLayout(font: PDFFont): void {
  const face = (font as unknown as { embedder?: { font?: LayoutFont } }).embedder?.font;
  if (!face || typeof face.glyphForCodePoint !== 'function') return;
  const glyphs = new Map<number, unknown>();
  face.layout = (text: string) => {
    const list: unknown[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let glyph = glyphs.get(cp);
      if (glyph === undefined) {
        glyph = face.glyphForCodePoint(cp);
        glyphs.set(cp, glyph);
      }
      list.push(glyph);
    }
    return { glyphs: list };
  };
}
