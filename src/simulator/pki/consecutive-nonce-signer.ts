/**
 * Fast ECDSA signing for the simulators' TEST keys only: standard ECDSA signatures (any verifier, OpenSSL
 * included, accepts them) made with consecutive nonces k, k+1, k+2, … so that each R = k·G costs one point
 * addition instead of a scalar multiplication, and the inversions of a batch are shared (Montgomery's trick).
 * On brainpoolP256r1, which OpenSSL signs with its generic, slow curve code (~0.4 ms per signature on the
 * development machine), this is what lets the PPC simulator sign 140,000 readings in seconds.
 *
 * NEVER use this with a key that must stay secret: two signatures with related nonces reveal the private
 * key. It is acceptable here only because every simulator key is derived from a public seed (test-pki.ts),
 * i.e. anyone can recompute it anyway. The first nonce is derived from the key and a label, so a run signs
 * reproducibly given the same order of requests.
 */
import { createHash } from 'node:crypto';
import { normalizeZ } from '@noble/curves/abstract/curve.js';
import type { EcKeyPair } from './keys';

type NoblePoint = EcKeyPair['curve']['noble']['Point'];
type PointInstance = InstanceType<NoblePoint>;

const toBig = (bytes: Uint8Array): bigint => BigInt('0x' + (Buffer.from(bytes).toString('hex') || '0'));

export class ConsecutiveNonceSigner {
  private readonly Point: NoblePoint;
  private readonly order: bigint;
  private readonly d: bigint;
  private readonly size: number;
  private readonly hash: string;
  private k: bigint;
  private R: PointInstance;

  constructor(key: EcKeyPair, label: string) {
    this.Point = key.curve.noble.Point;
    this.order = this.Point.Fn.ORDER;
    this.size = key.curve.size;
    this.hash = key.curve.hash;
    this.d = toBig(key.scalar);
    const seed = createHash('sha512').update(`consecutive-nonce|${label}|`).update(key.scalar).digest();
    this.k = (toBig(seed) % (this.order - 1n)) + 1n;
    this.R = this.Point.BASE.multiply(this.k);
  }

  /** Raw r ‖ s (ieee-p1363, curve size each) of every message, in order. */
  signAll(messages: readonly Uint8Array[]): Uint8Array[] {
    const { Point, order } = this;
    const Fn = Point.Fn;
    const out: Uint8Array[] = [];
    let pending = messages.map((m, i) => ({ i, z: Fn.create(toBig(createHash(this.hash).update(m).digest())) }));
    while (pending.length > 0) {
      // One nonce and R per pending message: R_j = R_0 + j·G.
      const ks: bigint[] = [];
      const points: PointInstance[] = [];
      for (let j = 0; j < pending.length; j++) {
        ks.push(this.k);
        points.push(this.R);
        this.k = this.k + 1n === order ? 1n : this.k + 1n;
        this.R = this.R.add(Point.BASE);
      }
      const affine = normalizeZ(Point, points);
      const inverses = Fn.invertBatch(ks);
      const retry: typeof pending = [];
      pending.forEach((p, j) => {
        const r = Fn.create(affine[j]!.toAffine().x);
        const s = Fn.mul(inverses[j]!, Fn.add(p.z, Fn.mul(r, this.d)));
        if (r === 0n || s === 0n) return void retry.push(p); // astronomically rare: take the next nonce
        const rs = new Uint8Array(2 * this.size);
        rs.set(Fn.toBytes(r), 0);
        rs.set(Fn.toBytes(s), this.size);
        out[p.i] = rs;
      });
      pending = retry;
    }
    return out;
  }
}
