import type restify from 'restify';
import type { Logger } from '../log.js';
import { idPattern } from '../domain/ids.js';
import type { DecisionRecord } from '../store/schema.js';
import { MIN_SECRET_BYTES, signPath, verifySignedPath } from './signed-links.js';

/**
 * GET /protokoll/B-2026-003.csv|.md: the decision record as a download, through a signed link that
 * expires. The name is checked first, then the signature, and only then whether the decision
 * exists, so a request without a valid link learns nothing about which decisions there are.
 */

export const PROTOCOL_FILE = new RegExp(`^${idPattern('decision')}\\.(csv|md)$`, 'i');

export type ProtocolFormat = 'csv' | 'md';

export interface ProtocolRouteDeps {
  findDecision(id: string): DecisionRecord | undefined;
  render(decision: DecisionRecord): { markdown: string; csv: string; filename: string };
  secret: string;
  now(): Date;
  log: Logger;
}

const CONTENT_TYPES: Record<ProtocolFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
};

/** The path to sign for a decision's record. */
export function protocolPath(decisionId: string, format: ProtocolFormat): string {
  return `/protokoll/${encodeURIComponent(decisionId)}.${format}`;
}

/** A signed path (no host) to the decision's record, valid until expiresAt. */
export function signedProtocolPath(decisionId: string, format: ProtocolFormat, secret: string, expiresAt: Date): string {
  return signPath(protocolPath(decisionId, format), secret, expiresAt);
}

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

export function registerProtocolRoutes(server: restify.Server, deps: ProtocolRouteDeps): void {
  if (typeof deps.secret !== 'string' || Buffer.byteLength(deps.secret, 'utf8') < MIN_SECRET_BYTES)
    throw new Error(`the protocol link secret must be at least ${MIN_SECRET_BYTES} bytes`);

  server.get('/protokoll/:file', (req, res, next) => {
    const file = String((req.params as Record<string, unknown> | undefined)?.file ?? '');
    const refuse = (status: number, text: string, reason: string, decisionId?: string) => {
      deps.log.warn({ status, reason, ...(decisionId ? { decisionId } : {}) }, 'protocol download refused');
      sendText(res, status, text);
      return next();
    };

    const name = PROTOCOL_FILE.exec(file);
    if (!name) return refuse(404, 'Not found', 'badName');
    const format = name[1]!.toLowerCase() as ProtocolFormat;
    const decisionId = file.slice(0, -(format.length + 1)).toUpperCase();

    const params = new URLSearchParams(req.getQuery());
    // A repeated parameter is refused as malformed, not read as its first value.
    const one = (key: string): string | undefined => {
      const all = params.getAll(key);
      return all.length === 1 ? all[0] : undefined;
    };
    const check = verifySignedPath(req.getPath(), { exp: one('exp'), sig: one('sig') }, deps.secret, deps.now());
    if (check === 'bad') return refuse(403, 'Forbidden', 'badSignature');
    if (check === 'expired') return refuse(410, 'Länken har gått ut. / This link has expired.', 'expired', decisionId);

    const decision = deps.findDecision(decisionId);
    if (!decision) return refuse(404, 'Not found', 'unknownDecision', decisionId);

    let body: Buffer;
    let filename: string;
    try {
      const rendered = deps.render(decision);
      body = Buffer.from(format === 'csv' ? rendered.csv : rendered.markdown, 'utf8');
      filename = `${rendered.filename.replace(/[^A-Za-z0-9._-]/g, '_')}.${format}`;
    } catch (err) {
      deps.log.error({ decisionId, err: (err as Error).message }, 'protocol rendering failed');
      sendText(res, 500, 'Internal error');
      return next();
    }
    sendBody(res, 200, CONTENT_TYPES[format], body, { 'Content-Disposition': `attachment; filename="${filename}"` });
    deps.log.info({ decisionId, format, bytes: body.length }, 'protocol downloaded');
    return next();
  });
}
