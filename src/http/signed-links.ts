import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Links that need no sign-in but cannot be guessed or kept forever: the path and an expiry time,
 * signed with HMAC-SHA256 over "path|exp". The path is signed exactly as it is requested (no
 * decoding, no case folding), so any change to it, to exp or to sig makes the link fail.
 */

export const MIN_SECRET_BYTES = 32;

export type SignedPathCheck = 'ok' | 'bad' | 'expired';

function requireSecret(secret: string): void {
  if (typeof secret !== 'string' || Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES)
    throw new Error(`the link-signing secret must be at least ${MIN_SECRET_BYTES} bytes`);
}

const signature = (path: string, exp: string, secret: string): string =>
  createHmac('sha256', secret).update(`${path}|${exp}`, 'utf8').digest('base64url');

/** `path?exp=<unix seconds>&sig=<base64url HMAC>`; the link stops working at expiresAt. */
export function signPath(path: string, secret: string, expiresAt: Date): string {
  requireSecret(secret);
  if (!path.startsWith('/') || /[?#]/.test(path)) throw new Error('signPath: give a path that starts with / and has no query or fragment');
  const ms = expiresAt.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('signPath: invalid expiry time');
  const exp = String(Math.floor(ms / 1000));
  return `${path}?exp=${exp}&sig=${signature(path, exp, secret)}`;
}

/**
 * Checks a signed path: 'bad' when exp or sig is missing, malformed or does not match (also for an
 * expired link with a wrong signature), 'expired' for a genuine link past its time, else 'ok'.
 */
export function verifySignedPath(pathname: string, query: { exp?: unknown; sig?: unknown }, secret: string, now: Date): SignedPathCheck {
  requireSecret(secret);
  const { exp, sig } = query;
  if (typeof exp !== 'string' || !/^\d{1,12}$/.test(exp)) return 'bad';
  if (typeof sig !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return 'bad';
  // Compared as text, not as decoded bytes: Node's base64url decoder would accept variants of sig.
  const expected = Buffer.from(signature(pathname, exp, secret), 'utf8');
  const given = Buffer.from(sig, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad';
  return now.getTime() >= Number(exp) * 1000 ? 'expired' : 'ok';
}
