/** The K461 reader against the real PPC export in ../shared/conformance/ppc/ (read in place) and bad input. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFORMANCE_SKIP_REASON, HAS_CONFORMANCE, conformancePath } from '../../testing/conformance';
import { detectReadoutFormat, readReadout } from '../readout';
import { PPC_FORMAT_ID, looksLikeK461, readK461 } from './reader';

const REAL = 'k461_exportMeterValues_2025-10-26.xml';
const real = (): Buffer => readFileSync(conformancePath('ppc', REAL));

describe.skipIf(!HAS_CONFORMANCE)(`K461 reader on the real PPC export${HAS_CONFORMANCE ? '' : ` (${CONFORMANCE_SKIP_REASON})`}`, () => {
  it('reads both channels, 103 readings each, in time order from UTC, signatures and status kept, bytes untouched', () => {
    const bytes = real();
    const result = readReadout(bytes);
    expect(result.problems).toEqual([]);
    expect(result.original.read()).toBe(bytes);
    const doc = result.document!;
    expect(doc.source).toEqual({ content: 'k461' });
    expect(doc.generatorVersion).toContain(`signed-message-format=${PPC_FORMAT_ID}`);
    const [imp, exp] = doc.usagePoints[0]!.meterReadings;
    expect([imp!.readingType.qualifiedLogicalName, exp!.readingType.qualifiedLogicalName]).toEqual(['0100010800ff.1lgz0072999211.sm', '0100020800ff.1lgz0072999211.sm']);
    expect(imp!.readingType).toMatchObject({ obisCode: '0100010800ff', uom: 72, scaler: -1, measurementPeriod: 900 });
    const readings = imp!.intervalBlocks[0]!.readings;
    expect(readings).toHaveLength(103);
    expect(exp!.intervalBlocks[0]!.readings).toHaveLength(103);
    // newest first in the file, oldest first in the model
    expect(new Date(readings[0]!.captureTime).toISOString()).toBe('2025-10-25T21:30:01.000Z');
    expect(readings.at(-1)).toMatchObject({ value: 18313980, captureTime: Date.UTC(2025, 9, 26, 23, 0, 1), statusVendor: '0', statusPTB: 0 });
    expect(readings.at(-1)!.signature).toMatch(/^9586223b[0-9a-f]{248}$/);
    expect(readings.every((r, i) => i === 0 || r.captureTime > readings[i - 1]!.captureTime)).toBe(true);
  });

  it('is recognised by its root element', () => {
    expect(looksLikeK461(real())).toBe(true);
    expect(detectReadoutFormat(real())).toBe('k461');
  });
});

const entry = (fields: Partial<Record<'value' | 'scaler' | 'unit' | 'status' | 'time', string>> = {}) => `
  <ns1:entry_gateway_signed id="1"><ns2:value><ns2:long64>${fields.value ?? '100'}</ns2:long64></ns2:value>
  <ns2:scaler>${fields.scaler ?? '-1'}</ns2:scaler><ns2:unit>${fields.unit ?? '30'}</ns2:unit>
  <ns2:status><ns2:unsigned>${fields.status ?? '0'}</ns2:unsigned></ns2:status>
  <ns2:capture_time>${fields.time ?? '2025-10-26T23:00:01Z'}</ns2:capture_time><ns2:smgw_signature>00</ns2:smgw_signature></ns1:entry_gateway_signed>`;
const doc = (entries: string, logicalName = '0100010800ff.1abc0000000001.sm') =>
  Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<ns1:object class_id="7" class_version="1" id="01005e31803c.1abc0000000001.sm" xmlns:ns1="urn:k461-dke-de:profile_generic-1" xmlns:ns2="urn:k461-dke-de:extension-1">
 <ns1:attributes count="3"><ns1:capture_objects id="2" count="1"><ns1:capture_object id="1"><ns2:logical_name>${logicalName}</ns2:logical_name></ns1:capture_object></ns1:capture_objects>
 <ns1:buffer id="3"><ns1:simple_data count="1"><ns1:column count="1" id="1">${entries}</ns1:column></ns1:simple_data></ns1:buffer></ns1:attributes></ns1:object>`);

describe('K461 reader on bad input: a clear error naming the entry, never wrong data', () => {
  it.each([
    ['a capture time with an offset', { time: '2025-10-27T00:00:01+01:00' }, /entry 1 .*capture_time "2025-10-27T00:00:01\+01:00" is not of the form/],
    ['an impossible date', { time: '2025-02-30T00:00:01Z' }, /not a valid instant/],
    ['a value beyond 2^53', { value: '9007199254740993' }, /exceeds 2\^53/],
    ['a non-decimal value', { value: '1e3' }, /value "1e3" is not a plain decimal/],
    ['an unknown DLMS unit', { unit: '250' }, /DLMS unit 250 is not known/],
  ])('refuses %s', (_, fields, message) => {
    const result = readK461(doc(entry(fields)));
    expect(result.document).toBeUndefined();
    expect(result.problems[0]!.en).toMatch(message);
  });

  it('refuses a DOCTYPE and names a foreign root', () => {
    expect(readK461(Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]><x/>')).problems[0]!.code).toBe('xml.doctype');
    expect(readK461(Buffer.from('<object xmlns="urn:other"/>')).problems[0]!.code).toBe('k461.root');
  });

  it('keeps an entry with its own scaler in a value list of its own (its value means what was signed)', () => {
    const result = readK461(doc(entry() + entry({ scaler: '-2', time: '2025-10-26T23:15:01Z' })));
    const lists = result.document!.usagePoints[0]!.meterReadings;
    expect(lists.map((m) => m.readingType.scaler)).toEqual([-1, -2]);
    expect(result.problems.map((p) => p.code)).toEqual(['k461.mixed-scaler']);
  });

  it('maps a status other than 0 to a value that is not used (PTB 3; inferred) and keeps it as written', () => {
    const reading = readK461(doc(entry({ status: '4' }))).document!.usagePoints[0]!.meterReadings[0]!.intervalBlocks[0]!.readings[0]!;
    expect(reading).toMatchObject({ statusVendor: '4', statusPTB: 3 });
  });
});
