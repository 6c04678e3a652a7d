import { describe, expect, it } from 'vitest';
import { MIN_SECRET_BYTES, signPath, verifySignedPath } from '../../src/http/signed-links.js';

const SECRET = 'k'.repeat(MIN_SECRET_BYTES);
const OTHER_SECRET = 'o'.repeat(48);
const PATH = '/protokoll/B-2026-003.csv';
const NOW = new Date('2026-12-01T13:05:00.000Z');
const EXPIRES = new Date('2026-12-08T13:05:00.000Z');

/** Splits a signed link back into what the route sees: the path and the query. */
function parts(link: string): { path: string; query: { exp?: string; sig?: string } } {
  const url = new URL(link, 'http://localhost');
  return { path: url.pathname, query: { exp: url.searchParams.get('exp') ?? undefined, sig: url.searchParams.get('sig') ?? undefined } };
}

describe('signed links', () => {
  const link = signPath(PATH, SECRET, EXPIRES);
  const { path, query } = parts(link);

  it('signs path and expiry, and the untouched link verifies', () => {
    expect(link).toMatch(/^\/protokoll\/B-2026-003\.csv\?exp=\d+&sig=[A-Za-z0-9_-]{43}$/);
    expect(query.exp).toBe(String(EXPIRES.getTime() / 1000));
    expect(path).toBe(PATH);
    expect(verifySignedPath(path, query, SECRET, NOW)).toBe('ok');
    // The same inputs give the same link.
    expect(signPath(PATH, SECRET, EXPIRES)).toBe(link);
  });

  it('refuses a link to another path', () => {
    expect(verifySignedPath('/protokoll/B-2026-004.csv', query, SECRET, NOW)).toBe('bad');
    expect(verifySignedPath('/protokoll/B-2026-003.md', query, SECRET, NOW)).toBe('bad');
    expect(verifySignedPath('/protokoll/b-2026-003.csv', query, SECRET, NOW)).toBe('bad');
  });

  it('refuses a changed expiry, also one pushed into the future', () => {
    const later = String(Number(query.exp) + 3600);
    expect(verifySignedPath(path, { ...query, exp: later }, SECRET, NOW)).toBe('bad');
    expect(verifySignedPath(path, { ...query, exp: `0${query.exp}` }, SECRET, NOW)).toBe('bad');
    expect(verifySignedPath(path, { ...query, exp: `${query.exp}.0` }, SECRET, NOW)).toBe('bad');
  });

  it('refuses a changed, missing or malformed signature', () => {
    const sig = query.sig!;
    const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    expect(verifySignedPath(path, { ...query, sig: flipped }, SECRET, NOW)).toBe('bad');
    expect(verifySignedPath(path, { ...query, sig: `${sig}=` }, SECRET, NOW)).toBe('bad');
    expect(verifySignedPath(path, { ...query, sig: sig.slice(0, -1) }, SECRET, NOW)).toBe('bad');
    expect(verifySignedPath(path, { exp: query.exp }, SECRET, NOW)).toBe('bad');
    expect(verifySignedPath(path, { sig }, SECRET, NOW)).toBe('bad');
    expect(verifySignedPath(path, {}, SECRET, NOW)).toBe('bad');
    expect(verifySignedPath(path, { exp: [query.exp], sig: [sig] }, SECRET, NOW)).toBe('bad');
  });

  it('refuses a link signed with another secret', () => {
    expect(verifySignedPath(path, query, OTHER_SECRET, NOW)).toBe('bad');
    const forged = parts(signPath(PATH, OTHER_SECRET, EXPIRES));
    expect(verifySignedPath(forged.path, forged.query, SECRET, NOW)).toBe('bad');
  });

  it('reports a genuine link past its time as expired, and a forged one as bad', () => {
    expect(verifySignedPath(path, query, SECRET, new Date(EXPIRES.getTime() - 1))).toBe('ok');
    expect(verifySignedPath(path, query, SECRET, EXPIRES)).toBe('expired');
    expect(verifySignedPath(path, query, SECRET, new Date('2027-01-01T00:00:00.000Z'))).toBe('expired');
    expect(verifySignedPath(path, query, OTHER_SECRET, new Date('2027-01-01T00:00:00.000Z'))).toBe('bad');
  });

  it('refuses secrets shorter than 32 bytes', () => {
    const short = 'k'.repeat(MIN_SECRET_BYTES - 1);
    expect(() => signPath(PATH, short, EXPIRES)).toThrow(/at least 32 bytes/);
    expect(() => verifySignedPath(path, query, short, NOW)).toThrow(/at least 32 bytes/);
    expect(() => signPath(PATH, '', EXPIRES)).toThrow(Error);
    // Counted in bytes: 16 × "ö" is 32 bytes of UTF-8.
    expect(() => signPath(PATH, 'ö'.repeat(16), EXPIRES)).not.toThrow();
  });

  it('signs only a bare path', () => {
    expect(() => signPath(`${PATH}?x=1`, SECRET, EXPIRES)).toThrow();
    expect(() => signPath('protokoll/B-2026-003.csv', SECRET, EXPIRES)).toThrow();
    expect(() => signPath(PATH, SECRET, new Date(Number.NaN))).toThrow(RangeError);
  });
});
