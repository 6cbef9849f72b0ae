/**
 * EMH CASA JSON REST under `/json/…` (GET only), with the vendor's quirks: HTTP/1.1 only, the Host header
 * must name the gateway (its IP or smgw.local), history month by month (Berlin calendar months).
 */
import { berlinTime } from '../../model/time/berlin';
import type { IntervalReading } from '../../model/types';
import { readingsInRange } from './dataset';
import { authenticate, dlmsUnit, iso, send, sendJson, type SimContext, type SimExchange } from './http-kit';

function monthRange(key: string): [number, number] | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  return [berlinTime(year, month, 1), berlinTime(year, month + 1, 1)];
}

export function handleEmh(ctx: SimContext, ex: SimExchange): void {
  const { req } = ex;
  if (req.httpVersion !== '1.1') return send(ctx, ex, 505, 'HTTP Version Not Supported');
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  if (!ctx.expectedHosts.includes(host)) return send(ctx, ex, 400, 'Bad Request: Host');
  if (!ex.path.startsWith('/json/')) return send(ctx, ex, 404, 'Not Found');
  if (req.method !== 'GET') return send(ctx, ex, 405, 'Method Not Allowed');
  const user = authenticate(ctx, ex);
  if (!user) return;
  const { dataset } = ctx;
  const parts = ex.path.slice('/json/'.length).split('/').filter(Boolean).map(decodeURIComponent);
  const meters = [...new Set(dataset.contracts.flatMap((c) => c.channels.map((ch) => ch.meterId)))];
  // A meter's registers, once even when several contracts use the meter.
  const channelsOf = (meter: string) => [
    ...new Map(dataset.contracts.flatMap((c) => c.channels.filter((ch) => ch.meterId === meter)).map((ch) => [ch.reading.readingType.qualifiedLogicalName, ch])).values(),
  ];
  const entries = (meter: string, pick: (readings: IntervalReading[]) => IntervalReading[]) => {
    const byTime = new Map<number, { capture_time: string; timestamp: string | null; status: string; values: unknown[] }>();
    for (const ch of channelsOf(meter)) {
      for (const r of pick(ch.readings)) {
        let entry = byTime.get(r.captureTime);
        if (!entry) {
          entry = { capture_time: iso(r.captureTime), timestamp: r.targetTime === undefined ? null : iso(r.targetTime), status: r.statusFNN ?? '', values: [] };
          byTime.set(r.captureTime, entry);
        }
        const t = ch.reading.readingType;
        // `status` per value is kept as well: the entry-level word is the first channel's (inferred format).
        entry.values.push({ logical_name: t.qualifiedLogicalName, value: String(r.value), scaler: t.scaler, unit: dlmsUnit(t.uom), status: r.statusFNN ?? '', signature: r.signature ?? '-' });
      }
    }
    return [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e);
  };
  const route = parts.join('/');
  if (route === 'metering/origin') return sendJson(ctx, ex, 200, meters);
  if (parts[0] === 'metering' && parts[1] === 'origin' && parts[2] && meters.includes(parts[2])) {
    const meter = parts[2];
    if (parts.length === 4 && parts[3] === 'extended') return sendJson(ctx, ex, 200, entries(meter, (r) => r.slice(-1))[0] ?? null);
    const range = parts[3] ? monthRange(parts[3]) : undefined;
    if (parts.length === 5 && parts[4] === 'extended' && range) {
      return sendJson(ctx, ex, 200, entries(meter, (r) => readingsInRange(r, range[0] - 1, range[1] - 1)));
    }
  }
  if (route === 'metering/derived') return sendJson(ctx, ex, 200, dataset.contracts.map((c) => c.id));
  if (parts[0] === 'metering' && parts[1] === 'derived' && parts[2]) {
    const c = dataset.contracts.find((x) => x.id === parts[2]);
    if (!c) return send(ctx, ex, 404, 'Not Found');
    if (parts.length === 3) {
      return sendJson(ctx, ex, 200, {
        taf_type: `TAF-${/taf(\d+)/i.exec(c.id)?.[1] ?? 7}`,
        taf_name: c.id,
        sensor_domains: [...new Set(c.channels.map((ch) => ch.meterId))],
        metering_point_id: c.usagePoint.usagePointId,
        supplier_id: c.usagePoint.invoicingPartyId,
        consumer_id: c.usagePoint.customerId,
        validity_start: iso(c.first),
        validity_end: null,
        capture_period: c.channels[0]?.reading.readingType.measurementPeriod ?? 900,
      });
    }
    if (parts[3] === 'billingperiods') return sendJson(ctx, ex, 200, []);
  }
  if (parts[0] === 'conlogbook' && parts[1]) {
    const range = monthRange(parts[1]);
    if (!range) return send(ctx, ex, 400, 'Bad Request: month');
    return sendJson(
      ctx,
      ex,
      200,
      dataset.log
        .filter((e) => e.timestamp !== undefined && e.timestamp >= range[0] && e.timestamp < range[1])
        .map((e) => ({ recordnumber: e.recordNumber, level: e.level, outcome: e.outcome, text: e.text, timestamp: iso(e.timestamp!) })),
    );
  }
  if (route === 'systeminformations') {
    const smgw = dataset.contracts[0]!.usagePoint.smgw;
    return sendJson(ctx, ex, 200, {
      smgw_id: dataset.smgwId,
      manufacturer: 'EMH',
      time: iso(Date.now()),
      // Simulator only (not in the vendor's API): how the per-reading signatures were built.
      ...(dataset.signedMessageFormat ? { signed_message_format: dataset.signedMessageFormat } : {}),
      firmware: smgw.firmwareComponents.map((f) => ({ name: f.name, version: f.version, checksum: f.checksum ?? '' })),
    });
  }
  if (route === 'download/certificate.pem') {
    const pem = dataset.certificates
      .filter((c) => c.certType === 1 || c.certType === 2)
      .sort((a, b) => a.certType - b.certType)
      .map((c) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(c.certContent).toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`)
      .join('');
    return send(ctx, ex, 200, pem, { 'Content-Type': 'application/x-pem-file' });
  }
  return send(ctx, ex, 404, 'Not Found');
}
