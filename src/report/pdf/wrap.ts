/** Breaks text into lines that fit a width: at spaces, and inside words that are longer than a line (hex, ids). */
import type { ReportFont } from './fonts';

export function wrapText(font: ReportFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) lines.push(...wrapParagraph(font, font.clean(paragraph), size, width));
  return lines;
}

function wrapParagraph(font: ReportFont, text: string, size: number, width: number): string[] {
  if (font.width(text, size) <= width) return [text];
  const words = text.split(/ +/);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.width(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    if (font.width(word, size) <= width) {
      line = word;
      continue;
    }
    // A word longer than the line: cut it where it no longer fits.
    let rest = word;
    while (font.width(rest, size) > width) {
      let cut = Math.max(1, Math.floor((rest.length * width) / font.width(rest, size)));
      while (cut > 1 && font.width(rest.slice(0, cut), size) > width) cut--;
      while (cut < rest.length && font.width(rest.slice(0, cut + 1), size) <= width) cut++;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}
