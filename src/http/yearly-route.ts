import type restify from 'restify';
import type { Logger } from '../log.js';
import { registerSignedDownload, type DownloadFormat } from './signed-download.js';
import { signPath } from './signed-links.js';

/** GET /arsoversikt/2026.html|.csv: the yearly overview through a signed link that expires. */

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

// No script, no outside requests: the page is self-contained (sent with the CSV too).
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// The page opens in the browser (to read and print); the CSV is saved.
const FORMATS: Record<YearlyFormat, DownloadFormat> = {
  html: { contentType: 'text/html; charset=utf-8', disposition: 'inline', csp: CSP },
  csv: { contentType: 'text/csv; charset=utf-8', disposition: 'attachment', csp: CSP },
};

export function registerYearlyRoute(server: restify.Server, deps: YearlyRouteDeps): void {
  registerSignedDownload(server, {
    route: '/arsoversikt/:file',
    what: 'yearly overview',
    secret: deps.secret,
    now: () => deps.now(),
    log: deps.log,
    formats: FORMATS,
    parse: (file) => {
      const name = YEARLY_FILE.exec(file);
      return name ? { key: Number(name[1]), format: name[2] as YearlyFormat } : undefined;
    },
    find: (year) => (deps.hasYear(year) ? year : undefined),
    unknown: 'unknownYear',
    render: (year, format) => {
      const rendered = deps.render(year);
      return { body: format === 'html' ? rendered.html : rendered.csv, filename: rendered.filename };
    },
    logKey: (year) => ({ year }),
    refusalLog: (file) => ({ file: file.slice(0, 40) }),
    logStack: true,
  });
}
