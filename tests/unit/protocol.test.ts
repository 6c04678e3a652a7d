import { describe, expect, it } from 'vitest';
import { municipalities } from '../../src/config/partnership.js';
import { tallyDecision, type Position, type VoteRecord } from '../../src/domain/consensus.js';
import { csvField, renderProtocol, type ProtocolDecision, type ProtocolInput } from '../../src/features/decisions/protocol.js';
import { loadRealPartnership } from './_support.js';

/*
 * The decision record (Protokoll) of rules 2–3: built by hand from decisions and votes, with the real
 * partnership config and the real tally. Times straddle the switch to summer time on 29 March 2026
 * (CET, UTC+1 → CEST, UTC+2), so every Swedish wall-clock time below is checked against its offset.
 */

const partnership = await loadRealPartnership();
const members = municipalities(partnership);
const ids = members.map((m) => m.id);
const TZ = 'Europe/Stockholm';

const DECISION = 'B-2026-003';
const decision: ProtocolDecision = {
  id: DECISION,
  kind: 'jointFunds',
  question: 'Gemensamma medel till Trygg hemgång',
  background: 'Förslag P-2026-001 söker 150 000 kr.\n# inte en rubrik\n- inte en lista',
  amountSek: 150000,
  closesAt: '2026-04-10T14:00:00.000Z', // 16:00 CEST
  createdBy: 'anna-lindqvist',
  createdAt: '2026-03-26T08:00:00.000Z', // 09:00 CET
};

/** Friday 27 March 2026, 14:05 Stockholm winter time (CET). */
const WINTER = Date.parse('2026-03-27T13:05:00.000Z');
/** Monday 30 March 2026, 14:05 Stockholm summer time (CEST). */
const SUMMER = Date.parse('2026-03-30T12:05:00.000Z');
const min = (base: number, minutes: number): string => new Date(base + minutes * 60_000).toISOString();

let seq = 0;
function vote(memberId: string, position: Position, at: string, extra: Partial<VoteRecord> = {}): VoteRecord {
  seq += 1;
  return {
    decisionId: DECISION,
    memberId,
    position,
    personId: `chief-${memberId}`,
    aadObjectId: `00000000-0000-0000-0000-${String(seq).padStart(12, '0')}`,
    capacity: 'socialChief',
    at,
    activityId: `activity-${seq}`,
    ...extra,
  };
}
const deputy = { personId: 'deputy-eksjo', aadObjectId: '00000000-0000-0000-0000-000000000201', capacity: 'deputyChief' } as const;
const COMMITTEE = { reference: 'SN 2026/41 § 12', date: '2026-03-30' };
const committee = { personId: 'anna-lindqvist', aadObjectId: '00000000-0000-0000-0000-000000000100', capacity: 'committee', committee: COMMITTEE } as const;

function input(d: ProtocolDecision, votes: VoteRecord[], generatedAt: Date, extra: Partial<ProtocolInput> = {}): ProtocolInput {
  return {
    decision: d,
    votes,
    members,
    people: partnership.people,
    tally: tallyDecision(d, votes, members, generatedAt),
    timeZone: TZ,
    locale: 'sv',
    generatedAt,
    ...extra,
  };
}

/** A tiny RFC 4180 reader with `;` as separator: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i += 1;
      } else {
        field += ch;
        i += 1;
      }
    } else if (ch === '"') {
      if (field !== '') throw new Error(`stray quote at ${i}`);
      quoted = true;
      i += 1;
    } else if (ch === ';') {
      row.push(field);
      field = '';
      i += 1;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (ch === '\r' || ch === '\n') {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else {
      field += ch;
      i += 1;
    }
  }
  if (quoted) throw new Error('unterminated quote');
  if (field !== '' || row.length) throw new Error('last record lacks CRLF');
  return rows;
}

const HEADER = ['Beslut', 'Kommun', 'Kommunkod', 'Ställning', 'Räknas', 'Avgiven av', 'Roll', 'Tidpunkt', 'Skäl', 'Nämndreferens', 'Nämnddatum'];

function csvRows(csv: string): Record<string, string>[] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const [head, ...rest] = parseCsv(csv.slice(1));
  expect(head).toEqual(HEADER);
  for (const r of rest) expect(r).toHaveLength(HEADER.length);
  return rest.map((r) => Object.fromEntries(HEADER.map((h, i) => [h, r[i]!])));
}

/** The Markdown table row that starts with this cell. */
const mdRow = (markdown: string, section: string, first: string): string => {
  const part = markdown.slice(markdown.indexOf(`## ${section}`));
  const line = part.split('\n').find((l) => l.startsWith(`| ${first} |`));
  if (!line) throw new Error(`no row "${first}" in ${section}:\n${part}`);
  return line;
};
/** Cells of a Markdown table row, splitting only on unescaped pipes. */
const mdCells = (line: string): string[] =>
  line
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((c) => c.trim());

describe('the decision record (protokoll)', () => {
  describe('a consensus of all 13, with a deputy and a committee decision', () => {
    // Ten chiefs approve on Friday (winter time); Gislaved first refers, then approves.
    const early = ids.filter((id) => !['eksjo', 'habo', 'gislaved'].includes(id)).map((id, i) => vote(id, 'approve', min(WINTER, i)));
    const gislavedRefers = vote('gislaved', 'refer', min(WINTER, 20));
    const habo = vote('habo', 'refer', min(WINTER, 30));
    // Monday (summer time): Gislaved changes to approve, Habo's committee approves, Eksjö's deputy decides it.
    const gislavedApproves = vote('gislaved', 'approve', min(SUMMER, 0));
    const haboCommittee = vote('habo', 'approve', min(SUMMER, 10), committee);
    const eksjoDeputy = vote('eksjo', 'approve', min(SUMMER, 20), deputy);
    // After the outcome: Aneby's chief tries to withdraw.
    const late = vote('aneby', 'reject', min(SUMMER, 60), { reason: 'Ångrar oss.' });
    const votes = [late, eksjoDeputy, ...early, haboCommittee, gislavedRefers, habo, gislavedApproves];
    const generatedAt = new Date('2026-04-01T08:00:00.000Z'); // 10:00 CEST
    const protocol = renderProtocol(input(decision, votes, generatedAt));

    it('is settled by the deputy, and ignores the late withdrawal', () => {
      const tally = tallyDecision(decision, votes, members, generatedAt);
      expect(tally.status).toBe('consensus');
      expect(tally.settledAt).toBe(eksjoDeputy.at);
    });

    it('heads the Markdown with the question, the facts and the outcome, in Swedish time', () => {
      const md = protocol.markdown;
      expect(md.startsWith('# Protokoll — Beslut B-2026-003\n')).toBe(true);
      expect(md).toContain('- **Fråga:** Gemensamma medel till Trygg hemgång');
      expect(md).toContain('- **Typ av beslut:** Gemensamma medel för projekt');
      expect(md).toContain('- **Belopp:** 150 000 kr');
      expect(md).toContain('- **Öppnat av:** Anna Lindqvist, 2026-03-26 09:00');
      expect(md).toContain('- **Röstning stänger:** 2026-04-10 16:00');
      expect(md).toContain('- **Utfall:** **Beslutat i konsensus** — alla 13 kommuner har godkänt');
      expect(md).toContain('- **Avgjort:** 2026-03-30 14:25');
      expect(md).not.toContain('Stängt av samordnare');
      // The background cannot make headings or lists of its own.
      expect(md).toContain('> \\# inte en rubrik');
      expect(md).toContain('> \\- inte en lista');
      expect(md).toMatch(/Tider anges i tidszon Europe\/Stockholm\. Utskrivet 2026-04-01 10:00\n$/);
      expect(protocol.filename).toBe('protokoll-B-2026-003');
    });

    it("lists every municipality's final voice: who, in which capacity, when, and the committee reference", () => {
      const md = protocol.markdown;
      const section = 'Kommunernas ställning';
      expect(md).toContain('| Kommun | Ställning | Avgiven av | Roll | Tidpunkt | Skäl | Nämndreferens | Nämnddatum |');
      for (const m of members) expect(mdCells(mdRow(md, section, m.name))[1]).toBe('Godkänt');
      expect(mdCells(mdRow(md, section, 'Aneby'))).toEqual(['Aneby', 'Godkänt', 'Karin Ek', 'socialchef', '2026-03-27 14:05', '', '', '']);
      expect(mdCells(mdRow(md, section, 'Eksjö'))).toEqual(['Eksjö', 'Godkänt', 'Nora Eklund', 'ersättare', '2026-03-30 14:25', '', '', '']);
      expect(mdCells(mdRow(md, section, 'Habo'))).toEqual(['Habo', 'Godkänt', 'Anna Lindqvist', 'nämndbeslut', '2026-03-30 14:15', '', 'SN 2026/41 § 12', '2026-03-30']);
      expect(mdCells(mdRow(md, section, 'Gislaved'))[4]).toBe('2026-03-30 14:05');
    });

    it('keeps the full history in time order, marking replaced votes and the vote after the outcome', () => {
      const md = protocol.markdown;
      const history = md.slice(md.indexOf('## Ändringshistorik'), md.indexOf('\n---\n'));
      const rows = history.split('\n').filter((l) => /^\| \d{4}-/.test(l)).map(mdCells);
      expect(rows).toHaveLength(votes.length);
      const times = rows.map((r) => r[0]!);
      expect([...times].sort()).toEqual(times);
      expect(rows.find((r) => r[1] === 'Gislaved' && r[2] === 'Hos nämnd')?.[8]).toBe('ersatt av senare röst');
      expect(rows.find((r) => r[1] === 'Habo' && r[2] === 'Hos nämnd')?.[8]).toBe('ersatt av senare röst');
      expect(rows.find((r) => r[1] === 'Habo' && r[2] === 'Godkänt')?.slice(4)).toEqual(['nämndbeslut', '', 'SN 2026/41 § 12', '2026-03-30', 'räknas']);
      expect(rows.at(-1)).toEqual(['2026-03-30 15:05', 'Aneby', 'Avslaget', 'Karin Ek', 'socialchef', 'Ångrar oss.', '', '', 'räknas inte — efter avgörandet']);
      expect(rows.filter((r) => r[8] === 'räknas')).toHaveLength(13);
    });

    it('writes a CSV row per vote record, with exactly one counting voice per municipality', () => {
      expect(protocol.csv.endsWith('\r\n')).toBe(true);
      expect(protocol.csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      const rows = csvRows(protocol.csv);
      expect(rows).toHaveLength(votes.length);
      expect(rows.every((r) => r.Beslut === DECISION)).toBe(true);
      const counting = rows.filter((r) => r['Räknas'] === 'ja');
      expect(counting.map((r) => r.Kommun)).toEqual(members.map((m) => m.name));
      expect(counting.every((r) => r['Ställning'] === 'Godkänt')).toBe(true);
      expect(rows.find((r) => r.Kommun === 'Habo' && r['Räknas'] === 'ja')).toEqual({
        Beslut: DECISION,
        Kommun: 'Habo',
        Kommunkod: '0643',
        Ställning: 'Godkänt',
        Räknas: 'ja',
        'Avgiven av': 'Anna Lindqvist',
        Roll: 'nämndbeslut',
        Tidpunkt: '2026-03-30 14:15',
        Skäl: '',
        Nämndreferens: 'SN 2026/41 § 12',
        Nämnddatum: '2026-03-30',
      });
      expect(rows.find((r) => r.Kommun === 'Eksjö')).toMatchObject({ 'Avgiven av': 'Nora Eklund', Roll: 'ersättare', Kommunkod: '0686' });
      const aneby = rows.filter((r) => r.Kommun === 'Aneby');
      expect(aneby.map((r) => [r['Ställning'], r['Räknas'], r.Tidpunkt])).toEqual([
        ['Godkänt', 'ja', '2026-03-27 14:05'],
        ['Avslaget', 'nej', '2026-03-30 15:05'],
      ]);
      expect(rows.filter((r) => r.Kommun === 'Gislaved').map((r) => [r['Ställning'], r['Räknas']])).toEqual([
        ['Hos nämnd', 'nej'],
        ['Godkänt', 'ja'],
      ]);
      expect(rows.some((r) => r['Ställning'] === 'Ej röstat')).toBe(false);
    });

    it('ignores the votes of other decisions', () => {
      const other = { ...vote('aneby', 'reject', min(WINTER, -5), { reason: 'annat beslut' }), decisionId: 'B-2026-004' };
      const again = renderProtocol(input(decision, [other, ...votes], generatedAt));
      expect(again.csv).toBe(protocol.csv);
      expect(again.markdown).toBe(protocol.markdown);
    });
  });

  describe('a rejection whose reason tries to break the files', () => {
    const REASON = '=HYPERLINK("https://evil.example";"klicka")\nandra raden; med "citat" | och rör';
    const approvals = ['aneby', 'eksjo', 'gnosjo'].map((id, i) => vote(id, 'approve', min(WINTER, i)));
    const rejection = vote('gislaved', 'reject', min(SUMMER, 0), { reason: REASON });
    const votes = [...approvals, rejection];
    const generatedAt = new Date('2026-03-31T07:00:00.000Z');
    const protocol = renderProtocol(input(decision, votes, generatedAt));

    it('states who rejected and why, on one line', () => {
      const outcome = protocol.markdown.split('\n').find((l) => l.startsWith('- **Utfall:**'))!;
      expect(outcome).toContain('**Ej konsensus** — avslag från Gislaved med skäl: ”=HYPERLINK("https://evil.example";"klicka") andra raden; med "citat" \\| och rör”');
      expect(protocol.markdown).toContain('- **Avgjort:** 2026-03-30 14:05');
    });

    it('escapes | and line breaks inside the Markdown tables', () => {
      const line = mdRow(protocol.markdown, 'Kommunernas ställning', 'Gislaved');
      expect(line).toContain('\\|');
      expect(line).toContain('<br>');
      expect(line.match(/(?<!\\)\|/g)).toHaveLength(9); // 8 columns
      expect(mdCells(line)[5]).toBe('=HYPERLINK("https://evil.example";"klicka")<br>andra raden; med "citat" \\| och rör');
      expect(mdCells(mdRow(protocol.markdown, 'Kommunernas ställning', 'Habo')).slice(0, 3)).toEqual(['Habo', 'Ej röstat', '']);
    });

    it('quotes the reason in the CSV and defuses the formula, and lists the silent municipalities', () => {
      const rows = csvRows(protocol.csv);
      const gislaved = rows.find((r) => r.Kommun === 'Gislaved')!;
      expect(gislaved).toMatchObject({ Ställning: 'Avslaget', Räknas: 'ja', Tidpunkt: '2026-03-30 14:05', 'Avgiven av': 'Maria Sandberg' });
      expect(gislaved['Skäl']).toBe(`'${REASON}`);
      // The raw text: quoted, inner quotes doubled, the line break kept inside the quotes.
      expect(protocol.csv).toContain(`"'=HYPERLINK(""https://evil.example"";""klicka"")\nandra raden; med ""citat"" | och rör"`);
      const silent = rows.filter((r) => r['Ställning'] === 'Ej röstat');
      expect(silent.map((r) => r.Kommun)).toEqual(members.filter((m) => !['aneby', 'eksjo', 'gnosjo', 'gislaved'].includes(m.id)).map((m) => m.name));
      expect(silent.every((r) => r['Räknas'] === 'nej' && r['Avgiven av'] === '' && r.Kommunkod?.length === 4)).toBe(true);
      expect(rows).toHaveLength(votes.length + silent.length);
    });
  });

  describe('missing answers at the close', () => {
    const d: ProtocolDecision = { ...decision, id: DECISION, kind: 'operationalPlan', amountSek: null };
    const approvals = ids.filter((id) => id !== 'habo' && id !== 'tranas').map((id, i) => vote(id, 'approve', min(SUMMER, i)));
    const habo = vote('habo', 'refer', min(SUMMER, 30));
    const tranasLate = vote('tranas', 'approve', '2026-04-10T14:00:00.000Z'); // exactly at the close: too late
    const votes = [...approvals, habo, tranasLate];
    const generatedAt = new Date('2026-04-11T07:00:00.000Z');
    const protocol = renderProtocol(input(d, votes, generatedAt));

    it('names who was missing, the one at committee included, and no amount', () => {
      expect(protocol.markdown).toContain('- **Utfall:** **Ej konsensus** — saknade svar från Habo (hos nämnd) och Tranås');
      expect(protocol.markdown).toContain('- **Typ av beslut:** Verksamhetsplan');
      expect(protocol.markdown).toContain('- **Avgjort:** 2026-04-10 16:00');
      expect(protocol.markdown).not.toContain('Belopp');
      expect(mdCells(mdRow(protocol.markdown, 'Kommunernas ställning', 'Habo'))[1]).toBe('Hos nämnd');
      expect(mdCells(mdRow(protocol.markdown, 'Kommunernas ställning', 'Tranås')).slice(0, 3)).toEqual(['Tranås', 'Ej röstat', '']);
      expect(protocol.markdown).toContain('| 2026-04-10 16:00 | Tranås | Godkänt | Mikael Strand | socialchef |  |  |  | räknas inte — efter avgörandet |');
    });

    it('keeps the late vote in the CSV, not counting, beside an "Ej röstat" row', () => {
      const tranas = csvRows(protocol.csv).filter((r) => r.Kommun === 'Tranås');
      expect(tranas.map((r) => [r['Ställning'], r['Räknas']])).toEqual([
        ['Godkänt', 'nej'],
        ['Ej röstat', 'nej'],
      ]);
    });
  });

  it('closed early by a coordinator, and still open', () => {
    const votes = ['aneby', 'eksjo'].map((id, i) => vote(id, 'approve', min(WINTER, i)));
    const early: ProtocolDecision = { ...decision, closedAt: '2026-03-28T09:00:00.000Z' };
    const closed = renderProtocol(input(early, votes, new Date('2026-03-29T10:00:00.000Z')));
    expect(closed.markdown).toContain('- **Stängt av samordnare:** 2026-03-28 10:00');
    expect(closed.markdown).toMatch(/\*\*Ej konsensus\*\* — stängt i förtid; saknade svar från Gislaved, Gnosjö, .* och Värnamo\n/);

    // As the store keeps it: who extended, who closed.
    const kept: ProtocolDecision = {
      ...early,
      closesAt: '2026-04-17T14:00:00.000Z',
      proposalId: 'P-2026-001',
      revises: 'B-2026-002',
      changes: [
        { at: '2026-03-28T09:00:00.000Z', personId: 'anna-lindqvist', action: 'closed', from: '2026-04-17T14:00:00.000Z', to: '2026-03-28T09:00:00.000Z' },
        { at: '2026-03-27T08:00:00.000Z', personId: 'anna-lindqvist', action: 'extended', from: '2026-04-10T14:00:00.000Z', to: '2026-04-17T14:00:00.000Z' },
      ],
    };
    const withChanges = renderProtocol(input(kept, votes, new Date('2026-03-29T10:00:00.000Z'))).markdown;
    expect(withChanges).toContain('- **Förslag:** P-2026-001\n- **Ersätter:** B-2026-002\n- **Öppnat av:**');
    expect(withChanges).toContain(
      '- **Förlängt:** från 2026-04-10 16:00 till 2026-04-17 16:00 (Anna Lindqvist, 2026-03-27 09:00)\n- **Stängt av samordnare:** 2026-03-28 10:00 (Anna Lindqvist)\n- **Utfall:**',
    );
    expect(withChanges.match(/Stängt av samordnare/g)).toHaveLength(1);

    const open = renderProtocol(input(decision, votes, new Date('2026-03-29T10:00:00.000Z')));
    expect(open.markdown).toContain('- **Utfall:** **Öppet för röster** — 2 av 13 kommuner har godkänt');
    expect(open.markdown).not.toContain('Avgjort');
    expect(open.markdown).toContain('Utskrivet 2026-03-29 12:00');
  });

  it('escapes Markdown in the question and keeps an empty history readable', () => {
    const d = { ...decision, question: '# Rubrik <script>alert(1)</script> | *fet*\nrad två' };
    const md = renderProtocol(input(d, [], new Date('2026-03-27T10:00:00.000Z'))).markdown;
    expect(md).toContain('- **Fråga:** # Rubrik \\<script\\>alert(1)\\</script\\> \\| \\*fet\\* rad två');
    expect(md).toContain('## Ändringshistorik\n\nInga röster har lämnats.');
  });

  it('has an English variant', () => {
    const votes = [vote('aneby', 'approve', min(WINTER, 0)), vote('eksjo', 'reject', min(WINTER, 1), { ...deputy, reason: 'No budget.' })];
    const p = renderProtocol(input(decision, votes, new Date('2026-03-28T10:00:00.000Z'), { locale: 'en' }));
    expect(p.markdown.startsWith('# Minutes — Decision B-2026-003\n')).toBe(true);
    expect(p.markdown).toContain('- **Amount:** 150,000 SEK');
    expect(p.markdown).toContain('- **Type of decision:** Joint funds for a project');
    expect(p.markdown).toContain('**No consensus** — rejected by Eksjö with the reason: “No budget.”');
    expect(p.markdown).toContain('| Eksjö | Rejected | Nora Eklund | deputy | 2026-03-27 14:06 | No budget. |  |  |');
    expect(p.markdown).toContain('Printed 2026-03-28 11:00');
    expect(p.csv.split('\r\n')[0]).toBe('\uFEFFDecision;Municipality;Municipality code;Position;Counts;Cast by;Capacity;Time;Reason;Committee reference;Committee date');
    expect(p.filename).toBe('protokoll-B-2026-003');
  });

  it('refuses an unknown time zone rather than print wrong times', () => {
    expect(() => renderProtocol(input(decision, [], new Date('2026-03-27T10:00:00.000Z'), { timeZone: 'Europe/Nowhere' }))).toThrow(RangeError);
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+46 36 10 50 00', "'+46 36 10 50 00"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['a;b', '"a;b"'],
    ['sa "ja"', '"sa ""ja"""'],
    ['rad\nrad', '"rad\nrad"'],
    ['Jönköping', 'Jönköping'],
    ['', ''],
  ])('csvField(%j) is %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});
