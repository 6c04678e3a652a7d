import type restify from 'restify';
import { idPattern } from '../../domain/ids.js';
import { registerIdFileDownload, type DownloadFormat } from '../../http/signed-download.js';
import { signPath } from '../../http/signed-links.js';
import type { Logger } from '../../log.js';
import type { ConsultationRecord } from '../../store/schema.js';

/**
 * GET /remiss/R-2026-001.html|.md: a round's compilation through a signed link that expires, the page
 * shown in the browser to read and print, the Markdown as a download.
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

const FORMATS: Record<CompilationFormat, DownloadFormat> = {
  // Shown to read and print; the page runs nothing and loads nothing.
  html: {
    contentType: 'text/html; charset=utf-8',
    disposition: 'inline',
    csp: "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
  },
  md: { contentType: 'text/markdown; charset=utf-8', disposition: 'attachment' },
};

export function registerCompilationRoute(server: restify.Server, deps: CompilationRouteDeps): void {
  registerIdFileDownload(server, {
    route: '/remiss/:file',
    what: 'compilation',
    secret: deps.secret,
    now: () => deps.now(),
    log: deps.log,
    formats: FORMATS,
    pattern: COMPILATION_FILE,
    idField: 'consultationId',
    find: (id) => deps.find(id),
    unknown: 'unknownConsultation',
    render: (round, format) => {
      const rendered = deps.render(round);
      return { body: format === 'html' ? rendered.html : rendered.markdown, filename: rendered.filename };
    },
  });
}
