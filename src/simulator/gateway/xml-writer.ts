/** Minimal XML text building for the simulated XML protocols (escaping, attributes, nesting). */

export type XmlNode = string | string[];

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `<name a="…">children</name>`; children are elements (from `el`/`text`), undefined ones and attributes are left out. */
export function el(name: string, attributes: Record<string, string | number | undefined> = {}, ...children: (XmlNode | undefined)[]): string {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
  const body = children
    .filter((c) => c !== undefined)
    .map((c) => (Array.isArray(c) ? c.join('') : c))
    .join('');
  return body ? `<${name}${attrs}>${body}</${name}>` : `<${name}${attrs}/>`;
}

/** A text element: the content is always escaped (also when it starts with `<`). */
export function text(name: string, value: string | number): string {
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}
