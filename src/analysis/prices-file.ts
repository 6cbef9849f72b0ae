/** Reads a prices file from disk (CLI); the format and its checks are in prices.ts (shared with the UI). */
import { readFile } from 'node:fs/promises';
import { AnalysisError } from './errors';
import { parsePricesJson, type Prices } from './prices';

/** Reads and checks a prices file (`--prices FILE.json`). */
export async function readPricesFile(path: string): Promise<Prices> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (error as Error).message;
    throw new AnalysisError(
      'UNREADABLE_FILE',
      `Die Preisdatei ${path} ist nicht lesbar (${reason}). Pfad prüfen; Format im README unter „Preise“.`,
      `The prices file ${path} cannot be read (${reason}). Check the path; the format is in the README under "Prices".`,
    );
  }
  return parsePricesJson(text, path);
}
