import type restify from 'restify';
import type { Logger } from '../log.js';
import { checkSignedRequest, LINK_EXPIRED_TEXT, sendBody, sendText } from './signed-download.js';
import { signPath } from './signed-links.js';

export const EXPORT_PATH = '/export/projekt.csv';

export function signedExportPath(secret: string, expiresAt: Date): string {
  return signPath(EXPORT_PATH, secret, expiresAt);
}

/** GET /export/projekt.csv with a signed, expiring link: all projects for the coordinators' reports. */
export function registerExportRoute(server: restify.Server, deps: { render(): { csv: string; filename: string }; secret: string; now(): Date; log: Logger }): void {
  server.get(EXPORT_PATH, (req, res, next) => {
    const check = checkSignedRequest(req, deps.secret, deps.now());
    if (check !== 'ok') {
      deps.log.warn({ reason: check }, 'project export refused');
      sendText(res, check === 'expired' ? 410 : 403, check === 'expired' ? LINK_EXPIRED_TEXT : 'Forbidden');
      return next();
    }
    const { csv, filename } = deps.render();
    const body = Buffer.from(csv, 'utf8');
    sendBody(res, 200, 'text/csv; charset=utf-8', body, { 'Content-Disposition': `attachment; filename="${filename}"` });
    deps.log.info({ bytes: body.length }, 'project export downloaded');
    return next();
  });
}
