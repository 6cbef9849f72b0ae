/**
 * poppler-utils (pdftotext, pdfinfo, pdfdetach, pdffonts, pdftoppm): the real tools the report tests read
 * PDFs back with. `.ci/run` installs them; where they are missing the tests skip with this reason.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TOOLS = ['pdftotext', 'pdfinfo', 'pdfdetach', 'pdffonts', 'pdftoppm'] as const;

function available(tool: string): boolean {
  return spawnSync(tool, ['-v'], { stdio: 'ignore' }).error === undefined;
}

export const MISSING_POPPLER_TOOLS = TOOLS.filter((tool) => !available(tool));
export const HAS_POPPLER = MISSING_POPPLER_TOOLS.length === 0;
export const POPPLER_SKIP_REASON = `skipped: poppler-utils missing (${MISSING_POPPLER_TOOLS.join(', ')}); install with "apt-get install poppler-utils" (.ci/run does)`;

/** A scratch folder holding the PDF, removed by `dispose`. */
export class PdfFile {
  readonly dir = mkdtempSync(join(tmpdir(), 'trudi-report-test-'));
  readonly path = join(this.dir, 'report.pdf');

  constructor(bytes: Uint8Array) {
    writeFileSync(this.path, bytes);
  }

  text(options: { first?: number; last?: number; layout?: boolean } = {}): string {
    const args = [...(options.layout ? ['-layout'] : []), ...(options.first ? ['-f', String(options.first)] : []), ...(options.last ? ['-l', String(options.last)] : []), this.path, '-'];
    return execFileSync('pdftotext', ['-enc', 'UTF-8', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  }

  /** The lines as laid out on the pages (`pdftotext -layout`), runs of spaces as one: a table row is one line. */
  layoutLines(): string[] {
    return this.text({ layout: true })
      .split('\n')
      .map((line) => line.replace(/\s+/g, ' ').trim())
      .filter((line) => line !== '');
  }

  pageText(page: number): string {
    return this.text({ first: page, last: page });
  }

  info(): string {
    return execFileSync('pdfinfo', [this.path], { encoding: 'utf8' });
  }

  /** The XMP metadata packet as pdfinfo prints it. */
  metadata(): string {
    return execFileSync('pdfinfo', ['-meta', this.path], { encoding: 'utf8' });
  }

  fonts(): string {
    return execFileSync('pdffonts', [this.path], { encoding: 'utf8' });
  }

  /** Every attachment, as pdfdetach saves it: name → bytes. */
  attachments(): Map<string, Uint8Array> {
    const out = mkdtempSync(join(this.dir, 'detach-'));
    execFileSync('pdfdetach', ['-saveall', '-o', out, this.path]);
    return new Map(readdirSync(out).map((name) => [name, new Uint8Array(readFileSync(join(out, name)))]));
  }

  attachmentList(): string {
    return execFileSync('pdfdetach', ['-list', this.path], { encoding: 'utf8' });
  }

  /** Renders the pages to PNG files (for people to look at) and returns their paths. */
  renderPages(outDir: string, prefix: string, dpi = 50): string[] {
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', this.path, join(outDir, prefix)]);
    return readdirSync(outDir)
      .filter((name) => name.startsWith(`${prefix}-`) && name.endsWith('.png'))
      .sort()
      .map((name) => join(outDir, name));
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
