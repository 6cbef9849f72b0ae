/**
 * Leaf text to values for the streaming AR 2418-6 reader (the general path; the reader parses the usual
 * numbers and times straight from its input): entities, CDATA, comments and line ends decoded, then the
 * text converted to the schema's leaf type, with a problem for text that is not of that type.
 */
import type { ChildDef } from './schema';
import { hasZone, parseXsdDateTime } from './datetime';
import { isHex } from './hex';
import type { ReportSink } from './stream-reader-problems';
import { PREDEFINED_ENTITIES, parseInteger, short } from './text-scan';

export function leafValue(def: ChildDef, raw: string, sink: ReportSink): string | number | boolean | undefined {
  const text = raw.length > 0 && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32) ? raw.trim() : raw;
  switch (def.leaf) {
    case 'uint':
    case 'int': {
      const n = parseInteger(text, def.leaf === 'int');
      if (n === undefined) {
        sink.report(
          'schema.integer',
          'error',
          `"${short(text)}" ist keine ${def.leaf === 'int' ? '' : 'nicht-negative '}ganze Zahl (Element "${def.key}").`,
          `"${short(text)}" is not a${def.leaf === 'int' ? 'n' : ' non-negative'} integer (element "${def.key}").`,
        );
      }
      return n;
    }
    case 'dateTime': {
      const t = parseXsdDateTime(text);
      if (Number.isNaN(t)) {
        sink.report(
          'schema.datetime',
          'error',
          `"${short(text)}" ist kein gültiger Zeitpunkt (xs:dateTime, Element "${def.key}").`,
          `"${short(text)}" is not a valid point in time (xs:dateTime, element "${def.key}").`,
        );
        return undefined;
      }
      if (!hasZone(text)) {
        sink.reportOnce(
          'quirk.no-zone',
          'warning',
          `Zeitangaben ohne Zeitzone (z. B. "${text}") werden als gesetzliche Zeit Europe/Berlin gelesen.`,
          `Times without a zone (e.g. "${text}") are read as Europe/Berlin legal time.`,
        );
      }
      return t;
    }
    case 'hex':
      if (!isHex(text)) {
        sink.report(
          'schema.hex',
          'error',
          `Der Inhalt von "${def.key}" ist keine gültige Hex-Zeichenfolge (nur 0-9, A-F, gerade Länge).`,
          `The content of "${def.key}" is not valid hex (only 0-9, A-F, even length).`,
        );
        return undefined;
      }
      return text;
    case 'bool':
      if (text === 'true' || text === '1') return true;
      if (text === 'false' || text === '0') return false;
      sink.report('schema.boolean', 'error', `"${short(text)}" ist kein Wahrheitswert.`, `"${short(text)}" is not a boolean.`);
      return undefined;
    default:
      if (def.maxLength !== undefined && text.length > def.maxLength) {
        sink.report(
          'schema.length',
          'error',
          `Der Inhalt von "${def.key}" ist ${text.length} Zeichen lang, erlaubt sind ${def.maxLength}.`,
          `The content of "${def.key}" is ${text.length} characters long; at most ${def.maxLength} are allowed.`,
        );
      }
      return text;
  }
}

/** Entities, CDATA, comments and line ends in leaf text (rare in AR 2418-6 files). */
export function decodeLeafText(raw: string, sink: ReportSink): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const lt = raw.indexOf('<', i);
    const plainEnd = lt < 0 ? raw.length : lt;
    out += decodeEntities(raw.slice(i, plainEnd), sink);
    if (lt < 0) break;
    if (raw.startsWith('<![CDATA[', lt)) {
      const close = raw.indexOf(']]>', lt + 9);
      out += raw.slice(lt + 9, close < 0 ? raw.length : close);
      i = close < 0 ? raw.length : close + 3;
    } else if (raw.startsWith('<!--', lt)) {
      const close = raw.indexOf('-->', lt + 4);
      i = close < 0 ? raw.length : close + 3;
    } else {
      // processing instruction or a (skipped, already reported) child element
      const close = raw.indexOf('>', lt + 1);
      i = close < 0 ? raw.length : close + 1;
    }
  }
  return out.replace(/\r\n?/g, '\n');
}

function decodeEntities(text: string, sink: ReportSink): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);/g, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    const known = PREDEFINED_ENTITIES[name];
    if (known !== undefined) return known;
    sink.report('xml.entity', 'error', `Unbekannte Entität "&${name};".`, `Unknown entity "&${name};".`);
    return whole;
  });
}
