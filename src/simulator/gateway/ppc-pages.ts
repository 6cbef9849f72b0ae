/**
 * The HTML pages of the simulated PPC gateway. No recorded PPC HTML is public: the element ids are the
 * documented ones (../shared/knowledge/04-han-gateways.md: meterform_select_meter, input_metervalues,
 * table_metervalues_lineN with table_metervalues_col_*, table_tafregister_col_*, table_tarification_col_*,
 * table_logs_col_*, headline_willkommen, div_fwversion, div_timestamp, the hidden tkn or sessionid); the
 * surrounding markup, the value format (decimal with as many places as the scaler, unit text), the
 * "Seite X von Y" pager, the page size and the error texts are INFERRED.
 */
import { berlinWallText } from '../../han/adapters/kit/time';
import { escapeXml as esc } from './xml-writer';

export interface PageFrame {
  /** The CSRF token (`tkn`) or, for the older firmware, the `sessionid`. */
  token: { name: 'tkn' | 'sessionid'; value: string } | undefined;
  firmware: string;
  syncTime: number;
}

function germanTime(t: number): string {
  const [date, time] = berlinWallText(t).split(' ');
  const [y, m, d] = date!.split('-');
  return `${d}.${m}.${y} ${time}`;
}

export function page(frame: PageFrame, title: string, body: string): string {
  const token = frame.token ? `<input type="hidden" name="${frame.token.name}" value="${esc(frame.token.value)}">` : '';
  return `<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>${esc(title)}</title></head>
<body>
<div id="div_navigation"><form id="form_navigation" method="post" action="/cgi-bin/hanservice.cgi">${token}
<button name="action" value="meterform">Zähler</button><button name="action" value="tariffform">Tarife</button><button name="action" value="logout">Abmelden</button></form></div>
<div id="div_content">
${body}
</div>
<div id="div_footer"><p id="div_fwversion">${esc(frame.firmware)}</p><p id="div_timestamp">Letzte Synchronisation: ${germanTime(frame.syncTime)}</p></div>
</body></html>
`;
}

export function welcomePage(frame: PageFrame, user: string): string {
  return page(frame, 'Willkommen', `<h1 id='headline_willkommen'>Willkommen, ${esc(user)}</h1>`);
}

export function errorPage(frame: PageFrame, text: string): string {
  return page(frame, 'Fehler', `<div id="div_error">${esc(text)}</div>`);
}

export function meterListPage(frame: PageFrame, meters: { mid: string; name: string }[]): string {
  const options = meters.map((m) => `<option value="${esc(m.mid)}">${esc(m.name)}</option>`).join('');
  return page(frame, 'Zähler', `<form id="meterform" method="post"><select id="meterform_select_meter" name="mid">${options}</select></form>`);
}

export function valuesFormPage(frame: PageFrame, freshMid: string): string {
  return page(
    frame,
    'Messwerte',
    `<form id="input_metervalues" method="post"><input type="hidden" name="mid" value="${esc(freshMid)}"><input type="text" name="from" value=""><input type="text" name="to" value=""><button name="action" value="showMeterValues">Anzeigen</button><button name="action" value="exportMeterValues">Export</button></form>`,
  );
}

export interface ValueRow {
  time: number;
  value: string;
  unit: string;
  valid: boolean;
  name: string;
  obis: string;
  signature: string;
}

/** Rows newest first; a register pair shares its time, the second row shows it empty ("as above"). */
export function valuesPage(frame: PageFrame, rows: ValueRow[], pageNumber: number, pages: number): string {
  let previous: number | undefined;
  const lines = rows
    .map((r, i) => {
      const time = r.time === previous ? '' : berlinWallText(r.time);
      previous = r.time;
      const cell = (col: string, text: string): string => `<td id="table_metervalues_col_${col}">${esc(text)}</td>`;
      return `<tr id="table_metervalues_line${i + 1}">${cell('timestamp', time)}${cell('wert', r.value)}${cell('einheit', r.unit)}${cell('istvalide', r.valid ? 'ja' : 'nein')}${cell('name', r.name)}${cell('obis', r.obis)}${cell('sign', r.signature)}</tr>`;
    })
    .join('\n');
  const head = '<tr><th>Zeitstempel</th><th>Wert</th><th>Einheit</th><th>Gültig</th><th>Name</th><th>OBIS</th><th>Signatur</th></tr>';
  return page(frame, 'Messwerte', `<table id="table_metervalues">${head}\n${lines}</table><div id="div_pages">Seite ${pageNumber} von ${pages}</div>`);
}

/** Label/value rows (Zähler-ID, Name, Ausleseintervall, …). */
export function labelValuePage(frame: PageFrame, title: string, tableId: string, rows: [string, string][]): string {
  const lines = rows.map(([label, value]) => `<tr><td class="label">${esc(label)}</td><td class="value">${esc(value)}</td></tr>`).join('');
  return page(frame, title, `<table id="${tableId}">${lines}</table>`);
}

export function tariffListPage(frame: PageFrame, tariffs: { tid: string; name: string }[]): string {
  const options = tariffs.map((t) => `<option value="${esc(t.tid)}">${esc(t.name)}</option>`).join('');
  return page(frame, 'Tarife', `<form id="tariffform" method="post"><select id="tariffform_select_tariff" name="tid">${options}</select></form>`);
}

export function billingPeriodsPage(frame: PageFrame, periods: { begin: number; end?: number; status: string; ttid: string }[], pageNumber = 1, pages = 1): string {
  const lines = periods
    .map((p, i) => {
      const cell = (col: string, text: string): string => `<td id="table_tarification_col_${col}">${esc(text)}</td>`;
      return `<tr id="table_tarification_line${i + 1}">${cell('periodbegin', berlinWallText(p.begin))}${cell('periodend', p.end === undefined ? '' : berlinWallText(p.end))}${cell('status', p.status)}<td id="table_tarification_col_register"><button name="ttid" value="${esc(p.ttid)}">Register</button></td></tr>`;
    })
    .join('');
  return page(frame, 'Abrechnungszeiträume', `<table id="table_tarification">${lines}</table><div id="div_pages">Seite ${pageNumber} von ${pages}</div>`);
}

export interface TafRegisterRow {
  /** Target time (sollzeitpunkt) and the capture time of the value (zeitstempel). */
  target: number;
  time: number;
  value: string;
  unit: string;
  /** Dotted OBIS (`1-0:1.8.1*255`). */
  obis: string;
  /** Tariff stage (kostenstufe), 0 = total. */
  stage: number;
  valid: boolean;
  signature: string;
}

/** showTarificationRegister: the TAF registers of one billing period (INFERRED layout: one row per register). */
export function tafRegisterPage(frame: PageFrame, rows: TafRegisterRow[]): string {
  const lines = rows
    .map((r, i) => {
      const cell = (col: string, text: string): string => `<td id="table_tafregister_col_${col}">${esc(text)}</td>`;
      return `<tr id="table_tafregister_line${i + 1}">${cell('sollzeitpunkt', berlinWallText(r.target))}${cell('zeitstempel', berlinWallText(r.time))}${cell('wert', r.value)}${cell('einheit', r.unit)}${cell('obis', r.obis)}${cell('kostenstufe', String(r.stage))}${cell('qualitaet', r.valid ? 'ja' : 'nein')}${cell('sign', r.signature)}</tr>`;
    })
    .join('\n');
  const head = '<tr><th>Sollzeitpunkt</th><th>Zeitstempel</th><th>Wert</th><th>Einheit</th><th>OBIS</th><th>Kostenstufe</th><th>Qualität</th><th>Signatur</th></tr>';
  return page(frame, 'TAF-Register', `<table id="table_tafregister">${head}\n${lines}</table>`);
}

export interface LogRow {
  time: number;
  level: string;
  id: number;
  text: string;
  outcome: string;
}

export function logPage(frame: PageFrame, rows: LogRow[]): string {
  const lines = rows
    .map((r, i) => {
      const cell = (col: string, text: string): string => `<td id="table_logs_col_${col}">${esc(text)}</td>`;
      return `<tr id="table_logs_line${i + 1}">${cell('zeit', berlinWallText(r.time))}${cell('loglevel', r.level)}${cell('logid', String(r.id))}${cell('msgtext', r.text)}${cell('outcome', r.outcome)}</tr>`;
    })
    .join('');
  return page(frame, 'Logbuch', `<table id="table_logs">${lines}</table>`);
}

export function versionsPage(frame: PageFrame, components: { name: string; version: string }[]): string {
  return labelValuePage(frame, 'Softwareversionen', 'table_swversions', components.map((c) => [c.name, c.version]));
}
