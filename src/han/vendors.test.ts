import { describe, expect, it } from 'vitest';
import { vendorClientSettings, vendorFromGatewayId } from './vendors';

describe('vendor choice', () => {
  it('follows the FLAG code of the gateway id in any written form', () => {
    expect(vendorFromGatewayId('ETHE0012345678')).toBe('theben');
    expect(vendorFromGatewayId('eemh0012345678.sm')).toBe('emh');
    // Hex form of EEMH0012345678 (length, medium E, FLAG in ASCII, block, serial).
    expect(vendorFromGatewayId('0A0E454D4800' + (12345678).toString(16).padStart(8, '0'))).toBe('emh');
    expect(vendorFromGatewayId('EPPC0210486901')).toBe('ppc');
    expect(vendorFromGatewayId('EDNT0017038437')).toBe('dnt');
    expect(vendorFromGatewayId('ELGZ0012345678')).toBeUndefined();
    expect(vendorFromGatewayId('not an id')).toBeUndefined();
  });

  it('applies the vendor quirks to the client', () => {
    expect(vendorClientSettings('theben', '192.168.1.200')).toEqual({ forceMd5: true });
    expect(vendorClientSettings('emh', '192.168.33.2')).toMatchObject({ hostHeader: '192.168.33.2' });
    expect(vendorClientSettings('emh', 'fe80::1')).toMatchObject({ hostHeader: '[fe80::1]' });
  });
});
