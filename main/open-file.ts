/**
 * Opening a file from outside the window (menu "Open…", a second start with a file argument, a file association):
 * the file goes the way of a file dropped onto the window, so the renderer's own open path (engine call, progress,
 * errors) handles it. Only read-out files, at most 512 MiB.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';

export const OPENABLE_EXTENSIONS = ['.xml', '.cms', '.p7m', '.p7s'];
const MAX_BYTES = 512 * 1024 * 1024;

/** The file arguments of a command line (first instance or second start), in order. */
export function fileArguments(argv: string[]): string[] {
  return argv.slice(1).filter((arg) => !arg.startsWith('-') && OPENABLE_EXTENSIONS.includes(extname(arg).toLowerCase()));
}

/** A script for webContents.executeJavaScript that drops the file onto the window as a user would. */
export function dropFileScript(name: string, bytes: Uint8Array): string {
  const base64 = Buffer.from(bytes).toString('base64');
  return `(() => {
  const binary = atob(${JSON.stringify(base64)});
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], ${JSON.stringify(name)}, { type: 'application/xml' }));
  window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  return true;
})()`;
}

export async function readOpenableFile(path: string): Promise<{ name: string; bytes: Uint8Array }> {
  const info = await stat(path);
  if (!info.isFile()) throw new Error(`${path} is not a file.`);
  if (info.size > MAX_BYTES) throw new Error(`${path} is larger than 512 MiB.`);
  return { name: basename(path), bytes: new Uint8Array(await readFile(path)) };
}
