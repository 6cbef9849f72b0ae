import { describe, expect, it } from 'vitest';
import { decodeStatusFnn, effectiveStatus, encodeStatusFnn, fnnToPtb, reverseBits32, statusFnnForPtb, GATEWAY_FLAGS } from './status';

describe('FNN status words', () => {
  it('maps the golden pairs', () => {
    expect(fnnToPtb('A084000020000000')).toBe(4);
    expect(fnnToPtb('A004000020000000')).toBe(2);
    expect(fnnToPtb('A000000020000000')).toBe(0);
    expect(fnnToPtb('A008000020000000')).toBe(1);
    expect(fnnToPtb('A002000020000000')).toBe(3);
  });

  it('reads the canonical word LSB first with identification patterns', () => {
    const s = decodeStatusFnn('A000000020000000')!;
    expect(s).toMatchObject({ gatewayWord: 0x5, meterWord: 0x4, bitOrder: 'lsb-first', recognised: true, flags: [] });
    expect(decodeStatusFnn('A084000020000000')!.flags).toEqual(['gateway.fatal', 'gateway.noValueReceived']);
  });

  it('recognises the older MSB-first order (as in the real TRuDI sample files) and says so', () => {
    const s = decodeStatusFnn('0000010500100504')!;
    expect(s.bitOrder).toBe('msb-first');
    expect(s.recognised).toBe(true);
    expect(s.gatewayWord).toBe(0x105);
    expect(s.flags).toContain('gateway.fatal');
    expect(s.flags).toContain('meter.terminalCoverManipulation');
    expect(s.ptb).toBe(4);
  });

  it('flags words without identification as unrecognised', () => {
    expect(decodeStatusFnn('0000000000000000')!.recognised).toBe(false);
    expect(decodeStatusFnn('XYZ')).toBeUndefined();
    expect(decodeStatusFnn('A00000002000000')).toBeUndefined();
  });

  it('does not read meter flags from an OMS-format meter word', () => {
    const hex = encodeStatusFnn(GATEWAY_FLAGS.meterWordOms, 0).slice(0, 8) + '00000200';
    const s = decodeStatusFnn(hex)!;
    expect(s.meterWordOms).toBe(true);
    expect(s.ptb).toBe(0);
  });

  it('encodes what it decodes', () => {
    for (const ptb of [0, 1, 2, 3, 4] as const) expect(fnnToPtb(statusFnnForPtb(ptb))).toBe(ptb);
    expect(statusFnnForPtb(0)).toBe('A000000020000000');
    expect(reverseBits32(0xa0000000)).toBe(5);
  });

  it('prefers statusPTB over statusFNN', () => {
    expect(effectiveStatus({ statusPTB: 0, statusFNN: 'A084000020000000' })).toEqual({ ptb: 0, source: 'statusPTB' });
    expect(effectiveStatus({ statusFNN: 'A084000020000000' })).toEqual({ ptb: 4, source: 'statusFNN', bitOrder: 'lsb-first' });
    expect(effectiveStatus({})).toEqual({ ptb: undefined, source: 'none' });
  });
});
