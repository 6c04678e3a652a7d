import type restify from 'restify';
import type { Logger } from '../log.js';
import { MIN_SECRET_BYTES, verifySignedPath, type SignedPathCheck } from './signed-links.js';

/**
 * A file served through a signed link that expires (the decision record, a round's compilation, the
 * yearly overview): GET <prefix>/:file. The name is checked first, then the signature, and only then
 * whether the thing exists, so a request without a valid link learns nothing about what there is.
 */

export const LINK_EXPIRED_TEXT = 'Länken har gått ut. / This link has expired.';

/** Headers and body as given: restify's res.send would replace text/csv by its own formatter's type. */
export function sendBody(res: restify.Response, status: number, contentType: string, body: Buffer, extra: Record<string, string> = {}): void {
  res.sendRaw(status, body, {
    'Content-Type': contentType,
    'Content-Length': String(body.length),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    // The signature is in the URL: do not pass it on to other sites.
    'Referrer-Policy': 'no-referrer',
    ...extra,
  });
}

export const sendText = (res: restify.Response, status: number, text: string): void =>
  sendBody(res, status, 'text/plain; charset=utf-8', Buffer.from(text, 'utf8'));

/** The request's exp and sig checked against its path as requested. */
export function checkSignedRequest(req: restify.Request, secret: string, now: Date): SignedPathCheck {
  const params = new URLSearchParams(req.getQuery());
  // A repeated parameter is refused as malformed, not read as its first value.
  const one = (key: string): string | undefined => {
    const all = params.getAll(key);
    return all.length === 1 ? all[0] : undefined;
  };
  return verifySignedPath(req.getPath(), { exp: one('exp'), sig: one('sig') }, secret, now);
}

/** How one format is sent: its type, whether the browser shows it (inline) or saves it, and for a page its Content-Security-Policy. */
export interface DownloadFormat {
  contentType: string;
  disposition: 'inline' | 'attachment';
  csp?: string;
}

export interface SignedDownload<K, T, F extends string> {
  /** The route, with a :file parameter: '/protokoll/:file'. */
  route: string;
  /** What the secret check and the log lines call it: 'protocol' → 'protocol downloaded'. */
  what: string;
  secret: string;
  now(): Date;
  log: Logger;
  formats: Record<F, DownloadFormat>;
  /** What a file name asks for; undefined when it is no such name (404 before the signature is checked). */
  parse(file: string): { key: K; format: F } | undefined;
  /** The thing to serve, asked only for a valid link; undefined is a 404 with the reason `unknown`. */
  find(key: K): T | undefined;
  unknown: string;
  render(item: T, format: F): { body: string; filename: string };
  /** Log fields naming what was asked for (no personal data). */
  logKey(key: K): Record<string, unknown>;
  /** Log fields of a refusal; key is given once the name has passed the signature (expired, unknown). */
  refusalLog(file: string, key?: K): Record<string, unknown>;
  /** A rendering error is logged with its stack rather than its message. */
  logStack?: boolean;
}

export function registerSignedDownload<K, T, F extends string>(server: restify.Server, deps: SignedDownload<K, T, F>): void {
  if (typeof deps.secret !== 'string' || Buffer.byteLength(deps.secret, 'utf8') < MIN_SECRET_BYTES)
    throw new Error(`the ${deps.what} link secret must be at least ${MIN_SECRET_BYTES} bytes`);

  server.get(deps.route, (req, res, next) => {
    const file = String((req.params as Record<string, unknown> | undefined)?.file ?? '');
    const refuse = (status: number, text: string, reason: string, key?: K) => {
      deps.log.warn({ status, reason, ...deps.refusalLog(file, key) }, `${deps.what} download refused`);
      sendText(res, status, text);
      return next();
    };
    const name = deps.parse(file);
    if (!name) return refuse(404, 'Not found', 'badName');
    const { key, format } = name;

    const check = checkSignedRequest(req, deps.secret, deps.now());
    if (check === 'bad') return refuse(403, 'Forbidden', 'badSignature');
    if (check === 'expired') return refuse(410, LINK_EXPIRED_TEXT, 'expired', key);

    const item = deps.find(key);
    if (item === undefined) return refuse(404, 'Not found', deps.unknown, key);

    let body: Buffer;
    let filename: string;
    try {
      const rendered = deps.render(item, format);
      body = Buffer.from(rendered.body, 'utf8');
      filename = `${rendered.filename.replace(/[^A-Za-z0-9._-]/g, '_')}.${format}`;
    } catch (err) {
      deps.log.error({ ...deps.logKey(key), err: deps.logStack ? ((err as Error).stack ?? String(err)) : (err as Error).message }, `${deps.what} rendering failed`);
      sendText(res, 500, 'Internal error');
      return next();
    }
    const how = deps.formats[format];
    sendBody(res, 200, how.contentType, body, {
      'Content-Disposition': `${how.disposition}; filename="${filename}"`,
      ...(how.csp ? { 'Content-Security-Policy': how.csp } : {}),
    });
    deps.log.info({ ...deps.logKey(key), format, bytes: body.length }, `${deps.what} downloaded`);
    return next();
  });
}

/** Reads `<id>.<format>` by a pattern whose one group is the format: the id upper-cased, the format lower-cased. */
function parseIdFile<F extends string>(pattern: RegExp, file: string): { key: string; format: F } | undefined {
  const name = pattern.exec(file);
  if (!name) return undefined;
  const format = name[1]!.toLowerCase() as F;
  return { key: file.slice(0, -(format.length + 1)).toUpperCase(), format };
}

/**
 * A download named `<id>.<format>` (a decision's record, a round's compilation): `pattern` has the
 * format as its one group; `idField` names the id in the log lines (a refusal names it once the
 * signature has been checked).
 */
export function registerIdFileDownload<T, F extends string>(
  server: restify.Server,
  deps: Omit<SignedDownload<string, T, F>, 'parse' | 'logKey' | 'refusalLog'> & { pattern: RegExp; idField: string },
): void {
  const { pattern, idField, ...rest } = deps;
  registerSignedDownload(server, {
    ...rest,
    parse: (file) => parseIdFile<F>(pattern, file),
    logKey: (id) => ({ [idField]: id }),
    refusalLog: (_file, id) => (id ? { [idField]: id } : {}),
  });
}
