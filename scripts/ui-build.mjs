// Whether the built user interface (out/renderer) is older than its sources; shared by `npm start` and the
// engine packaging.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** True when out/renderer/index.html is missing or older than anything under `sourceDirs`. */
export function uiBuildOutdated(root, sourceDirs = ['renderer', 'main', 'src/api']) {
  const marker = join(root, 'out', 'renderer', 'index.html');
  if (!existsSync(marker)) return true;
  const sourcesMtime = Math.max(...sourceDirs.map((d) => newestMtime(join(root, d))));
  return statSync(marker).mtimeMs < sourcesMtime;
}
