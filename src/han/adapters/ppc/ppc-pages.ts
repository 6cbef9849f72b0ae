/**
 * Readers of the PPC portal pages, by element id only (the documented ids; ../shared/knowledge/04-han-gateways.md).
 * No recorded PPC HTML is public, so each reader accepts exactly what it understands and fails with the page
 * and element otherwise. INFERRED: the value format (a decimal whose places give the scaler), the unit texts,
 * "ja"/"nein" validity, the "Seite X von Y" pager, label/value rows as two cells.
 */
import { childById, descendants, type HtmlElement, type HtmlPage } from '../kit/html-tree';
import { obisHex } from '../kit/readings';
import { berlinWallCandidates } from '../kit/time';

export interface PpcOption {
  value: string;
  text: string;
}

/** Options of a select by id (meters: mid → logical name; tariffs: tid → profile name). */
export function selectOptions(page: HtmlPage, id: string): PpcOption[] {
  const options = descendants(page.one(id), 'option').map((o) => ({ value: o.attributes.value ?? '', text: o.text }));
  for (const [i, o] of options.entries()) if (!o.value) page.fail(`#${id} option ${i + 1}`, 'without value');
  return options;
}

/** The meter id of a logical name `01005e318002.1lgz0067285558.sm`. */
export function meterOfLogicalName(page: HtmlPage, text: string): string {
  const m = /^[0-9a-f]{12}\.([0-9a-z]+)\.sm$/i.exec(text.trim());
  if (!m) page.fail('#meterform_select_meter option', `"${text}" is not a logical name <obis>.<meter>.sm`);
  return m[1]!;
}

/** The fresh `mid` in the form `input_metervalues`. */
export function freshMid(page: HtmlPage): string {
  const input = descendants(page.one('input_metervalues'), 'input').find((i) => i.attributes.name === 'mid');
  const value = input?.attributes.value;
  if (!value) page.fail('#input_metervalues input[name=mid]', input ? 'empty' : 'missing');
  return value;
}

/** `Seite X von Y`. */
export function pager(page: HtmlPage): { page: number; pages: number } {
  const text = page.one('div_pages').text;
  const m = /^Seite (\d+) von (\d+)$/.exec(text);
  if (!m) page.fail('#div_pages', `"${text}" is not "Seite X von Y"`);
  const result = { page: Number(m[1]), pages: Number(m[2]) };
  if (result.page < 1 || result.page > result.pages) page.fail('#div_pages', `page ${result.page} of ${result.pages}`);
  return result;
}

/** Rows `<prefix>1`, `<prefix>2`, … in document order; a gap or a repeated number is an unknown layout. */
export function numberedRows(page: HtmlPage, table: string, prefix: string): HtmlElement[] {
  const rows = descendants(page.one(table), 'tr').filter((r) => r.attributes.id?.startsWith(prefix));
  rows.forEach((r, i) => {
    if (r.attributes.id !== `${prefix}${i + 1}`) page.fail(`#${r.attributes.id}`, `expected #${prefix}${i + 1}`);
  });
  return rows;
}

export function cell(page: HtmlPage, row: HtmlElement, id: string): string {
  const found = childById(row, id);
  if (!found) page.fail(`#${row.attributes.id} #${id}`, 'missing');
  return found.text;
}

export interface PpcValueRow {
  /** Berlin wall-clock text; for the second row of a pair the one of the row above. */
  time: string;
  obis: string;
  /** Raw integer and its scaler, from the decimal text and the unit. */
  value: number;
  scaler: number;
  /** DLMS unit. */
  unit: number;
  valid: boolean;
  signature?: string;
}

const UNITS: Record<string, { unit: number; shift: number }> = { Wh: { unit: 30, shift: 0 }, kWh: { unit: 30, shift: 3 }, W: { unit: 27, shift: 0 }, kW: { unit: 27, shift: 3 }, 'm³': { unit: 13, shift: 0 } };

/** A decimal text (`1831398.0`, `1831398,0`) as raw integer and scaler; thousands separators are refused. */
export function parseDecimal(text: string): { raw: number; decimals: number } | undefined {
  const m = /^(-?)(\d+)(?:[.,](\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const digits = `${m[2]}${m[3] ?? ''}`;
  const raw = Number(`${m[1]}${digits}`);
  return Number.isSafeInteger(raw) ? { raw, decimals: (m[3] ?? '').length } : undefined;
}

/** The value table of showMeterValues, newest first, with "as above" times filled in. */
export function valueRows(page: HtmlPage): PpcValueRow[] {
  const rows = numberedRows(page, 'table_metervalues', 'table_metervalues_line');
  let previousTime: string | undefined;
  return rows.map((row) => {
    const where = `#${row.attributes.id}`;
    const stamp = cell(page, row, 'table_metervalues_col_timestamp');
    const time = stamp || previousTime;
    if (!time) page.fail(`${where} #table_metervalues_col_timestamp`, 'empty in the first row (no time above to repeat)');
    previousTime = time;
    const valueText = cell(page, row, 'table_metervalues_col_wert');
    const decimal = parseDecimal(valueText);
    if (!decimal) page.fail(`${where} #table_metervalues_col_wert`, `"${valueText}" is not a decimal number`);
    const unitText = cell(page, row, 'table_metervalues_col_einheit');
    const unit = UNITS[unitText];
    if (!unit) page.fail(`${where} #table_metervalues_col_einheit`, `unknown unit "${unitText}"`);
    const validText = cell(page, row, 'table_metervalues_col_istvalide').toLowerCase();
    if (!['ja', 'nein', 'true', 'false'].includes(validText)) page.fail(`${where} #table_metervalues_col_istvalide`, `"${validText}" is neither ja nor nein`);
    const obisText = cell(page, row, 'table_metervalues_col_obis');
    const obis = obisHex(obisText);
    if (!obis) page.fail(`${where} #table_metervalues_col_obis`, `"${obisText}" is not an OBIS code`);
    const signature = childById(row, 'table_metervalues_col_sign')?.text ?? '';
    if (signature && !/^([0-9a-f]{2})+$/i.test(signature)) page.fail(`${where} #table_metervalues_col_sign`, 'not hexadecimal');
    return {
      time,
      obis,
      value: decimal.raw,
      scaler: unit.shift - decimal.decimals,
      unit: unit.unit,
      valid: validText === 'ja' || validText === 'true',
      ...(signature ? { signature: signature.toLowerCase() } : {}),
    };
  });
}

/** A label/value table (meter profile, tariff profile, versions) as a map; each label once. */
export function labelValues(page: HtmlPage, table: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [i, row] of descendants(page.one(table), 'tr').entries()) {
    const cells = row.children.filter((c) => c.name === 'td' || c.name === 'th');
    if (cells.length !== 2) page.fail(`#${table} row ${i + 1}`, `${cells.length} cells instead of label and value`);
    const label = cells[0]!.text.replace(/:$/, '');
    if (out.has(label)) page.fail(`#${table} row ${i + 1}`, `label "${label}" twice`);
    out.set(label, cells[1]!.text);
  }
  return out;
}

export interface PpcMeterProfile {
  meterId: string;
  /** The logical name `<obis>.<meter>.sm` of the `Name` row, where the page shows one. */
  name?: string;
  /** `Ausleseintervall` in seconds. */
  periodSeconds: number;
  /** The meter's registers (OBIS, 12 hex digits) from the `Register` row; undefined where the page has none. */
  registers?: string[];
}

/**
 * The meter profile of showMeterProfile (`table_meterprofile`, label/value rows). Known (04-han-gateways.md):
 * the rows Zähler-ID, Name and Ausleseintervall ("900 s"). INFERRED: the `Register` row (the meter's OBIS
 * codes, comma-separated) and that the interval is the spacing of the meter's value lists. Rows with other
 * labels are not used; a used row in a form not understood fails naming the page and the row.
 */
export function meterProfile(page: HtmlPage): PpcMeterProfile {
  const table = 'table_meterprofile';
  const values = labelValues(page, table);
  const meterId = requireLabel(page, values, table, 'Zähler-ID');
  if (!/^[0-9a-z]+$/i.test(meterId)) page.fail(`#${table} "Zähler-ID"`, `"${meterId}" is not a meter id`);
  const name = values.get('Name');
  if (name !== undefined) {
    const m = /^[0-9a-f]{12}\.([0-9a-z]+)\.sm$/i.exec(name);
    if (!m) page.fail(`#${table} "Name"`, `"${name}" is not a logical name <obis>.<meter>.sm`);
    if (m[1] !== meterId) page.fail(`#${table} "Name"`, `"${name}" names meter ${m[1]}, the row "Zähler-ID" ${meterId}`);
  }
  const intervalText = requireLabel(page, values, table, 'Ausleseintervall');
  const interval = /^(\d+) ?s$/.exec(intervalText);
  if (!interval || Number(interval[1]) === 0) page.fail(`#${table} "Ausleseintervall"`, `"${intervalText}" is not "<n> s" with n > 0`);
  const registerText = values.get('Register');
  let registers: string[] | undefined;
  if (registerText !== undefined) {
    registers = registerText.split(',').map((part) => {
      const obis = obisHex(part);
      if (!obis) page.fail(`#${table} "Register"`, `"${part.trim()}" is not an OBIS code`);
      return obis;
    });
    if (new Set(registers).size !== registers.length) page.fail(`#${table} "Register"`, `"${registerText}" names a register twice`);
  }
  return { meterId, ...(name !== undefined ? { name } : {}), periodSeconds: Number(interval[1]), ...(registers ? { registers } : {}) };
}

export function requireLabel(page: HtmlPage, values: Map<string, string>, table: string, label: string): string {
  const value = values.get(label);
  if (value === undefined || value === '') page.fail(`#${table} "${label}"`, 'missing');
  return value;
}

/**
 * Billing periods of showTarification (`table_tarification_lineN`: periodbegin, periodend, status), Berlin
 * wall times; an empty end is the open period. INFERRED: the time format and that an empty end means open.
 */
export function billingPeriodRows(page: HtmlPage): { begin: number; end?: number; status: string; ttid?: string }[] {
  return numberedRows(page, 'table_tarification', 'table_tarification_line').map((row) => {
    const where = `#${row.attributes.id}`;
    const instant = (id: string, text: string): number => {
      const candidates = berlinWallCandidates(text);
      if (!candidates || candidates.length === 0) page.fail(`${where} #${id}`, `"${text}" is not a Berlin date and time`);
      return candidates[0]!;
    };
    const begin = instant('table_tarification_col_periodbegin', cell(page, row, 'table_tarification_col_periodbegin'));
    const endText = cell(page, row, 'table_tarification_col_periodend');
    const end = endText ? instant('table_tarification_col_periodend', endText) : undefined;
    if (end !== undefined && end <= begin) page.fail(`${where} #table_tarification_col_periodend`, `"${endText}" is not after the begin`);
    // The register handle of the period (`ttid`, changes per session): the button in the register cell.
    const registerCell = childById(row, 'table_tarification_col_register');
    const button = registerCell && descendants(registerCell, 'button').find((b) => b.attributes.name === 'ttid');
    if (registerCell && !button?.attributes.value) page.fail(`${where} #table_tarification_col_register`, 'no ttid button');
    const ttid = button?.attributes.value;
    return { begin, ...(end !== undefined ? { end } : {}), status: cell(page, row, 'table_tarification_col_status'), ...(ttid ? { ttid } : {}) };
  });
}

export interface PpcTafRegisterRow {
  /** Target time (sollzeitpunkt) and capture time (zeitstempel) as instants. */
  targetTime: number;
  captureTime: number;
  obis: string;
  /** Tariff stage (kostenstufe); 0 is the total. */
  stage: number;
  value: number;
  scaler: number;
  unit: number;
  valid: boolean;
  signature?: string;
}

/**
 * The TAF registers of one billing period (showTarificationRegister, `table_tafregister_lineN`). INFERRED,
 * no recording: one row per register, Berlin wall times, the value and unit texts of the value table,
 * "ja"/"nein" quality, and that the tariff stage is the OBIS code's E field (a row where they differ is not
 * understood and fails). A capture time in the repeated autumn hour is taken at or before the target time;
 * where that does not decide it, the row fails rather than guess.
 */
export function tafRegisterRows(page: HtmlPage): PpcTafRegisterRow[] {
  return numberedRows(page, 'table_tafregister', 'table_tafregister_line').map((row) => {
    const where = `#${row.attributes.id}`;
    const col = (name: string): string => cell(page, row, `table_tafregister_col_${name}`);
    const at = (name: string): number[] => {
      const text = col(name);
      const candidates = berlinWallCandidates(text);
      if (!candidates || candidates.length === 0) page.fail(`${where} #table_tafregister_col_${name}`, `"${text}" is not a Berlin date and time`);
      return candidates;
    };
    const targets = at('sollzeitpunkt');
    if (targets.length > 1) page.fail(`${where} #table_tafregister_col_sollzeitpunkt`, `"${col('sollzeitpunkt')}" lies in the repeated hour of the DST change`);
    const targetTime = targets[0]!;
    const captures = at('zeitstempel');
    const notAfter = captures.filter((t) => t <= targetTime);
    if (notAfter.length !== 1) page.fail(`${where} #table_tafregister_col_zeitstempel`, notAfter.length === 0 ? `"${col('zeitstempel')}" lies after the target time` : `"${col('zeitstempel')}" lies in the repeated hour of the DST change`);
    const valueText = col('wert');
    const decimal = parseDecimal(valueText);
    if (!decimal) page.fail(`${where} #table_tafregister_col_wert`, `"${valueText}" is not a decimal number`);
    const unitText = col('einheit');
    const unit = UNITS[unitText];
    if (!unit) page.fail(`${where} #table_tafregister_col_einheit`, `unknown unit "${unitText}"`);
    const obisText = col('obis');
    const obis = obisHex(obisText);
    if (!obis) page.fail(`${where} #table_tafregister_col_obis`, `"${obisText}" is not an OBIS code`);
    const stageText = col('kostenstufe');
    if (!/^\d+$/.test(stageText)) page.fail(`${where} #table_tafregister_col_kostenstufe`, `"${stageText}" is not a tariff stage number`);
    if (Number(stageText) !== parseInt(obis.slice(8, 10), 16)) page.fail(`${where} #table_tafregister_col_kostenstufe`, `tariff stage ${stageText} does not match OBIS ${obisText}`);
    const quality = col('qualitaet').toLowerCase();
    if (!['ja', 'nein', 'true', 'false'].includes(quality)) page.fail(`${where} #table_tafregister_col_qualitaet`, `"${quality}" is neither ja nor nein`);
    const signature = childById(row, 'table_tafregister_col_sign')?.text ?? '';
    if (signature && !/^([0-9a-f]{2})+$/i.test(signature)) page.fail(`${where} #table_tafregister_col_sign`, 'not hexadecimal');
    return {
      targetTime,
      captureTime: notAfter[0]!,
      obis,
      stage: Number(stageText),
      value: decimal.raw,
      scaler: unit.shift - decimal.decimals,
      unit: unit.unit,
      valid: quality === 'ja' || quality === 'true',
      ...(signature ? { signature: signature.toLowerCase() } : {}),
    };
  });
}

export interface PpcLogRow {
  time: string;
  level: number;
  id: number;
  text: string;
  outcome: number;
}

export function logRows(page: HtmlPage): PpcLogRow[] {
  return numberedRows(page, 'table_logs', 'table_logs_line').map((row) => {
    const int = (id: string): number => {
      const text = cell(page, row, id);
      if (!/^\d+$/.test(text)) page.fail(`#${row.attributes.id} #${id}`, `"${text}" is not a number`);
      return Number(text);
    };
    return { time: cell(page, row, 'table_logs_col_zeit'), level: int('table_logs_col_loglevel'), id: int('table_logs_col_logid'), text: cell(page, row, 'table_logs_col_msgtext'), outcome: int('table_logs_col_outcome') };
  });
}
