/**
 * PPC SMGW HAN portal: one CGI (`/cgi-bin/hanservice.cgi`), Digest on every request, one session at a time
 * (cookie `session` + CSRF token `tkn` renewed on every page, or the older hidden `sessionid` without a
 * cookie), handles (`mid`, `tid`) new in every session, a fresh `mid` from showMeterValuesForm, HTML value
 * tables in Berlin local time without offset, newest first, paged.
 *
 * Known facts: ../shared/knowledge/04-han-gateways.md (PPC). INFERRED here and in ppc-pages.ts: page size,
 * pager text, error texts ("another session"), the session idle timeout, from/to inclusive, the value
 * format, and that exportLogData answers with the HTML log table (≤ 1,000 rows, oldest first). exportMeterValues
 * answers with the signed CMS export (ppc-export.ts) of the asked range with at most 1,000 entries in all
 * columns together, the newest time points first (INFERRED: the real limit's unit and which end is kept are
 * not known; the adapter splits any window whose answer reaches the limit), Content-Type
 * application/pkcs7-mime (INFERRED); firmware without exports answers it with an error page.
 */
import { randomBytes } from 'node:crypto';
import { berlinWallCandidates, berlinWallText } from '../../han/adapters/kit/time';
import { berlinParts, berlinTime } from '../../model/time/berlin';
import type { IntervalReading } from '../../model/types';
import { readingsInRange, type SimChannel, type SimContract } from './dataset';
import { authenticate, dlmsUnit, send, type SimContext, type SimExchange } from './http-kit';
import { ppcExportCms, type K461Column } from './ppc-export';
import { PpcReadingSigner, ppcLogicalName } from './ppc-signer';
import { billingPeriodsPage, errorPage, tafRegisterPage, type TafRegisterRow, labelValuePage, logPage, meterListPage, page, tariffListPage, valuesFormPage, valuesPage, versionsPage, welcomePage, type PageFrame, type ValueRow } from './ppc-pages';
import type { SimUser } from './digest-authority';

export const PPC_CGI = '/cgi-bin/hanservice.cgi';
/** Rows per page of the value table (inferred). */
export const PPC_VALUE_ROWS = 200;
export const PPC_LOG_ROWS = 1000;
/** Billing periods per page of showTarification (inferred). */
export const PPC_BILLING_ROWS = 12;
/** Entries of one signed export (all columns together; inferred). */
export const PPC_EXPORT_ENTRIES = 1000;
export const PPC_FIRMWARE = '00931-34864';

export interface PpcSession {
  id: string;
  token: string;
  user: SimUser;
  lastUsed: number;
  /** Handles of this session: mid → meter id (menu), fresh value mids from showMeterValuesForm, tid → contract. */
  meterMids: Map<string, string>;
  valueMids: Map<string, string>;
  tariffTids: Map<string, string>;
  /** ttid → billing period of a contract, from the showTarification pages of this session. */
  periodTtids: Map<string, { contractId: string; begin: number; end?: number }>;
}

export interface PpcState {
  session: PpcSession | undefined;
  /** Every session ever opened, and how each ended (for tests: one session at a time, always closed). */
  history: { id: string; user: string; opened: number; closed?: number; how?: 'logout' | 'timeout'; handles: string[] }[];
  selfTests: number;
  /** exportMeterValues requests answered with a file. */
  exports: number;
  /** The gateway's signature key and the readings' signatures (made on first use). */
  signer?: PpcReadingSigner;
}

export interface PpcOptions {
  /** Older firmware: hidden `sessionid` in every form instead of cookie + `tkn`. */
  sessionStyle: 'tkn' | 'sessionid';
  sessionTimeoutMs: number;
  /** Firmware without signed exports (the HTML table is then the only source). */
  exports: boolean;
  /** Test hook: rewrites a page before it is sent (a layout the adapter does not know). */
  mutatePage?: (action: string, html: string) => string;
}

/** The portal's state and options, and what tests do to it. */
export interface PpcControl {
  state: PpcState;
  options: PpcOptions;
  readonly session: PpcSession | undefined;
  readonly history: PpcState['history'];
  readonly selfTests: number;
  /** The signature side (certificates for trust in tests); made on first use. */
  signer(gatewayId: string): PpcReadingSigner;
  /** Another client (a home automation) holds the one session. */
  openForeignSession(user: string): void;
  /** The portal's idle timeout ends the open session now (as it would after sessionTimeoutMs). */
  expireSession(): void;
}

export function ppcControl(options: Partial<PpcOptions> = {}): PpcControl {
  const state: PpcState = { session: undefined, history: [], selfTests: 0, exports: 0 };
  return {
    state,
    options: { sessionStyle: 'tkn', sessionTimeoutMs: 10 * 60_000, exports: true, ...options },
    get session() {
      return state.session;
    },
    get history() {
      return state.history;
    },
    get selfTests() {
      return state.selfTests;
    },
    signer(gatewayId) {
      state.signer ??= new PpcReadingSigner(gatewayId);
      return state.signer;
    },
    expireSession() {
      const current = state.session;
      if (!current) return;
      const entry = state.history.find((h) => h.id === current.id)!;
      entry.closed = Date.now();
      entry.how = 'timeout';
      state.session = undefined;
    },
    openForeignSession(user) {
      const id = randomBytes(16).toString('hex');
      state.session = { id, token: handle(), user: { name: user }, lastUsed: Date.now(), meterMids: new Map(), valueMids: new Map(), tariffTids: new Map(), periodTtids: new Map() };
      state.history.push({ id, user, opened: Date.now(), handles: [] });
    },
  };
}

const handle = (): string => randomBytes(6).toString('hex');

function parseForm(body: Buffer): URLSearchParams {
  return new URLSearchParams(body.toString('latin1'));
}

function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** `YYYY-MM-DD[ HH:MM[:SS]]` as Berlin wall-clock time (the first instant in the repeated hour). */
function formTime(value: string | null, endOfDay: boolean): number | undefined {
  if (!value) return undefined;
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value} ${endOfDay ? '23:59:59' : '00:00:00'}` : value;
  return berlinWallCandidates(text)?.[0];
}

/** Decimal text with as many places as the scaler says (scaler -1: 1831398.0). */
export function decimalText(value: number, scaler: number): string {
  if (scaler >= 0) return String(value * 10 ** scaler);
  const digits = Math.abs(value).toString().padStart(-scaler + 1, '0');
  return `${value < 0 ? '-' : ''}${digits.slice(0, scaler)}.${digits.slice(scaler)}`;
}

const UNIT_TEXT: Record<number, string> = { 30: 'Wh', 27: 'W', 13: 'm³' };
const NAMES: Record<string, string> = { '0100010800ff': 'Wirkenergie Bezug', '0100020800ff': 'Wirkenergie Lieferung' };

export function obisDotted(hex: string): string {
  const b = hex.match(/../g)!.map((x) => parseInt(x, 16));
  return `${b[0]}-${b[1]}:${b[2]}.${b[3]}.${b[4]}*${b[5]}`;
}

export function handlePpc(ctx: SimContext, ex: SimExchange, control: PpcControl): void {
  const { req } = ex;
  const { state, options } = control;
  if (ex.path !== PPC_CGI) return send(ctx, ex, 404, 'Not Found');
  const now = Date.now();
  const current = state.session;
  if (current && now - current.lastUsed > options.sessionTimeoutMs) {
    state.history.find((h) => h.id === current.id)!.closed = now;
    state.history.find((h) => h.id === current.id)!.how = 'timeout';
    state.session = undefined;
  }
  // Digest on every request: a request without it is challenged, never answered from the cookie alone.
  const user = authenticate(ctx, ex);
  if (!user) return;
  const frame = (token: string | undefined): PageFrame => ({
    token: token === undefined ? undefined : { name: options.sessionStyle, value: token },
    firmware: PPC_FIRMWARE,
    syncTime: now,
  });
  const action = req.method === 'POST' ? new URLSearchParams(ex.body.toString('latin1')).get('action') ?? '' : 'login';
  const html = (status: number, body: string, headers: Record<string, string> = {}): void =>
    send(ctx, ex, status, options.mutatePage ? options.mutatePage(action, body) : body, { 'Content-Type': 'text/html; charset=utf-8', ...headers });
  const contracts = ctx.dataset.contracts;
  const meters = [...new Set(contracts.flatMap((c) => c.channels.map((ch) => ch.meterId)))];

  if (req.method === 'GET') {
    if (state.session) {
      const cookie = cookieOf(req.headers.cookie, 'session');
      if (options.sessionStyle === 'sessionid' || cookie !== state.session.id || state.session.user.name !== user.name) {
        return html(200, errorPage(frame(undefined), 'Anmeldung nicht möglich: Es ist bereits eine andere Sitzung aktiv. Bitte melden Sie diese ab oder warten Sie, bis sie abläuft.'));
      }
      // The session's own cookie (inferred): the session goes on with a new token.
      const resumed = state.session;
      resumed.token = handle();
      resumed.lastUsed = now;
      return html(200, welcomePage(frame(resumed.token), user.name));
    }
    const session: PpcSession = {
      id: randomBytes(16).toString('hex'),
      token: handle(),
      user,
      lastUsed: now,
      meterMids: new Map(meters.map((m) => [handle(), m])),
      valueMids: new Map(),
      tariffTids: new Map(contracts.map((c) => [handle(), c.id])),
      periodTtids: new Map(),
    };
    state.session = session;
    state.history.push({ id: session.id, user: user.name, opened: now, handles: [...session.meterMids.keys(), ...session.tariffTids.keys()] });
    const cookie: Record<string, string> = options.sessionStyle === 'tkn' ? { 'Set-Cookie': `session=${session.id}; secure; HttpOnly` } : {};
    return html(200, welcomePage(frame(options.sessionStyle === 'tkn' ? session.token : session.id), user.name), cookie);
  }
  if (req.method !== 'POST') return send(ctx, ex, 405, 'Method Not Allowed');
  const form = parseForm(ex.body);
  const session = state.session;
  const valid =
    session !== undefined &&
    session.user.name === user.name &&
    (options.sessionStyle === 'tkn' ? cookieOf(req.headers.cookie, 'session') === session.id && form.get('tkn') === session.token : form.get('sessionid') === session.id);
  if (!session || !valid) return html(200, errorPage(frame(undefined), 'Ungültige oder abgelaufene Sitzung. Bitte melden Sie sich neu an.'));
  session.lastUsed = now;
  // A file answer (signed export) carries no page, hence no new token: the current one stays (inferred).
  if (options.sessionStyle === 'tkn' && !(action === 'exportMeterValues' && options.exports)) session.token = handle();
  const f = frame(options.sessionStyle === 'tkn' ? session.token : session.id);
  const meterOfMenuMid = (mid: string | null): string | undefined => (mid ? session.meterMids.get(mid) : undefined);
  const channelsOf = (meter: string): SimChannel[] => [...new Map(contracts.flatMap((c) => c.channels.filter((ch) => ch.meterId === meter)).map((ch) => [ch.obis, ch])).values()];
  switch (action) {
    case 'meterform':
      return html(200, meterListPage(f, [...session.meterMids].map(([mid, meter]) => ({ mid, name: `01005e31803c.${meter}.sm` }))));
    case 'showMeterProfile': {
      // Zähler-ID, Name and Ausleseintervall are documented rows; the `Register` row (OBIS codes) is INFERRED.
      const meter = meterOfMenuMid(form.get('mid'));
      if (!meter) return html(200, errorPage(f, 'Unbekannter Zähler.'));
      const period = channelsOf(meter)[0]?.reading.readingType.measurementPeriod ?? 900;
      return html(200, labelValuePage(f, 'Zählerprofil', 'table_meterprofile', [['Zähler-ID', meter], ['Name', `01005e31803c.${meter}.sm`], ['Ausleseintervall', `${period} s`], ['Register', channelsOf(meter).map((c) => obisDotted(c.obis)).join(', ')]]));
    }
    case 'showMeterValuesForm': {
      const meter = meterOfMenuMid(form.get('mid'));
      if (!meter) return html(200, errorPage(f, 'Unbekannter Zähler.'));
      const fresh = handle();
      session.valueMids.set(fresh, meter);
      return html(200, valuesFormPage(f, fresh));
    }
    case 'showMeterValues': {
      const mid = form.get('mid');
      const meter = mid ? session.valueMids.get(mid) : undefined;
      if (!meter) return html(200, errorPage(f, 'Ungültige Zählerauswahl.'));
      const from = formTime(form.get('from'), false);
      const to = formTime(form.get('to'), true);
      if (from === undefined || to === undefined || to < from) return html(200, errorPage(f, 'Ungültiger Zeitraum.'));
      const rows = valueRows(channelsOf(meter), from, to, control.signer(ctx.dataset.smgwId));
      const pages = Math.max(1, Math.ceil(rows.length / PPC_VALUE_ROWS));
      const pageNumber = Number(form.get('page') ?? 1);
      if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > pages) return html(200, errorPage(f, 'Ungültige Seite.'));
      return html(200, valuesPage(f, rows.slice((pageNumber - 1) * PPC_VALUE_ROWS, pageNumber * PPC_VALUE_ROWS), pageNumber, pages));
    }
    case 'exportMeterValues': {
      if (!options.exports) return html(200, errorPage(f, `Unbekannte Aktion ${action}.`));
      const mid = form.get('mid');
      const meter = mid ? session.valueMids.get(mid) : undefined;
      if (!meter) return html(200, errorPage(f, 'Ungültige Zählerauswahl.'));
      const from = formTime(form.get('from'), false);
      const to = formTime(form.get('to'), true);
      if (from === undefined || to === undefined || to < from) return html(200, errorPage(f, 'Ungültiger Zeitraum.'));
      const signer = control.signer(ctx.dataset.smgwId);
      const columns = exportColumns(channelsOf(meter), from, to, signer);
      state.exports++;
      const cms = ppcExportCms({ objectId: `01005e31803c.${meter}.sm`, columns }, signer.cmsSigner, new Date(now));
      return send(ctx, ex, 200, Buffer.from(cms), { 'Content-Type': 'application/pkcs7-mime', 'Content-Disposition': `attachment; filename="${meter}.p7m"` });
    }
    case 'tariffform':
      return html(200, tariffListPage(f, [...session.tariffTids].map(([tid, id]) => ({ tid, name: id }))));
    case 'showTariffProfile': {
      const id = session.tariffTids.get(form.get('tid') ?? '');
      const contract = contracts.find((c) => c.id === id);
      if (!contract) return html(200, errorPage(f, 'Unbekanntes Tarifprofil.'));
      const taf = /taf-?(\d+)/i.exec(contract.id)?.[1] ?? '7';
      const up = contract.usagePoint;
      return html(
        200,
        labelValuePage(f, 'Tarifprofil', 'table_tariffprofile', [
          ['Profil-ID', contract.id],
          ['TAF-Typ', `TAF-${taf}`],
          ['Zählpunkt', up.usagePointId],
          ['Lieferant', up.invoicingPartyId],
          ['Letztverbraucher', up.customerId],
          ['Gültig ab', berlinWallText(contract.first)],
          ['Registerperiode', `${contract.channels[0]?.reading.readingType.measurementPeriod ?? 900} s`],
          ['Abrechnungsperiode', taf === '7' ? '-' : 'monatlich'],
          ['Tarifstufen', '1'],
          ['Zähler', [...new Set(contract.channels.map((c) => c.meterId))].join(', ')],
        ]),
      );
    }
    case 'showTarification': {
      // Monthly billing periods from the contract's first reading up to now (none for TAF-7), 12 per page (inferred).
      const contract = contracts.find((c) => c.id === session.tariffTids.get(form.get('tid') ?? ''));
      if (!contract) return html(200, errorPage(f, 'Unbekanntes Tarifprofil.'));
      const from = formTime(form.get('from'), false) ?? -Infinity;
      const periods = /taf-?7\b/i.test(contract.id) || !/taf-?\d/i.test(contract.id) ? [] : monthlyPeriods(contract.first, now).filter((p) => (p.end ?? Infinity) > from);
      const pages = Math.max(1, Math.ceil(periods.length / PPC_BILLING_ROWS));
      const pageNumber = Number(form.get('page') ?? 1);
      if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > pages) return html(200, errorPage(f, 'Ungültige Seite.'));
      const shown = periods.slice((pageNumber - 1) * PPC_BILLING_ROWS, pageNumber * PPC_BILLING_ROWS).map((p) => ({ ...p, status: p.end === undefined ? 'offen' : 'abgeschlossen', ttid: handle() }));
      for (const p of shown) session.periodTtids.set(p.ttid, { contractId: contract.id, begin: p.begin, ...(p.end !== undefined ? { end: p.end } : {}) });
      return html(200, billingPeriodsPage(f, shown, pageNumber, pages));
    }
    case 'showTarificationRegister': {
      const period = session.periodTtids.get(form.get('ttid') ?? '');
      const contract = period && contracts.find((c) => c.id === period.contractId);
      if (!period || !contract) return html(200, errorPage(f, 'Unbekannter Abrechnungszeitraum.'));
      return html(200, tafRegisterPage(f, tafRegisterRows(contract, period.end, control.signer(ctx.dataset.smgwId))));
    }
    case 'swversions':
      return html(200, versionsPage(f, contracts[0]!.usagePoint.smgw.firmwareComponents));
    case 'exportLogData': {
      const from = formTime(form.get('from'), false) ?? -Infinity;
      const to = formTime(form.get('to'), true) ?? Infinity;
      const rows = ctx.dataset.log
        .filter((e) => e.timestamp !== undefined && e.timestamp >= from && e.timestamp <= to)
        .sort((a, b) => a.timestamp! - b.timestamp! || (a.recordNumber ?? 0) - (b.recordNumber ?? 0))
        .slice(0, PPC_LOG_ROWS)
        .map((e) => ({ time: e.timestamp!, level: String(e.level ?? ''), id: e.recordNumber ?? 0, text: e.text ?? '', outcome: String(e.outcome ?? '') }));
      return html(200, logPage(f, rows));
    }
    case 'selftest':
      state.selfTests++;
      return html(200, page(f, 'Selbsttest', '<div id="div_selftest">Selbsttest gestartet, das Gateway startet neu.</div>'));
    case 'logout': {
      state.history.find((h) => h.id === session.id)!.closed = now;
      state.history.find((h) => h.id === session.id)!.how = 'logout';
      state.session = undefined;
      return html(200, page(frame(undefined), 'Abgemeldet', "<h1 id='headline_logout'>Sie wurden abgemeldet.</h1>"), options.sessionStyle === 'tkn' ? { 'Set-Cookie': 'session=; Max-Age=0; secure; HttpOnly' } : {});
    }
    default:
      return html(200, errorPage(f, `Unbekannte Aktion ${action ?? ''}.`));
  }
}

/**
 * The TAF registers of one billing period (INFERRED, no recording: which registers, the value base, the
 * times). Per register of the contract the total (tariff stage 0, OBIS E = 0) and the one tariff stage of a
 * TAF-1 profile (stage 1, E = 1), each counting from the contract's first reading (a TAF register counts
 * from its TAF's start), read at the period's end (target time) from the newest reading at or before it
 * (capture time); for the open period at the newest reading. Signed like a reading of the list
 * `<obis>.<TAF id>.sm` (INFERRED: the signed form of a register value).
 */
function tafRegisterRows(contract: SimContract, end: number | undefined, signer: PpcReadingSigner): TafRegisterRow[] {
  const rows: TafRegisterRow[] = [];
  for (const ch of [...contract.channels].sort((a, b) => a.obis.localeCompare(b.obis))) {
    const base = ch.readings[0];
    // A closed period after the data ended has no register value (the meter delivered nothing at its end).
    const at = end === undefined ? ch.readings.at(-1) : end <= contract.last ? readingsInRange(ch.readings, -Infinity, end).at(-1) : undefined;
    if (!base || !at) continue;
    const type = ch.reading.readingType;
    for (const stage of [0, 1]) {
      const obis = `${ch.obis.slice(0, 8)}${stage.toString(16).padStart(2, '0')}${ch.obis.slice(10)}`;
      const reading: IntervalReading = { value: at.value - base.value, captureTime: at.captureTime, duration: 0, statusPTB: at.statusPTB ?? 0 };
      rows.push({
        target: end ?? at.captureTime,
        time: at.captureTime,
        value: decimalText(reading.value, type.scaler),
        unit: UNIT_TEXT[dlmsUnit(type.uom)] ?? String(dlmsUnit(type.uom)),
        obis: obisDotted(obis),
        stage,
        valid: (at.statusPTB ?? 0) === 0,
        signature: signer.entry(registerChannel(contract, ch, obis), reading).signature,
      });
    }
  }
  return rows;
}

/** A stable channel object per TAF register (the signer keeps its signatures per channel). */
const registerChannels = new WeakMap<SimContract, Map<string, SimChannel>>();
function registerChannel(contract: SimContract, meterChannel: SimChannel, obis: string): SimChannel {
  let byObis = registerChannels.get(contract);
  if (!byObis) registerChannels.set(contract, (byObis = new Map()));
  let channel = byObis.get(obis);
  if (!channel) {
    const type = meterChannel.reading.readingType;
    channel = { meterId: contract.id, obis, reading: { ...meterChannel.reading, readingType: { ...type, obisCode: obis, qualifiedLogicalName: `${obis}.${contract.id}.sm` } }, readings: [] };
    byObis.set(obis, channel);
  }
  return channel;
}

/** Berlin calendar months from the one containing `first`; the one containing `now` is open. */
function monthlyPeriods(first: number, now: number): { begin: number; end?: number }[] {
  const out: { begin: number; end?: number }[] = [];
  const start = berlinParts(first);
  for (let i = 0; ; i++) {
    const begin = berlinTime(start.year, start.month + i, 1);
    if (begin > now) break;
    const end = berlinTime(start.year, start.month + i + 1, 1);
    out.push(end > now ? { begin } : { begin, end });
  }
  return out;
}

/**
 * The columns of one export: one per register (by OBIS), entries newest first, the newest time points of
 * the range while all columns together hold at most PPC_EXPORT_ENTRIES entries.
 */
function exportColumns(channels: SimChannel[], from: number, to: number, signer: PpcReadingSigner): K461Column[] {
  const sorted = [...channels].sort((a, b) => a.obis.localeCompare(b.obis));
  const inRange = sorted.map((ch) => readingsInRange(ch.readings, from - 1, to) as IntervalReading[]);
  const perTime = new Map<number, number>();
  for (const list of inRange) for (const r of list) perTime.set(r.captureTime, (perTime.get(r.captureTime) ?? 0) + 1);
  let kept = 0;
  let oldest = Infinity;
  for (const [t, count] of [...perTime].sort((a, b) => b[0] - a[0])) {
    if (kept + count > PPC_EXPORT_ENTRIES) break;
    kept += count;
    oldest = t;
  }
  return sorted.map((ch, i) => ({
    logicalName: ppcLogicalName(ch),
    entries: signer.entries(ch, inRange[i]!.filter((r) => r.captureTime >= oldest).reverse()),
  }));
}

/** Rows newest first, the registers of one capture time together (import before export). */
function valueRows(channels: SimChannel[], from: number, to: number, signer: PpcReadingSigner): ValueRow[] {
  const byTime = new Map<number, ValueRow[]>();
  for (const ch of [...channels].sort((a, b) => a.obis.localeCompare(b.obis))) {
    const type = ch.reading.readingType;
    const readings = readingsInRange(ch.readings, from - 1, to) as IntervalReading[];
    const entries = signer.entries(ch, readings);
    readings.forEach((r, i) => {
      const list = byTime.get(r.captureTime) ?? [];
      list.push({
        time: r.captureTime,
        value: decimalText(r.value, type.scaler),
        unit: UNIT_TEXT[dlmsUnit(type.uom)] ?? String(dlmsUnit(type.uom)),
        valid: (r.statusPTB ?? 0) === 0,
        name: NAMES[ch.obis] ?? ch.obis,
        obis: obisDotted(ch.obis),
        signature: entries[i]!.signature,
      });
      byTime.set(r.captureTime, list);
    });
  }
  return [...byTime.entries()].sort((a, b) => b[0] - a[0]).flatMap(([, rows]) => rows);
}
