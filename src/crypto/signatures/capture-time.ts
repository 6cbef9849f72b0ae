/** Second-exact UTC capture time as the signed messages write it, e.g. `2024-03-31T01:15:00Z`. */
export function captureTimeText(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
