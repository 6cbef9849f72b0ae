import { describe, expect, it } from 'vitest';
import { DigestClient, chooseChallenge, computeDigestResponse, parseAuthorization, parseDigestChallenges } from './digest';

// RFC 7616 section 3.9.1 (MD5 and SHA-256 over the same challenge).
const RFC7616 = {
  user: 'Mufasa',
  password: 'Circle of Life',
  realm: 'http-auth@example.org',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
  uri: '/dir/index.html',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
};
const RFC7616_HEADERS = [
  `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="${RFC7616.nonce}", opaque="${RFC7616.opaque}"`,
  `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="${RFC7616.nonce}", opaque="${RFC7616.opaque}"`,
];

describe('Digest (RFC 7616 / RFC 2617 examples)', () => {
  it('computes the RFC 7616 MD5 and SHA-256 responses', () => {
    const base = { ...RFC7616, method: 'GET', qop: 'auth', nc: '00000001' };
    expect(computeDigestResponse({ ...base, algorithm: 'MD5' })).toBe('8ca523f5e9506fed4657c9700eebdbec');
    expect(computeDigestResponse({ ...base, algorithm: 'SHA-256' })).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
  });

  it('computes the RFC 2617 example response', () => {
    expect(
      computeDigestResponse({
        algorithm: 'MD5',
        user: 'Mufasa',
        password: 'Circle Of Life',
        realm: 'testrealm@host.com',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        method: 'GET',
        uri: '/dir/index.html',
        qop: 'auth',
        nc: '00000001',
        cnonce: '0a4f113b',
      }),
    ).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('parses two challenges in separate headers and in one comma-joined header', () => {
    const separate = parseDigestChallenges(RFC7616_HEADERS);
    const joined = parseDigestChallenges([RFC7616_HEADERS.join(', ')]);
    for (const list of [separate, joined]) {
      expect(list.map((c) => c.algorithm)).toEqual(['SHA-256', 'MD5']);
      expect(list[0]).toMatchObject({ realm: RFC7616.realm, nonce: RFC7616.nonce, opaque: RFC7616.opaque, qop: ['auth', 'auth-int'], stale: false });
    }
  });

  it('prefers SHA-256 but forces MD5 where the vendor needs it', () => {
    const list = parseDigestChallenges(RFC7616_HEADERS);
    expect(chooseChallenge(list)?.algorithm).toBe('SHA-256');
    expect(chooseChallenge(list, true)?.algorithm).toBe('MD5');
  });

  it('builds the RFC 7616 Authorization header, counts nc up and echoes opaque', () => {
    const client = new DigestClient({ user: RFC7616.user, password: RFC7616.password }, { cnonce: () => RFC7616.cnonce });
    expect(client.authorize('GET', RFC7616.uri)).toBeUndefined();
    expect(client.accept(RFC7616_HEADERS)).toBe('retry');
    const first = parseAuthorization(client.authorize('GET', RFC7616.uri))!;
    expect(first.get('response')).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
    expect(first.get('nc')).toBe('00000001');
    expect(first.get('opaque')).toBe(RFC7616.opaque);
    expect(first.get('algorithm')).toBe('SHA-256');
    const second = parseAuthorization(client.authorize('POST', '/x'))!;
    expect(second.get('nc')).toBe('00000002');
    expect(second.get('uri')).toBe('/x');
  });

  it('retries once on stale=true and reports a plain second 401 as rejected', () => {
    const client = new DigestClient({ user: 'u', password: 'p' }, { forceMd5: true });
    expect(client.accept(RFC7616_HEADERS)).toBe('retry');
    expect(client.algorithm).toBe('MD5');
    expect(client.accept([`Digest realm="r", nonce="new", qop="auth", stale=true`])).toBe('retry');
    expect(parseAuthorization(client.authorize('GET', '/'))!.get('nonce')).toBe('new');
    expect(client.accept([`Digest realm="r", nonce="other", qop="auth"`])).toBe('rejected');
  });

  it('ignores non-Digest schemes and unknown algorithms', () => {
    expect(parseDigestChallenges(['Basic realm="x"', 'Digest realm="x", nonce="n", algorithm=SHA-512-256'])).toEqual([]);
  });
});
