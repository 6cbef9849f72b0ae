/**
 * Streaming reader (saxes) of DKE K461 `profile_generic-1` XML, the content of a PPC gateway's signed
 * `exportMeterValues` (../shared/conformance/ppc/; facts in ../shared/knowledge/04-han-gateways.md), into
 * the internal model: one MeterReading per capture object (import 1.8.0, export 2.8.0, …), readings in time
 * order, capture times from UTC, every entry's `smgw_signature` kept as the reading's signature.
 *
 * The reading's signed fields must survive the trip into the model exactly (see the PPC message format in
 * src/crypto/signatures/ppc.ts): the capture time has to be the second-exact `YYYY-MM-DDTHH:MM:SSZ` the
 * gateway writes, values integers within 2^53, status a plain decimal; anything else is refused with the
 * entry it concerns. The K461 status is kept as `statusVendor` (decimal text).
 *
 * Inferred (not seen in real data): status 3 ("not present") and 4 ("invalid") as integrations label them,
 * mapped to PTB 3 (value not usable); DLMS units other than Wh.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { Ar2418Document, IntervalReading, MeterReading, UsagePoint } from '../../model/types';
import { hasErrors, problem, type Problem } from '../../model/problems';
import { sortDocument } from '../../model/sorting';
import { espiUomOfDlmsUnit } from '../../model/dlms-units';
import { detectPeriodFromReadings } from '../../model/measurement-period';

export const NS_K461_PROFILE = 'urn:k461-dke-de:profile_generic-1';
export const NS_K461_EXTENSION = 'urn:k461-dke-de:extension-1';
/** The signed-message format of the entries (src/crypto/signatures/message-formats.ts). */
export const PPC_FORMAT_ID = 'ppc-k461-1';
export const K461_GENERATOR = `DKE K461 profile_generic-1 (PPC exportMeterValues) signed-message-format=${PPC_FORMAT_ID}`;

const MAX_BYTES = 512 * 1024 * 1024;
const MAX_DEPTH = 20;
const MAX_TEXT = 4096;
const CAPTURE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;
const DECIMAL = /^-?(0|[1-9]\d*)$/;

export interface K461ReadResult {
  document?: Ar2418Document;
  /** The input exactly as given. */
  original: Uint8Array;
  problems: Problem[];
  ok: boolean;
  /** The profile's logical name (`01005e31803c.<meter>.sm`). */
  profileId?: string;
}

/** Whether the bytes look like K461 XML (root element in the profile_generic-1 namespace). */
export function looksLikeK461(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('utf8');
  return head.includes(NS_K461_PROFILE) && /<([A-Za-z_][\w.-]*:)?object[\s>]/.test(head);
}

interface EntryDraft {
  value?: string;
  scaler?: string;
  unit?: string;
  status?: string;
  captureTime?: string;
  signature?: string;
  line: number;
}

export function readK461(bytes: Uint8Array): K461ReadResult {
  const problems: Problem[] = [];
  const fail = (code: string, de: string, en: string): K461ReadResult => ({ original: bytes, problems: [...problems, problem(code, 'error', de, en)], ok: false });
  if (bytes.length > MAX_BYTES) return fail('limit.size', `Die K461-Datei ist zu groß (${bytes.length} Bytes).`, `The K461 file is too large (${bytes.length} bytes).`);

  const parser = new SaxesParser({ xmlns: true, position: true });
  const names: string[] = [];
  const columns: { id: number; entries: (EntryDraft & { index: number })[] }[] = [];
  let profileId: string | undefined;
  let rootSeen = false;
  let stack: string[] = [];
  let text = '';
  let captureObjectName: string | undefined;
  let column: (typeof columns)[number] | undefined;
  let entry: (EntryDraft & { index: number }) | undefined;
  let error: Problem | undefined;
  const stop = (code: string, de: string, en: string) => {
    error ??= problem(code, 'error', `${de} (Zeile ${parser.line})`, `${en} (line ${parser.line})`);
    throw new StopRead();
  };

  parser.on('doctype', () => stop('xml.doctype', 'DOCTYPE ist nicht erlaubt', 'A DOCTYPE is not allowed'));
  parser.on('opentag', (tag: SaxesTagNS) => {
    const name = tag.local;
    if (!rootSeen) {
      rootSeen = true;
      if (tag.uri !== NS_K461_PROFILE || name !== 'object') stop('k461.root', 'Kein K461-profile_generic-1-Dokument (Wurzel ist nicht object)', 'Not a K461 profile_generic-1 document (the root is not object)');
      profileId = tag.attributes.id?.value;
    }
    stack.push(name);
    if (stack.length > MAX_DEPTH) stop('limit.depth', 'Zu tief verschachtelt', 'Nested too deeply');
    text = '';
    const parent = stack[stack.length - 2];
    if (name === 'capture_object') captureObjectName = undefined;
    else if (name === 'column' && parent === 'simple_data') {
      column = { id: Number(tag.attributes.id?.value ?? columns.length + 1), entries: [] };
      columns.push(column);
    } else if (name === 'entry_gateway_signed' || name === 'entry') {
      if (!column) stop('k461.structure', 'Eintrag außerhalb einer Spalte', 'An entry outside a column');
      entry = { line: parser.line, index: column!.entries.length };
    }
  });
  parser.on('text', (t) => {
    text += t;
    if (text.length > MAX_TEXT) stop('limit.text', 'Text zu lang', 'Text too long');
  });
  parser.on('closetag', (tag: SaxesTagNS) => {
    const name = tag.local;
    const value = text.trim();
    text = '';
    const parent = stack[stack.length - 2];
    if (name === 'logical_name' && parent === 'capture_object') captureObjectName = value;
    else if (name === 'capture_object') names.push(captureObjectName ?? '');
    else if (entry) {
      if (name === 'long64' || name === 'long' || name === 'double_long' || name === 'double_long_unsigned' || name === 'long64_unsigned') {
        if (parent === 'value') entry.value = value;
      } else if (name === 'unsigned' && parent === 'status') entry.status = value;
      else if (name === 'scaler') entry.scaler = value;
      else if (name === 'unit') entry.unit = value;
      else if (name === 'capture_time') entry.captureTime = value;
      else if (name === 'smgw_signature') entry.signature = value;
      else if (name === 'entry_gateway_signed' || name === 'entry') {
        column!.entries.push(entry);
        entry = undefined;
      }
    } else if (name === 'column') column = undefined;
    stack.pop();
  });
  parser.on('error', (e) => {
    error ??= problem('xml.malformed', 'error', `Kein wohlgeformtes XML: ${e.message}`, `Not well-formed XML: ${e.message}`);
    throw new StopRead();
  });

  let decoded: string | undefined;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    error ??= problem('xml.encoding', 'error', `Die Datei ist kein UTF-8-XML (${reason}).`, `The file is not UTF-8 XML (${reason}).`);
  }
  if (decoded !== undefined) {
    try {
      parser.write(decoded).close();
    } catch (e) {
      // a programming error in a handler must not pass for a broken file
      if (e instanceof TypeError || e instanceof RangeError || e instanceof ReferenceError) throw e;
      if (!(e instanceof StopRead)) {
        const reason = e instanceof Error ? e.message : String(e);
        error ??= problem('xml.syntax', 'error', `Die Datei ist kein wohlgeformtes XML (${reason}).`, `The file is not well-formed XML (${reason}).`);
      }
    }
  }
  stack = [];
  if (error) return { original: bytes, problems: [error], ok: false };
  if (!rootSeen) return fail('k461.root', 'Kein K461-Dokument gefunden.', 'No K461 document found.');
  if (columns.length === 0) return fail('k461.empty', 'Das K461-Dokument enthält keine Messwertspalten (buffer/simple_data/column).', 'The K461 document holds no value columns (buffer/simple_data/column).');

  const meterReadings: MeterReading[] = [];
  for (const [i, col] of columns.entries()) {
    const logicalName = names[col.id - 1] ?? names[i];
    if (!logicalName) return fail('k461.capture-object', `Spalte ${col.id} hat kein capture_object mit logical_name.`, `Column ${col.id} has no capture_object with a logical_name.`);
    const built = buildMeterReadings(logicalName, col.entries, problems);
    if ('error' in built) return { original: bytes, problems: [built.error], ok: false };
    meterReadings.push(...built.meterReadings);
  }
  const meterId = meterReadings[0]!.meterId;
  const usagePoint: UsagePoint = {
    serviceCategory: 0,
    usagePointId: profileId ?? meterId,
    customerId: '',
    invoicingPartyId: '',
    smgw: { certIds: [], smgwId: '', firmwareComponents: [] },
    certificates: [],
    tariffName: '',
    logEntries: [],
    meterReadings,
  };
  const document: Ar2418Document = { kind: 'device', schemaVersion: '1.2', generatorVersion: K461_GENERATOR, usagePoints: [usagePoint] };
  sortDocument(document);
  return { document, original: bytes, problems, ok: !hasErrors(problems), ...(profileId ? { profileId } : {}) };
}

class StopRead extends Error {}

/**
 * The MeterReadings of one column: one per (scaler, unit) found in it, the most frequent first (normally
 * the only one). An entry whose scaler or unit differs from the rest keeps its own as written, in a value
 * list of its own, so that its value means what the gateway wrote and what it signed.
 */
function buildMeterReadings(logicalName: string, entries: (EntryDraft & { index: number })[], problems: Problem[]): { meterReadings: MeterReading[] } | { error: Problem } {
  const parts = logicalName.split('.');
  const obisCode = (parts[0] ?? '').toLowerCase();
  const meterId = parts.length >= 3 ? parts.slice(1, -1).join('.') : (parts[1] ?? '');
  const bad = (e: EntryDraft & { index: number }, what: string, whatEn: string): { error: Problem } => ({
    error: problem('k461.entry', 'error', `${logicalName}, Eintrag ${e.index + 1} (Zeile ${e.line}): ${what}`, `${logicalName}, entry ${e.index + 1} (line ${e.line}): ${whatEn}`),
  });
  if (!/^[0-9a-f]{12}$/.test(obisCode)) {
    return { error: problem('k461.logical-name', 'error', `Der logical_name „${logicalName}“ beginnt nicht mit einer OBIS-Kennzahl (12 Hex-Zeichen).`, `The logical_name "${logicalName}" does not start with an OBIS code (12 hex characters).`) };
  }
  const groups = new Map<string, { scaler: number; unit: number; readings: IntervalReading[] }>();
  for (const e of entries) {
    for (const [field, v] of [['value', e.value], ['scaler', e.scaler], ['unit', e.unit], ['status', e.status]] as const) {
      if (v === undefined) return bad(e, `Feld ${field} fehlt.`, `field ${field} is missing.`);
      if (!DECIMAL.test(v)) return bad(e, `${field} „${v}“ ist keine ganze Dezimalzahl in der Form des Gateways.`, `${field} "${v}" is not a plain decimal integer as the gateway writes it.`);
    }
    const value = Number(e.value);
    if (!Number.isSafeInteger(value)) return bad(e, `Der Wert ${e.value} ist größer als 2^53 und lässt sich nicht exakt halten.`, `the value ${e.value} exceeds 2^53 and cannot be held exactly.`);
    const scaler = Number(e.scaler);
    const unit = Number(e.unit);
    if (espiUomOfDlmsUnit(unit) === undefined) return bad(e, `Die DLMS-Einheit ${unit} ist nicht bekannt.`, `the DLMS unit ${unit} is not known.`);
    const m = e.captureTime ? CAPTURE_TIME.exec(e.captureTime) : null;
    if (!m) return bad(e, `capture_time „${e.captureTime ?? ''}“ hat nicht die Form JJJJ-MM-TTThh:mm:ssZ (UTC).`, `capture_time "${e.captureTime ?? ''}" is not of the form YYYY-MM-DDThh:mm:ssZ (UTC).`);
    const captureTime = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
    if (new Date(captureTime).toISOString().replace('.000Z', 'Z') !== e.captureTime) return bad(e, `capture_time „${e.captureTime}“ ist kein gültiger Zeitpunkt.`, `capture_time "${e.captureTime}" is not a valid instant.`);
    const status = Number(e.status);
    const reading: IntervalReading = { value, captureTime, duration: 0, statusPTB: status === 0 ? 0 : 3, statusVendor: e.status! };
    if (e.signature !== undefined && e.signature !== '') reading.signature = e.signature;
    const key = `${scaler}/${unit}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { scaler, unit, readings: [] }));
    group.readings.push(reading);
  }
  const ordered = [...groups.values()].sort((a, b) => b.readings.length - a.readings.length);
  const main = ordered[0];
  for (const other of ordered.slice(1)) {
    problems.push(
      problem(
        'k461.mixed-scaler',
        'warning',
        `${logicalName}: ${other.readings.length} Eintrag/Einträge mit Scaler/Einheit ${other.scaler}/${other.unit} statt ${main!.scaler}/${main!.unit}; als eigene Werteliste übernommen.`,
        `${logicalName}: ${other.readings.length} entr(y/ies) with scaler/unit ${other.scaler}/${other.unit} instead of ${main!.scaler}/${main!.unit}; kept as a value list of their own.`,
      ),
    );
  }
  if (!main) return { meterReadings: [{ meterId, meterReadingId: `${obisCode}.${meterId}`, readingType: { powerOfTenMultiplier: 0, uom: 72, scaler: 0, obisCode, qualifiedLogicalName: logicalName }, intervalBlocks: [] }] };
  return {
    meterReadings: ordered.map((group, i) => {
      const readings = group.readings.sort((a, b) => a.captureTime - b.captureTime);
      const period = detectPeriodFromReadings(readings);
      return {
        meterId,
        meterReadingId: i === 0 ? `${obisCode}.${meterId}` : `${obisCode}.${meterId}#${group.scaler}/${group.unit}`,
        readingType: { powerOfTenMultiplier: 0, uom: espiUomOfDlmsUnit(group.unit)!, scaler: group.scaler, obisCode, qualifiedLogicalName: logicalName, ...(period ? { measurementPeriod: period } : {}) },
        intervalBlocks: [{ start: readings[0]!.captureTime, duration: Math.round((readings.at(-1)!.captureTime - readings[0]!.captureTime) / 1000), readings }],
      };
    }),
  };
}
