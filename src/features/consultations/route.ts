import type restify from 'restify';
import { idPattern } from '../../domain/ids.js';
import { sendBody, sendText } from '../../http/protocol-route.js';
import { MIN_SECRET_BYTES, signPath, verifySignedPath } from '../../http/signed-links.js';
import type { Logger } from '../../log.js';
import type { ConsultationRecord } from '../../store/schema.js';

/**
 * GET /remiss/R-2026-001.html|.md: a round's compilation through a signed link that expires, the page
 * shown in the browser to read and print, the Markdown as a download. The name is checked first, then
 * the signature, and only then whether the round exists, so a request without a valid link learns
 * nothing about which rounds there are.
 */

export type CompilationFormat = 'html' | 'md';

const COMPILATION_FILE = new RegExp(`^${idPattern('consultation')}\\.(html|md)$`, 'i');

export function compilationPath(consultationId: string, format: CompilationFormat): string {
  return `/remiss/${encodeURIComponent(consultationId)}.${format}`;
}

/** A signed path (no host) to the round's compilation, valid until expiresAt. */
export function signedCompilationPath(consultationId: string, format: CompilationFormat, secret: string, expiresAt: Date): string {
  return signPath(compilationPath(consultationId, format), secret, expiresAt);
}

export interface CompilationRouteDeps {
  find(id: string): ConsultationRecord | undefined;
  render(round: ConsultationRecord): { html: string; markdown: string; filename: string };
  secret: string;
  now(): Date;
  log: Logger;
}

export function registerCompilationRoute(server: restify.Server, deps: CompilationRouteDeps): void {
  if (typeof deps.secret !== 'string' || Buffer.byteLength(deps.secret, 'utf8') < MIN_SECRET_BYTES)
    throw new Error(`the compilation link secret must be at least ${MIN_SECRET_BYTES} bytes`);

  server.get('/remiss/:file', (req, res, next) => {
    const file = String((req.params as Record<string, unknown> | undefined)?.file ?? '');
    const refuse = (status: number, text: string, reason: string, consultationId?: string) => {
      deps.log.warn({ status, reason, ...(consultationId ? { consultationId } : {}) }, 'compilation download refused');
      sendText(res, status, text);
      return next();
    };
    const name = COMPILATION_FILE.exec(file);
    if (!name) return refuse(404, 'Not found', 'badName');
    const format = name[1]!.toLowerCase() as CompilationFormat;
    const consultationId = file.slice(0, -(format.length + 1)).toUpperCase();

    const params = new URLSearchParams(req.getQuery());
    // A repeated parameter is refused as malformed, not read as its first value.
    const one = (key: string): string | undefined => {
      const all = params.getAll(key);
      return all.length === 1 ? all[0] : undefined;
    };
    const check = verifySignedPath(req.getPath(), { exp: one('exp'), sig: one('sig') }, deps.secret, deps.now());
    if (check === 'bad') return refuse(403, 'Forbidden', 'badSignature');
    if (check === 'expired') return refuse(410, 'Länken har gått ut. / This link has expired.', 'expired', consultationId);

    const round = deps.find(consultationId);
    if (!round) return refuse(404, 'Not found', 'unknownConsultation', consultationId);

    let body: Buffer;
    let filename: string;
    try {
      const rendered = deps.render(round);
      body = Buffer.from(format === 'html' ? rendered.html : rendered.markdown, 'utf8');
      filename = `${rendered.filename.replace(/[^A-Za-z0-9._-]/g, '_')}.${format}`;
    } catch (err) {
      deps.log.error({ consultationId, err: (err as Error).message }, 'compilation rendering failed');
      sendText(res, 500, 'Internal error');
      return next();
    }
    if (format === 'html')
      // Shown to read and print; the page runs nothing and loads nothing.
      sendBody(res, 200, 'text/html; charset=utf-8', body, {
        'Content-Disposition': `inline; filename="${filename}"`,
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
      });
    else sendBody(res, 200, 'text/markdown; charset=utf-8', body, { 'Content-Disposition': `attachment; filename="${filename}"` });
    deps.log.info({ consultationId, format, bytes: body.length }, 'compilation downloaded');
    return next();
  });
}
