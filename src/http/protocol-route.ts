import type restify from 'restify';
import type { Logger } from '../log.js';
import { idPattern } from '../domain/ids.js';
import type { DecisionRecord } from '../store/schema.js';
import { registerIdFileDownload, type DownloadFormat } from './signed-download.js';
import { signPath } from './signed-links.js';

/** GET /protokoll/B-2026-003.csv|.md: the decision record as a download, through a signed link that expires. */

export const PROTOCOL_FILE = new RegExp(`^${idPattern('decision')}\\.(csv|md)$`, 'i');

export type ProtocolFormat = 'csv' | 'md';

export interface ProtocolRouteDeps {
  findDecision(id: string): DecisionRecord | undefined;
  render(decision: DecisionRecord): { markdown: string; csv: string; filename: string };
  secret: string;
  now(): Date;
  log: Logger;
}

const FORMATS: Record<ProtocolFormat, DownloadFormat> = {
  csv: { contentType: 'text/csv; charset=utf-8', disposition: 'attachment' },
  md: { contentType: 'text/markdown; charset=utf-8', disposition: 'attachment' },
};

/** The path to sign for a decision's record. */
export function protocolPath(decisionId: string, format: ProtocolFormat): string {
  return `/protokoll/${encodeURIComponent(decisionId)}.${format}`;
}

/** A signed path (no host) to the decision's record, valid until expiresAt. */
export function signedProtocolPath(decisionId: string, format: ProtocolFormat, secret: string, expiresAt: Date): string {
  return signPath(protocolPath(decisionId, format), secret, expiresAt);
}

export function registerProtocolRoutes(server: restify.Server, deps: ProtocolRouteDeps): void {
  registerIdFileDownload(server, {
    route: '/protokoll/:file',
    what: 'protocol',
    secret: deps.secret,
    now: () => deps.now(),
    log: deps.log,
    formats: FORMATS,
    pattern: PROTOCOL_FILE,
    idField: 'decisionId',
    find: (id) => deps.findDecision(id),
    unknown: 'unknownDecision',
    render: (decision, format) => {
      const rendered = deps.render(decision);
      return { body: format === 'csv' ? rendered.csv : rendered.markdown, filename: rendered.filename };
    },
  });
}
