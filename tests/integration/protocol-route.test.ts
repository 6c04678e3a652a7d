import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import restify from 'restify';
import { municipalities } from '../../src/config/partnership.js';
import { tallyDecision, type VoteRecord } from '../../src/domain/consensus.js';
import { renderProtocol } from '../../src/features/decisions/protocol.js';
import { registerProtocolRoutes, signedProtocolPath } from '../../src/http/protocol-route.js';
import { signPath } from '../../src/http/signed-links.js';
import { createLogger } from '../../src/log.js';
import { DecisionRecordSchema, type DecisionRecord } from '../../src/store/schema.js';
import { loadRealPartnership } from '../unit/_support.js';

/* A bare restify server with only the protocol route, on a free port, with fake store and clock. */

const SECRET = 'protocol-test-secret-0123456789abcdef';
const NOW = new Date('2026-12-01T13:05:00.000Z');
const partnership = await loadRealPartnership();
const members = municipalities(partnership);

// Parsed, so fields the store adds with defaults are there too.
const decision: DecisionRecord = DecisionRecordSchema.parse({
  id: 'B-2026-003',
  kind: 'jointFunds',
  question: 'Gemensamma medel till Trygg hemgång',
  background: 'Förslag P-2026-001.',
  amountSek: 150000,
  closesAt: '2026-12-10T15:00:00.000Z',
  createdBy: 'anna-lindqvist',
  createdByAad: '00000000-0000-0000-0000-000000000100',
  createdAt: '2026-11-23T09:00:00.000Z',
});
const votes: VoteRecord[] = [
  {
    decisionId: decision.id,
    memberId: 'gislaved',
    position: 'reject',
    reason: '=1+1; "nej"\nandra raden',
    personId: 'chief-gislaved',
    aadObjectId: '00000000-0000-0000-0000-000000000003',
    capacity: 'socialChief',
    at: '2026-11-30T10:00:00.000Z',
  },
];
const render = (d: DecisionRecord) =>
  renderProtocol({ decision: d, votes, members, people: partnership.people, tally: tallyDecision(d, votes, members, NOW), timeZone: 'Europe/Stockholm', locale: 'sv', generatedAt: NOW });

describe('GET /protokoll/:file', () => {
  let server: restify.Server;
  let base: string;
  let now = NOW;
  const lookups: string[] = [];
  const logLines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  let failRender = false;

  beforeAll(async () => {
    server = restify.createServer({ name: 'protocol-test', handleUncaughtExceptions: false });
    registerProtocolRoutes(server, {
      findDecision: (id) => {
        lookups.push(id);
        return id === decision.id ? decision : undefined;
      },
      render: (d) => {
        if (failRender) throw new Error('boom');
        return render(d);
      },
      secret: SECRET,
      now: () => now,
      log: createLogger('info', sink),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    now = NOW;
    failRender = false;
    lookups.length = 0;
    logLines.length = 0;
  });

  const week = new Date(NOW.getTime() + 7 * 86_400_000);
  const get = (path: string) => fetch(base + path);

  it('serves the rendered CSV as a download, byte for byte', async () => {
    const res = await get(signedProtocolPath(decision.id, 'csv', SECRET, week));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="protokoll-B-2026-003.csv"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.equals(Buffer.from(render(decision).csv, 'utf8'))).toBe(true);
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.toString('utf8')).toContain(`"'=1+1; ""nej""\nandra raden"`);
    expect(Number(res.headers.get('content-length'))).toBe(body.length);

    const line = logLines.find((l) => l.msg === 'protocol downloaded');
    expect(line).toMatchObject({ decisionId: 'B-2026-003', format: 'csv', level: 30 });
    // No personal data in the log: no names, no reasons, no link secrets.
    const logged = JSON.stringify(logLines);
    for (const text of ['Maria Sandberg', 'Anna Lindqvist', 'andra raden', 'sig=']) expect(logged).not.toContain(text);
  });

  it('serves the Markdown', async () => {
    const res = await get(signedProtocolPath(decision.id, 'md', SECRET, week));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="protokoll-B-2026-003.md"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toBe(render(decision).markdown);
  });

  it('refuses a missing or bad signature with a bare 403, before looking the decision up', async () => {
    const signed = signedProtocolPath(decision.id, 'csv', SECRET, week);
    const [path, query] = signed.split('?') as [string, string];
    const sig = new URLSearchParams(query).get('sig')!;
    const exp = new URLSearchParams(query).get('exp')!;
    const attempts = [
      path,
      `${path}?exp=${exp}`,
      `${path}?exp=${exp}&sig=${sig.slice(0, -2)}AA`,
      `${path}?exp=${Number(exp) + 60}&sig=${sig}`,
      `${path}?exp=${exp}&sig=${sig}&sig=${sig}`,
      `/protokoll/B-2026-004.csv?${query}`,
      `/protokoll/B-2026-003.md?${query}`,
      signedProtocolPath(decision.id, 'csv', 'another-secret-of-enough-length-1234', week),
    ];
    for (const attempt of attempts) {
      const res = await get(attempt);
      expect(res.status, attempt).toBe(403);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBeNull();
      expect(await res.text()).toBe('Forbidden');
    }
    expect(lookups).toEqual([]);
    expect(logLines.filter((l) => l.msg === 'protocol download refused' && l.reason === 'badSignature')).toHaveLength(attempts.length);
    expect(logLines.every((l) => l.decisionId === undefined)).toBe(true);
  });

  it('answers 410 for a genuine link past its time', async () => {
    const link = signedProtocolPath(decision.id, 'csv', SECRET, week);
    now = week;
    const res = await get(link);
    expect(res.status).toBe(410);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).not.toContain('B-2026');
    expect(lookups).toEqual([]);
    expect(logLines.at(-1)).toMatchObject({ msg: 'protocol download refused', reason: 'expired', decisionId: 'B-2026-003', level: 40 });
  });

  it('answers 404 for an unknown decision, and for names that are not a record', async () => {
    const unknown = await get(signedProtocolPath('B-2026-099', 'csv', SECRET, week));
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe('Not found');
    expect(lookups).toEqual(['B-2026-099']);
    expect(logLines.at(-1)).toMatchObject({ reason: 'unknownDecision', decisionId: 'B-2026-099' });

    for (const name of ['B-2026-003.pdf', 'B-2026-03.csv', 'B-2026-003.csv.exe', 'P-2026-001.csv', '..%2F..%2Fetc%2Fpasswd', 'B-2026-003']) {
      const res = await get(signPath(`/protokoll/${name}`, SECRET, week));
      expect(res.status, name).toBe(404);
      expect(await res.text()).toBe('Not found');
    }
    expect(lookups).toEqual(['B-2026-099']);
  });

  it('answers 500 without details when the record cannot be rendered', async () => {
    failRender = true;
    const res = await get(signedProtocolPath(decision.id, 'csv', SECRET, week));
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('Internal error');
    expect(logLines.at(-1)).toMatchObject({ msg: 'protocol rendering failed', decisionId: 'B-2026-003', level: 50 });
  });

  it('will not start with a short secret', () => {
    const other = restify.createServer();
    expect(() => registerProtocolRoutes(other, { findDecision: () => undefined, render, secret: 'short', now: () => NOW, log: createLogger('silent') })).toThrow(/32 bytes/);
  });
});
