import type restify from 'restify';
import type { Logger } from '../log.js';
import { sendBody, sendText } from './protocol-route.js';
import { MIN_SECRET_BYTES, signPath, verifySignedPath } from './signed-links.js';

/**
 * GET /arsoversikt/2026.html|.csv: the yearly overview through a signed link that expires. The name
 * is checked first, then the signature, and only then the year, so a request without a valid link
 * learns nothing.
 */

const YEARLY_FILE = /^(\d{4})\.(html|csv)$/;

export type YearlyFormat = 'html' | 'csv';

export function yearlyPath(year: number, format: YearlyFormat): string {
  return `/arsoversikt/${year}.${format}`;
}

export function signedYearlyPath(year: number, format: YearlyFormat, secret: string, expiresAt: Date): string {
  return signPath(yearlyPath(year, format), secret, expiresAt);
}

export interface YearlyRouteDeps {
  /** Whether the year can be shown (not before the partnership's data, not in the future). */
  hasYear(year: number): boolean;
  render(year: number): { html: string; csv: string; filename: string };
  secret: string;
  now(): Date;
  log: Logger;
}

const CONTENT_TYPES: Record<YearlyFormat, string> = {
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

export function registerYearlyRoute(server: restify.Server, deps: YearlyRouteDeps): void {
  if (typeof deps.secret !== 'string' || Buffer.byteLength(deps.secret, 'utf8') < MIN_SECRET_BYTES)
    throw new Error(`the yearly overview link secret must be at least ${MIN_SECRET_BYTES} bytes`);

  server.get('/arsoversikt/:file', (req, res, next) => {
    const file = String((req.params as Record<string, unknown> | undefined)?.file ?? '');
    const refuse = (status: number, text: string, reason: string) => {
      deps.log.warn({ status, reason, file: file.slice(0, 40) }, 'yearly overview download refused');
      sendText(res, status, text);
      return next();
    };
    const name = YEARLY_FILE.exec(file);
    if (!name) return refuse(404, 'Not found', 'badName');
    const params = new URLSearchParams(req.getQuery());
    // A repeated parameter is refused as malformed, not read as its first value.
    const one = (key: string) => (params.getAll(key).length === 1 ? params.get(key)! : undefined);
    const check = verifySignedPath(req.getPath(), { exp: one('exp'), sig: one('sig') }, deps.secret, deps.now());
    if (check === 'bad') return refuse(403, 'Forbidden', 'badSignature');
    if (check === 'expired') return refuse(410, 'Länken har gått ut. / This link has expired.', 'expired');
    const year = Number(name[1]);
    const format = name[2] as YearlyFormat;
    if (!deps.hasYear(year)) return refuse(404, 'Not found', 'unknownYear');

    let body: Buffer;
    let filename: string;
    try {
      const rendered = deps.render(year);
      body = Buffer.from(format === 'html' ? rendered.html : rendered.csv, 'utf8');
      filename = `${rendered.filename.replace(/[^A-Za-z0-9._-]/g, '_')}.${format}`;
    } catch (err) {
      deps.log.error({ year, err: (err as Error).stack ?? String(err) }, 'yearly overview rendering failed');
      sendText(res, 500, 'Internal error');
      return next();
    }
    sendBody(res, 200, CONTENT_TYPES[format], body, {
      // The page opens in the browser (to read and print); the CSV is saved.
      'Content-Disposition': `${format === 'html' ? 'inline' : 'attachment'}; filename="${filename}"`,
      // No script, no outside requests: the page is self-contained.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    });
    deps.log.info({ year, format, bytes: body.length }, 'yearly overview downloaded');
    return next();
  });
}
