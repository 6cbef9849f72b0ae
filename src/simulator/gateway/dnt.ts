/**
 * Sagemcom Dr. Neuhaus SMARTY IQ "HGP" XML over `GET /smgw/hgp/…`, namespace `urn:schema-smgw:hgp-3-0`,
 * envelope `envelope-consumer-out`.
 *
 * Known (../shared/knowledge/04-han-gateways.md): the paths, the envelope name and namespace, the request
 * headers Device-ID (a wrong one is refused), Transport-Version, Request-ID and `Accept:
 * application/hgp;encap=gzip,xml`, the record element names (measurement-record, measurement-entry with
 * obis-id, value, scaler, unit, signature, status{smgw, ptb, meter}; audit-record), the query methods and
 * list names (OML, ATL, TL), the consumer log paging by count=100.
 * INFERRED (not seen in a capture): the exact element nesting, attributes and time format (ISO 8601 UTC),
 * the status codes of refusals, `from` inclusive / `to` exclusive, at most 1,000 records per OML page,
 * `meter-id` on measurement-entry, the sensor-domain list in the profile, the `/sm?method=status` answer,
 * the Request-ID echo, gzip only when asked for. The adapter (src/han/adapters/dnt.ts) follows the same.
 */
import { tryParseTime } from '../../model/time/parse-time';
import { gzipSync } from 'node:zlib';
import type { IntervalReading } from '../../model/types';
import { readingsInRange, type SimContract } from './dataset';
import { authenticate, dlmsUnit, iso, send, type SimContext, type SimExchange } from './http-kit';
import { el, text } from './xml-writer';

export const HGP_NAMESPACE = 'urn:schema-smgw:hgp-3-0';
export const HGP_PREFIX = '/smgw/hgp/';
/** Records per OML/ATL page at most (inferred). */
export const DNT_PAGE_LIMIT = 1000;
/** Audit records per consumer-log page at most (TRuDI asked for 100). */
export const DNT_LOG_LIMIT = 100;

/** A time with offset in a request (the one parser); undefined when it is none. */
function parseTime(value: unknown): number | undefined {
  return tryParseTime(value, { field: 'time', zoneless: false, dateOnly: false });
}

function tafNumber(contract: SimContract): number {
  return Number(/taf-?(\d+)/i.exec(contract.id)?.[1] ?? 7);
}

function envelope(ctx: SimContext, requestId: string, ...content: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${el('envelope-consumer-out', { xmlns: HGP_NAMESPACE, 'device-id': ctx.dataset.smgwId, 'request-id': requestId, time: iso(Date.now()) }, ...content)}`;
}

function measurementRecords(contract: SimContract, from: number, to: number, count: number): string[] {
  const byTime = new Map<number, { target?: number; entries: string[] }>();
  for (const channel of contract.channels) {
    const type = channel.reading.readingType;
    // The first `count` records can only come from the first `count` readings of each register.
    for (const r of readingsInRange(channel.readings, from - 1, to - 1).slice(0, count)) {
      let record = byTime.get(r.captureTime);
      if (!record) {
        record = { ...(r.targetTime !== undefined ? { target: r.targetTime } : {}), entries: [] };
        byTime.set(r.captureTime, record);
      }
      record.entries.push(entry(channel.obis, channel.meterId, type.scaler, dlmsUnit(type.uom), r));
    }
  }
  return [...byTime.entries()]
    .sort((a, b) => a[0] - b[0])
    .slice(0, count)
    .map(([time, record]) => el('measurement-record', {}, record.target !== undefined ? text('target-time', iso(record.target)) : undefined, text('recording-time', iso(time)), ...record.entries));
}

function entry(obis: string, meterId: string, scaler: number, unit: number, r: IntervalReading): string {
  const fnn = r.statusFNN ?? '';
  return el(
    'measurement-entry',
    { 'meter-id': meterId },
    text('obis-id', obis),
    text('value', r.value),
    text('scaler', scaler),
    text('unit', unit),
    r.signature ? text('signature', r.signature) : undefined,
    el('status', {}, fnn ? text('smgw', fnn.slice(0, 8)) : undefined, r.statusPTB !== undefined ? text('ptb', r.statusPTB) : undefined, fnn ? text('meter', fnn.slice(8)) : undefined),
  );
}

function evaluationProfile(contract: SimContract): string {
  const up = contract.usagePoint;
  const taf = tafNumber(contract);
  const registers = contract.channels.map((c) => el('push-register', { 'meter-id': c.meterId }, text('obis-id', c.obis)));
  return el(
    'evaluation-profile',
    { id: contract.id },
    text('taf', taf),
    text('metering-point-id', up.usagePointId),
    text('supplier', up.invoicingPartyId),
    el('consumer', {}, text('user-id', up.customerId)),
    el('validity-window', {}, text('from', iso(contract.first))),
    taf === 7 ? undefined : el('billing', {}, text('period', 'P1M')),
    el('capture', {}, text('period', `PT${(contract.channels[0]?.reading.readingType.measurementPeriod ?? 900) / 60}M`)),
    el('delivery', {}, ...registers),
    ...[...new Set(contract.channels.map((c) => c.meterId))].map((m) => text('sensor-domain', m)),
  );
}

export function handleDnt(ctx: SimContext, ex: SimExchange): void {
  const { req } = ex;
  if (!ex.path.startsWith(HGP_PREFIX)) return send(ctx, ex, 404, 'Not Found');
  if (req.method !== 'GET') return send(ctx, ex, 405, 'Method Not Allowed');
  const deviceId = req.headers['device-id'];
  if (deviceId !== ctx.dataset.smgwId) return send(ctx, ex, 403, `Forbidden: Device-ID ${typeof deviceId === 'string' ? deviceId : '(none)'} is not this gateway`);
  const requestId = req.headers['request-id'];
  if (typeof req.headers['transport-version'] !== 'string' || typeof requestId !== 'string' || !requestId) return send(ctx, ex, 400, 'Bad Request: Transport-Version and Request-ID required');
  const user = authenticate(ctx, ex);
  if (!user) return;
  const url = new URL(req.url ?? '/', 'https://gateway');
  const parts = ex.path.slice(HGP_PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
  const q = url.searchParams;
  const gzip = /encap=gzip/.test(String(req.headers.accept ?? ''));
  const reply = (...content: string[]): void => {
    const xml = Buffer.from(envelope(ctx, requestId, ...content), 'utf8');
    send(ctx, ex, 200, gzip ? gzipSync(xml) : xml, { 'Content-Type': `application/hgp;encap=${gzip ? 'gzip' : 'xml'}`, 'Request-ID': requestId });
  };
  const bad = (why: string): void => send(ctx, ex, 400, `Bad Request: ${why}`);
  const { dataset } = ctx;
  // Profiles of this user only (the consumer sees his own evaluation profiles).
  const contracts = dataset.contracts.filter((c) => c.usagePoint.customerId === user.name || dataset.contracts.every((x) => x.usagePoint.customerId !== user.name));

  if (parts[0] === 'evp' && parts.length === 1) return reply(el('evp-list', {}, ...contracts.map((c) => el('evp-ref', { id: c.id }))));
  if (parts[0] === 'evp' && parts.length === 2) {
    const contract = contracts.find((c) => c.id === parts[1]);
    if (!contract) return send(ctx, ex, 404, 'Not Found: evaluation profile');
    const method = q.get('method');
    if (method === null) return reply(evaluationProfile(contract));
    if (method === 'status') return reply(el('evp-status', { id: contract.id }, text('state', 'running'), text('last-capture', iso(contract.last))));
    if (method === 'current') return reply(el('current', { id: contract.id }, ...measurementRecords(contract, contract.last, contract.last + 1, 1)));
    if (method === 'query') {
      const list = q.get('list');
      const count = Number(q.get('count') ?? DNT_PAGE_LIMIT);
      if (!Number.isInteger(count) || count < 1 || count > DNT_PAGE_LIMIT) return bad(`count must be 1-${DNT_PAGE_LIMIT}`);
      if (list === 'OML') {
        const from = parseTime(q.get('from'));
        const to = parseTime(q.get('to'));
        if (from === undefined || to === undefined || to <= from) return bad('from/to');
        return reply(el('query', { list, from: iso(from), to: iso(to), count }, ...measurementRecords(contract, from, to, count)));
      }
      // Derived (ATL) and tariff lists (TL): the simulated profiles compute none (TAF-7 original values only).
      if (list === 'ATL' || list === 'TL') return reply(el('query', { list, count }));
      return bad('list must be OML, ATL or TL');
    }
    return bad('method');
  }
  if (parts[0] === 'log' && parts[1] === 'consumer' && parts.length === 2) {
    if (q.get('method') !== 'read') return bad('method');
    const from = parseTime(q.get('from')) ?? -Infinity;
    const to = parseTime(q.get('to')) ?? Infinity;
    const count = Number(q.get('count') ?? DNT_LOG_LIMIT);
    if (!Number.isInteger(count) || count < 1 || count > DNT_LOG_LIMIT) return bad(`count must be 1-${DNT_LOG_LIMIT}`);
    const records = dataset.log
      .filter((e) => e.timestamp !== undefined && e.timestamp >= from && e.timestamp < to)
      .sort((a, b) => a.timestamp! - b.timestamp! || (a.recordNumber ?? 0) - (b.recordNumber ?? 0))
      .slice(0, count)
      .map((e) =>
        el(
          'audit-record',
          { number: e.recordNumber },
          text('audit-time', iso(e.timestamp!)),
          e.level !== undefined ? text('level', e.level) : undefined,
          e.outcome !== undefined ? text('outcome', e.outcome) : undefined,
          text('message', e.text ?? ''),
        ),
      );
    return reply(el('consumer-log', {}, ...records));
  }
  if (parts[0] === 'sm' && parts.length === 1) {
    const method = q.get('method');
    if (method === 'get-cert') {
      const name = q.get('name');
      const type = name === 'cert-wan-sig' ? 1 : name === 'cert-issuer' ? 2 : undefined;
      const cert = dataset.certificates.find((c) => c.certType === type);
      if (!cert) return send(ctx, ex, 404, 'Not Found: certificate');
      return reply(el('certificate', { name: name!, encoding: 'base64' }, Buffer.from(cert.certContent).toString('base64')));
    }
    if (method === 'status') {
      const smgw = dataset.contracts[0]!.usagePoint.smgw;
      return reply(
        el(
          'smgw-status',
          {},
          text('device-id', dataset.smgwId),
          text('time', iso(Date.now())),
          el('firmware', {}, ...smgw.firmwareComponents.map((f) => el('component', { name: f.name, version: f.version, checksum: f.checksum })))
          ,
          // Simulator only: how the per-reading signatures were built.
          dataset.signedMessageFormat ? text('simulator-signed-message-format', dataset.signedMessageFormat) : undefined,
        ),
      );
    }
    return bad('method');
  }
  return send(ctx, ex, 404, 'Not Found');
}
