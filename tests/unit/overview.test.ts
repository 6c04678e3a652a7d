import { beforeAll, describe, expect, it } from 'vitest';
import type { Partnership } from '../../src/config/partnership.js';
import { municipalities } from '../../src/config/partnership.js';
import { feeOfYear, memberSharesInYear, municipalityYear, projectInYear, type ProjectFacts } from '../../src/domain/overview.js';
import type { GateEvent } from '../../src/domain/gates.js';
import type { AppContext } from '../../src/features/context.js';
import { feeYear, projectsOfYear, yearFigures } from '../../src/features/overview/figures.js';
import { municipalityReply } from '../../src/features/overview/municipality.js';
import { overviewReply } from '../../src/features/overview/overview.js';
import { renderYearly, svgBars } from '../../src/features/overview/yearly.js';
import { messages } from '../../src/i18n/index.js';
import { memoryRepository } from '../../src/store/snapshot-repository.js';
import { emptyStore, type StoreData } from '../../src/store/schema.js';
import { overviewCard, type ChartSeries } from '../../cards/overview.js';
import type { AdaptiveCard, CardElement } from '../../cards/elements.js';
import { loadRealPartnership } from './_support.js';

/**
 * The overview's figures against a store written by hand, every expected krona computed by hand
 * (largest remainder over the SCB populations of 2024): a project carried over from 2025 that runs
 * on with one more municipality, a project running from this year, one not feasible, one cancelled,
 * one still open; three decisions of 2026 and one of 2025; the fee of 2026 (6 200 000 kr).
 */

const NOW = new Date('2026-11-23T09:00:00Z');
const sv = messages('sv');
let partnership: Partnership;

const answer = (proposalId: string, memberId: string, at: string, value: 'participates' | 'declines' = 'participates') => ({
  proposalId, memberId, answer: value, personId: `chief-${memberId}`, aadObjectId: 'x', capacity: 'socialChief' as const, at,
});
const approve = (proposalId: string, gate: string, at: string) => [
  { proposalId, kind: 'submit' as const, gate: gate as 'BG0', at, by: 'chief-eksjo', document: { title: gate, url: 'https://example.se/d' } },
  { proposalId, kind: 'approve' as const, gate: gate as 'BG0', at, by: 'anna-lindqvist' },
];
const proposal = (id: string, networkId: string, createdAt: string, estimatedCostSek: number | null, answerDeadline: string, title = `Projekt ${id}`) => ({
  id, title, background: 'B', goals: '', regionalValue: 'R', networkId, contactPersonId: 'chief-eksjo', plannedStart: null, estimatedCostSek,
  jointFundsRequested: false, jointFundsSek: null, answerDeadline, createdBy: 'anna-lindqvist', createdByAad: 'x', createdAt, updatedAt: createdAt, edits: [],
});
const decision = (id: string, createdAt: string, closesAt: string, question = `Fråga ${id}`) => ({
  id, kind: 'operationalPlan' as const, question, background: '', amountSek: null, closesAt, createdBy: 'anna-lindqvist', createdByAad: 'x', createdAt, changes: [], remindersSent: [],
});
const vote = (decisionId: string, memberId: string, position: 'approve' | 'reject', at: string) => ({
  decisionId, memberId, position, personId: `chief-${memberId}`, aadObjectId: 'x', capacity: 'socialChief' as const, at,
});

function store(): StoreData {
  const data = emptyStore();
  data.proposals.push(
    proposal('P-2025-007', 'aldreomsorg', '2025-03-01T10:00:00Z', 100_000, '2025-04-01'),
    proposal('P-2025-009', 'ifo', '2025-10-01T10:00:00Z', 200_000, '2026-06-30'),
    proposal('P-2026-001', 'aldreomsorg', '2026-01-10T10:00:00Z', 1_000_000, '2026-01-31'),
    proposal('P-2026-002', 'hsv', '2026-05-01T10:00:00Z', null, '2026-06-01'),
    proposal('P-2026-003', 'aldreomsorg', '2026-06-01T10:00:00Z', 400_000, '2026-06-30'),
    proposal('P-2026-004', 'ifo', '2026-11-01T10:00:00Z', 50_000, '2026-12-15', '=HYPERLINK("https://evil.example") <script>alert(1)</script>'),
  );
  data.participation.push(
    answer('P-2025-007', 'eksjo', '2025-03-02T10:00:00Z'),
    answer('P-2025-007', 'habo', '2025-03-02T11:00:00Z'),
    answer('P-2025-009', 'aneby', '2025-10-02T10:00:00Z'),
    answer('P-2025-009', 'habo', '2025-10-02T11:00:00Z'),
    // Jönköping joins in 2026: not a participant of 2025.
    answer('P-2025-009', 'jonkoping', '2026-03-01T10:00:00Z'),
    answer('P-2026-001', 'eksjo', '2026-01-11T10:00:00Z'),
    answer('P-2026-001', 'habo', '2026-01-11T11:00:00Z'),
    answer('P-2026-001', 'jonkoping', '2026-01-11T12:00:00Z'),
    answer('P-2026-001', 'tranas', '2026-01-12T12:00:00Z', 'declines'),
    answer('P-2026-002', 'habo', '2026-05-02T10:00:00Z'),
    answer('P-2026-003', 'habo', '2026-06-02T10:00:00Z'),
    answer('P-2026-003', 'jonkoping', '2026-06-02T11:00:00Z'),
  );
  data.gateEvents.push(
    ...['BG0', 'BG1', 'BG2', 'BG3'].flatMap((g, i) => approve('P-2025-007', g, `2025-0${4 + i}-01T10:00:00Z`)),
    ...approve('P-2025-007', 'BG4', '2025-12-01T10:00:00Z'),
    ...approve('P-2025-009', 'BG0', '2025-11-01T10:00:00Z'),
    ...approve('P-2025-009', 'BG1', '2026-02-01T10:00:00Z'),
    ...approve('P-2026-001', 'BG0', '2026-02-01T10:00:00Z'),
    ...approve('P-2026-001', 'BG1', '2026-04-01T10:00:00Z'),
    { proposalId: 'P-2026-003', kind: 'cancel', at: '2026-09-01T10:00:00Z', by: 'chief-eksjo', reason: 'Ingen finansiering' },
  );
  data.decisions.push(
    decision('B-2025-004', '2025-12-01T10:00:00Z', '2025-12-20T15:00:00Z'),
    decision('B-2026-001', '2026-02-01T10:00:00Z', '2026-02-20T15:00:00Z'),
    decision('B-2026-002', '2026-03-01T10:00:00Z', '2026-03-20T15:00:00Z'),
    decision('B-2026-003', '2026-11-10T10:00:00Z', '2026-12-10T15:00:00Z'),
  );
  const ids = ['aneby', 'eksjo', 'gislaved', 'gnosjo', 'habo', 'jonkoping', 'mullsjo', 'nassjo', 'savsjo', 'tranas', 'vaggeryd', 'vetlanda', 'varnamo'];
  data.votes.push(
    ...ids.map((m) => vote('B-2026-001', m, 'approve', '2026-02-02T10:00:00Z')),
    vote('B-2026-002', 'eksjo', 'approve', '2026-03-02T10:00:00Z'),
    vote('B-2026-002', 'habo', 'reject', '2026-03-03T10:00:00Z'),
    vote('B-2026-003', 'eksjo', 'approve', '2026-11-11T10:00:00Z'),
  );
  return data;
}

function context(now = NOW): AppContext {
  return { partnership, repo: memoryRepository(store()), clock: { now: () => now } } as unknown as AppContext;
}

beforeAll(async () => {
  partnership = await loadRealPartnership();
});

describe('the municipality’s share of a project in a year (memberSharesInYear)', () => {
  const members = () => municipalities(partnership);
  const of = (ids: string[]) => members().filter((m) => ids.includes(m.id));

  it('splits the estimated cost by population among the participants, in whole kronor that add up', () => {
    const shares = memberSharesInYear({ project: { estimatedCostSek: 1_000_000 }, status: 'running', participants: of(['eksjo', 'habo', 'jonkoping']), year: 2026 });
    // 1 000 000 × 17 792 / 178 902 = 99 450.53…; × 13 456 / 178 902 = 75 213.46…; × 147 654 / 178 902 = 825 336.0… (one krona to the largest remainder).
    expect(Object.fromEntries(shares)).toEqual({ eksjo: 99_451, habo: 75_214, jonkoping: 825_335 });
    expect([...shares.values()].reduce((a, b) => a + b, 0)).toBe(1_000_000);
  });

  it.each(['open', 'notFeasible', 'cancelled'] as const)('counts nothing for a project that is %s', (status) => {
    expect(memberSharesInYear({ project: { estimatedCostSek: 1_000_000 }, status, participants: of(['habo', 'jonkoping']), year: 2026 }).size).toBe(0);
  });

  it('counts nothing without an estimated cost', () => {
    expect(memberSharesInYear({ project: { estimatedCostSek: null }, status: 'running', participants: of(['habo']), year: 2026 }).size).toBe(0);
  });
});

describe('the fee of a year', () => {
  it('2026: 6 200 000 kr by population, Habo 225 473 kr in four advances', () => {
    const fee = feeOfYear({ baseYear: 2026, baseAmountSek: 6_200_000, index: {} }, municipalities(partnership), 2026)!;
    expect(fee.total).toBe(6_200_000);
    // 6 200 000 × 13 456 / 370 009 = 225 473.6…
    expect(fee.perMember.get('habo')).toEqual({ amount: 225_473, quarters: [56_369, 56_368, 56_368, 56_368] });
    expect([...fee.perMember.values()].reduce((a, b) => a + b.amount, 0)).toBe(6_200_000);
  });

  it('2027 with an index of 1.035: 6 417 000 kr, Habo 233 365 kr; none before the base year', () => {
    const schedule = { baseYear: 2026, baseAmountSek: 6_200_000, index: { '2027': 1.035 } };
    expect(feeOfYear(schedule, municipalities(partnership), 2027)!.perMember.get('habo')!.amount).toBe(233_365);
    expect(feeOfYear(schedule, municipalities(partnership), 2025)).toBeUndefined();
    expect(feeOfYear(schedule, municipalities(partnership), 2028)).toBeUndefined();
  });
});

describe('a project in a year (projectInYear)', () => {
  const setting = (year: number) => ({ year, members: municipalities(partnership), minParticipants: 2, timeZone: 'Europe/Stockholm', now: NOW });
  const facts = (id: string): ProjectFacts => {
    const data = store();
    const p = data.proposals.find((x) => x.id === id)!;
    return { ...p, answers: data.participation.filter((a) => a.proposalId === id), gates: data.gateEvents.filter((e) => e.proposalId === id) as GateEvent[] };
  };

  it('as it stood at the end of 2025, and as it stands now', () => {
    const in2025 = projectInYear(facts('P-2025-009'), setting(2025))!;
    expect([in2025.status, in2025.participants, in2025.lastPassed, in2025.passedInYear.map((g) => g.gate)]).toEqual(['canStart', ['aneby', 'habo'], 'BG0', ['BG0']]);
    expect(Object.fromEntries(in2025.shares)).toEqual({ aneby: 67_121, habo: 132_879 });
    const in2026 = projectInYear(facts('P-2025-009'), setting(2026))!;
    expect([in2026.status, in2026.participants, in2026.lastPassed, in2026.passedInYear.map((g) => g.gate)]).toEqual(['running', ['aneby', 'habo', 'jonkoping'], 'BG1', ['BG1']]);
    // 200 000 over Aneby 6 797, Habo 13 456, Jönköping 147 654 (sum 167 907).
    expect(Object.fromEntries(in2026.shares)).toEqual({ aneby: 8_096, habo: 16_028, jonkoping: 175_876 });
  });

  it('a municipality that leaves counts until its leave takes effect; a project whose BG0 was approved stays "can start" with one left', () => {
    const base = facts('P-2026-001');
    // Habo leaves from 1 October 2026 (recorded in September): in 2026 (as of now) Eksjö and Jönköping take part.
    const leave = { ...answer('P-2026-001', 'habo', '2026-09-15T10:00:00Z', 'declines'), kind: 'leave' as const, reason: 'Omorganisation', effectiveFrom: '2026-10-01', effectiveAt: '2026-09-30T22:00:00.000Z' };
    const left = projectInYear({ ...base, answers: [...base.answers, leave] }, setting(2026))!;
    expect(left.participants).toEqual(['eksjo', 'jonkoping']);
    // 1 000 000 over Eksjö 17 792 and Jönköping 147 654 (sum 165 446): 107 540.35 and 892 459.65.
    expect(Object.fromEntries(left.shares)).toEqual({ eksjo: 107_540, jonkoping: 892_460 });
    // Seen before the leave took effect (a year setting whose "now" is 20 September), Habo still takes part.
    const before = projectInYear({ ...base, answers: [...base.answers, leave] }, { ...setting(2026), now: new Date('2026-09-20T09:00:00Z') })!;
    expect(before.participants).toEqual(['eksjo', 'habo', 'jonkoping']);
    // Habo took part in 2026 until 30 September: listed as having left, from 1 October; not before that day.
    expect(Object.fromEntries(left.leftInYear)).toEqual({ habo: '2026-10-01' });
    expect(before.leftInYear.size).toBe(0);
    // A leave that took effect before the year is no part of it; a municipality that joined again is a participant.
    const in2027 = projectInYear({ ...base, answers: [...base.answers, leave] }, { ...setting(2027), now: new Date('2027-03-01T09:00:00Z') })!;
    expect(in2027.leftInYear.size).toBe(0);
    const rejoin = { ...answer('P-2026-001', 'habo', '2026-10-10T10:00:00Z', 'participates'), kind: 'join' as const, effectiveFrom: '2026-10-10', effectiveAt: '2026-10-09T22:00:00.000Z' };
    const back = projectInYear({ ...base, answers: [...base.answers, leave, rejoin] }, setting(2026))!;
    expect([back.participants, back.leftInYear.size]).toEqual([['eksjo', 'habo', 'jonkoping'], 0]);
    const year = municipalityYear('habo', 2026, [left], undefined);
    expect(year.projects.map((p) => [p.project.id, p.share, p.leftFrom])).toEqual([['P-2026-001', undefined, '2026-10-01']]);
    expect(year.projectShares).toBe(0);
    // One participant at the deadline, but BG0 approved: the project could start, so it is "can start"
    // with too few (rule 8), not "not feasible".
    const lonely = { ...base, answers: base.answers.filter((a) => a.memberId === 'eksjo'), gates: [] };
    expect(projectInYear(lonely, setting(2026))!.status).toBe('notFeasible');
    const alone = projectInYear({ ...lonely, gates: approve('P-2026-001', 'BG0', '2026-01-20T10:00:00Z') as GateEvent[] }, setting(2026))!;
    expect([alone.status, alone.participants]).toEqual(['canStart', ['eksjo']]);
  });

  it('a project finished in 2025 is part of 2025 (with its shares), not of 2026; one proposed later is part of neither', () => {
    const finished = projectInYear(facts('P-2025-007'), setting(2025))!;
    expect(finished.status).toBe('finished');
    expect(Object.fromEntries(finished.shares)).toEqual({ eksjo: 56_938, habo: 43_062 });
    expect(projectInYear(facts('P-2025-007'), setting(2026))).toBeUndefined();
    expect(projectInYear(facts('P-2026-001'), setting(2025))).toBeUndefined();
  });
});

describe('one municipality’s year (min kommun)', () => {
  it('Habo 2026: four projects, shares 16 028 + 75 214 = 91 242 kr, fee 225 473 kr', () => {
    const ctx = context();
    const habo = municipalityYear('habo', 2026, projectsOfYear(ctx, 2026), feeYear(ctx, 2026));
    expect(habo.projects.map((p) => [p.project.id, p.project.status, p.share])).toEqual([
      ['P-2025-009', 'running', 16_028],
      ['P-2026-001', 'running', 75_214],
      ['P-2026-003', 'cancelled', undefined],
      ['P-2026-002', 'notFeasible', undefined],
    ]);
    expect(habo.projectShares).toBe(91_242);
    expect(habo.fee?.amount).toBe(225_473);
  });

  it('the card shows the same: shares, their sum, the fee and its quarters, and what waits for Habo', () => {
    const card = JSON.stringify(municipalityReply(context(), sv, municipalities(partnership).find((m) => m.id === 'habo')!));
    for (const shown of ['16\u00a0028 kr', '75\u00a0214 kr', '91\u00a0242 kr', '225\u00a0473 kr', 'Q1 56\u00a0369 kr · Q2 56\u00a0368 kr', 'P-2026-004', 'B-2026-003', 'Pågår', 'BG1 godkänd', 'Avbruten', 'Ej genomförbart'])
      expect(card, shown).toContain(shown);
    // Decided decisions and answered proposals do not wait.
    expect(card).not.toContain('B-2026-001');
    expect(card).not.toContain('B-2026-002');
  });
});

describe('the partnership’s year (översikt)', () => {
  it('a project made in a network without a portfolio counts in the portfolio of the group that owns it', () => {
    const data = store();
    data.proposals.push({ ...proposal('P-2026-005', 'psykiatri', '2026-06-01T10:00:00Z', 100_000, '2026-06-30'), ownerNetworkId: 'aldreomsorg' });
    const ctx = { partnership, repo: memoryRepository(data), clock: { now: () => NOW } } as unknown as AppContext;
    const f = yearFigures(ctx, 2026);
    expect(f.portfolio.map((g) => [g.networkId, g.total])).toEqual([['ifo', 2], ['aldreomsorg', 3], ['hsv', 1], ['funktionsstod', 0]]);
    expect(projectsOfYear(ctx, 2026).find((p) => p.id === 'P-2026-005')?.networkId).toBe('aldreomsorg');
  });

  it('portfolios by status and gate, participation, decisions and money, as summed by hand', () => {
    const f = yearFigures(context(), 2026);
    expect(f.portfolio).toEqual([
      { networkId: 'ifo', total: 2, byStatus: [['running', 1], ['open', 1]], byGate: [['none', 1], ['BG1', 1]] },
      { networkId: 'aldreomsorg', total: 2, byStatus: [['running', 1], ['cancelled', 1]], byGate: [['none', 1], ['BG1', 1]] },
      { networkId: 'hsv', total: 1, byStatus: [['notFeasible', 1]], byGate: [['none', 1]] },
      { networkId: 'funktionsstod', total: 0, byStatus: [], byGate: [] },
    ]);
    const part = Object.fromEntries(f.participation.filter((p) => p.participates || p.declined).map((p) => [p.memberId, [p.participates, p.declined]]));
    expect(part).toEqual({ aneby: [1, 0], eksjo: [1, 0], habo: [4, 0], jonkoping: [3, 0], tranas: [0, 1] });
    expect(f.decisions.map((d) => [d.id, d.status, d.approved])).toEqual([['B-2026-001', 'consensus', 13], ['B-2026-002', 'noConsensus', 1], ['B-2026-003', 'open', 1]]);
    expect(f.decisionCounts).toEqual([['consensus', 1], ['noConsensus', 1], ['open', 1]]);
    const money = Object.fromEntries(f.money.map((x) => [x.memberId, [x.fee, x.projects, x.total]]));
    expect(money.habo).toEqual([225_473, 91_242, 316_715]);
    expect(money.jonkoping).toEqual([2_474_142, 175_876 + 825_335, 3_475_353]);
    expect(money.aneby).toEqual([113_893, 8_096, 121_989]);
    expect(money.eksjo).toEqual([298_129, 99_451, 397_580]);
    expect(f.money.reduce((s, x) => s + x.total, 0)).toBe(6_200_000 + 200_000 + 1_000_000);
    expect(f.gatesPassed.map((g) => `${g.projectId} ${g.gate}`)).toEqual(['P-2025-009 BG1', 'P-2026-001 BG0', 'P-2026-001 BG1']);
  });

  it('2025: the finished project counts, there is no fee yet, the 2026 decisions do not', () => {
    const f = yearFigures(context(), 2025);
    expect(f.projects.map((p) => p.id)).toEqual(['P-2025-007', 'P-2025-009']);
    const habo = f.money.find((x) => x.memberId === 'habo')!;
    expect(habo).toEqual({ memberId: 'habo', fee: null, projects: 43_062 + 132_879, total: 175_941 });
    expect(f.decisions.map((d) => d.id)).toEqual(['B-2025-004']);
  });
});

/** Every chart in a card with its fallback's label–value pairs, and the text line above it (its heading or caption). */
function chartsOf(card: AdaptiveCard): { type: string; title: string; points: [string, number][]; table: [string, string][]; above: string }[] {
  const found: ReturnType<typeof chartsOf> = [];
  const visit = (list: CardElement[]) =>
    list.forEach((e, i) => {
      if (typeof e.type === 'string' && e.type.startsWith('Chart.')) {
        const data = e.data as Record<string, unknown>[];
        const fallback = e.fallback as CardElement;
        expect(fallback.type).toBe('FactSet');
        found.push({
          type: e.type,
          title: e.title as string,
          points: data.map((d) => [String(d.legend ?? d.x), Number(d.value ?? d.y)]),
          table: (fallback.facts as { title: string; value: string }[]).map((f) => [f.title, f.value]),
          above: String(list[i - 1]?.text ?? ''),
        });
      }
      for (const key of ['items', 'body', 'columns']) visit((e[key] as CardElement[] | undefined) ?? []);
    });
  visit(card.body);
  return found;
}

const digits = (s: string) => Number(s.replace(/[^\d]/g, ''));

describe('charts and their fallbacks show the same numbers', () => {
  it('in the översikt card: every chart, point for point, with a title (its text equivalent)', () => {
    const charts = chartsOf(overviewReply(context(), sv, 2026));
    expect(charts.map((c) => c.type)).toEqual(['Chart.Donut', 'Chart.Donut', 'Chart.Donut', 'Chart.VerticalBar', 'Chart.HorizontalBar', 'Chart.Donut', 'Chart.HorizontalBar']);
    for (const c of charts) {
      expect(c.title.length).toBeGreaterThan(10);
      expect(c.table.map(([label, value]) => [label, digits(value)])).toEqual(c.points);
    }
    // Teams reads a chart's title out but does not draw it: a bar chart's title stands above it, a donut stands under its group's heading.
    expect(charts.filter((c) => c.type !== 'Chart.Donut').map((c) => c.above === c.title)).toEqual([true, true, true]);
    expect(charts.filter((c) => c.type === 'Chart.Donut').map((c) => c.above)).toEqual([
      'Individ- och familjeomsorg: 2 projekt', 'Äldreomsorg: 2 projekt', 'Hälso- och sjukvård: 1 projekt', 'Beslut 2026 och utfall',
    ]);
    const [gates, participation, money] = charts.filter((c) => c.type !== 'Chart.Donut');
    // P-2025-009 passed BG1 in 2026, P-2026-001 BG0 and BG1.
    expect(gates!.points).toEqual([['BG0', 1], ['BG1', 2], ['BG2', 0], ['BG3', 0], ['BG4', 0], ['BG2.i', 0], ['BG3.i', 0]]);
    expect(money!.points.find(([label]) => label === 'Habo')).toEqual(['Habo', 316_715]);
    expect(participation!.points).toHaveLength(13);
    expect(participation!.points.find(([label]) => label === 'Habo')).toEqual(['Habo', 4]);
  });

  it('for any series: the chart builders take their points and the table from one list', () => {
    const series: ChartSeries = { title: 'Test', points: [{ label: 'x', value: 1_234_567, text: '1 234 567 kr' }, { label: 'y', value: 0, text: '0 kr' }] };
    const card = overviewCard({
      heading: 'h', intro: 'i', portfolio: { heading: 'p', groups: [{ heading: 'g', chart: series }] }, gates: { heading: 'g', chart: series }, participation: { heading: 'p', chart: series },
      decisions: { heading: 'd', chart: series, lines: [], empty: 'e' }, money: { heading: 'm', chart: series, footnote: 'f' }, nothingYet: 'n', hint: 'h',
    });
    const charts = chartsOf(card);
    expect(charts).toHaveLength(5);
    for (const c of charts) expect(c.table.map(([l, v]) => [l, digits(v)])).toEqual([['x', 1_234_567], ['y', 0]]);
  });

  it('a bar chart whose every figure is 0 is not drawn: the card says there is nothing to show yet', () => {
    const series: ChartSeries = { title: 'Test', points: [{ label: 'x', value: 5, text: '5' }] };
    const zeros: ChartSeries = { title: 'Nollor', points: [{ label: 'x', value: 0, text: '0 kr' }, { label: 'y', value: 0, text: '0 kr' }] };
    const card = overviewCard({
      heading: 'h', intro: 'i', portfolio: { heading: 'p', groups: [] }, gates: { heading: 'Grindar', chart: series }, participation: { heading: 'Deltagande', chart: zeros },
      decisions: { heading: 'd', lines: [], empty: 'e' }, money: { heading: 'Pengar', chart: zeros, footnote: 'f' }, nothingYet: 'Inget att visa för 2026 än: alla siffror är 0.', hint: 'h',
    });
    expect(chartsOf(card).map((c) => c.title)).toEqual(['Test']);
    const json = JSON.stringify(card);
    expect(json.match(/Inget att visa för 2026 än: alla siffror är 0\./g)).toHaveLength(2);
    expect(json).not.toContain('Nollor');
  });
});

describe('cards stay under Teams’ size limit (about 28 KB) on a long history', () => {
  it('översikt and min kommun over a year of 300 projects and 300 decisions with the longest titles and questions', () => {
    const data = emptyStore();
    const ids = municipalities(partnership).map((m) => m.id);
    for (let i = 1; i <= 300; i++) {
      const id = `P-2026-${String(i).padStart(3, '0')}`;
      // Every status and gate there is, Habo in every project, a third still open for answers.
      data.proposals.push(proposal(id, ['ifo', 'aldreomsorg', 'hsv', 'funktionsstod'][i % 4]!, '2026-02-01T10:00:00Z', 999_999_999, i % 3 ? '2026-03-01' : '2026-12-20', `${'Å'.repeat(119)}${i}`));
      for (const m of i % 3 ? ids : ids.filter((x) => x !== 'habo')) data.participation.push(answer(id, m, '2026-02-02T10:00:00Z'));
      data.gateEvents.push(...['BG0', 'BG1', 'BG2', 'BG3'].slice(0, i % 5).flatMap((g) => approve(id, g, '2026-03-01T10:00:00Z')));
      if (i % 7 === 0) data.gateEvents.push({ proposalId: id, kind: 'cancel', at: '2026-04-01T10:00:00Z', by: 'anna-lindqvist', reason: 'R' });
      const d = `B-2026-${String(i).padStart(3, '0')}`;
      data.decisions.push(decision(d, '2026-02-01T10:00:00Z', i % 2 ? '2026-03-01T10:00:00Z' : '2026-12-20T10:00:00Z', 'Ö'.repeat(300)));
    }
    const ctx = { partnership, repo: memoryRepository(data), clock: { now: () => NOW } } as unknown as AppContext;
    const overview = Buffer.byteLength(JSON.stringify(overviewReply(ctx, sv, 2026)));
    const habo = Buffer.byteLength(JSON.stringify(municipalityReply(ctx, sv, municipalities(partnership).find((m) => m.id === 'habo')!)));
    expect(overview).toBeLessThan(28_000);
    expect(habo).toBeLessThan(28_000);
    expect(JSON.stringify(municipalityReply(ctx, sv, municipalities(partnership).find((m) => m.id === 'habo')!))).toContain('… och 180 till');
  });
});

describe('the yearly page and CSV', () => {
  it('a Swedish page with headings, header cells, SVG charts with title and description, the figures also in tables, no script', () => {
    // Numbers are grouped with no-break spaces; read as plain spaces here.
    const html = renderYearly(context(), sv, 2026).html.replace(/\u00a0/g, ' ');
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="sv">')).toBe(true);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html.match(/<h2 id=/g)!.length).toBeGreaterThanOrEqual(6);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son\w+=/i);
    // User text is escaped, never markup.
    expect(html).toContain('=HYPERLINK(&quot;https://evil.example&quot;) &lt;script&gt;alert(1)&lt;/script&gt;');
    // Every header cell of a table has its scope; every table has a caption.
    expect(html.match(/<th(?=[\s>])(?![^>]*scope=)/g)).toBeNull();
    expect((html.match(/<table/g) ?? []).length).toBe((html.match(/<caption>/g) ?? []).length);
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g)!;
    // A status chart per group with projects (3), gates, decisions, participation, money.
    expect(svgs).toHaveLength(7);
    for (const svg of svgs) {
      expect(svg).toMatch(/^<svg[^>]*role="img"[^>]*aria-labelledby="([\w-]+)-title \1-desc"/);
      expect(svg).toMatch(/<title id="[\w-]+-title">[^<]+<\/title><desc id="[\w-]+-desc">[^<]+<\/desc>/);
    }
    // The money chart's description and the money table carry the same totals.
    const money = svgs.find((s) => s.includes('id="pengar-title"'))!;
    expect(money).toContain('Habo 316 715 kr');
    expect(html).toMatch(/<th scope="row">Habo<\/th><td class="num">225 473<\/td><td class="num">91 242<\/td><td class="num">316 715<\/td>/);
    expect(html).toMatch(/<tfoot><tr><th scope="row">Totalt<\/th><td class="num">6 200 000<\/td><td class="num">1 200 000<\/td><td class="num">7 400 000<\/td>/);
  });

  it('the CSV: Excel-ready (BOM, ;, CRLF), formula-safe, with every section', () => {
    const { csv } = renderYearly(context(), sv, 2026);
    expect(csv.startsWith('\ufeffÅrsöversikt 2026;')).toBe(true);
    const lines = csv.split('\r\n');
    expect(lines).toContain('Habo;225473;91242;316715');
    expect(lines).toContain('Totalt;6200000;1200000;7400000');
    expect(lines).toContain('Habo;4;0');
    expect(lines).toContain('B-2026-002;Fråga B-2026-002;Verksamhetsplan;2026-03-20 16:00;Ej konsensus;1 av 13');
    expect(lines).toContain('2026-02-01;P-2026-001 Projekt P-2026-001;BG0 Projektdirektiv');
    // A title that starts with = is never a formula in Excel.
    expect(csv).toContain(`P-2026-004;"'=HYPERLINK(""https://evil.example"") <script>alert(1)</script>"`);
    for (const section of ['Projekt 2026', 'Grindar godkända 2026', 'Beslut och utfall 2026', 'Deltagande per kommun 2026', 'Pengar per kommun 2026']) expect(lines).toContain(section);
  });

  it('an SVG chart escapes its labels and keeps zero bars empty', () => {
    const svg = svgBars('x', 'T <b>', 'D & d', [{ label: '<i>', value: 0, text: '0' }, { label: 'b', value: 2, text: '2' }]);
    expect(svg).toContain('<title id="x-title">T &lt;b&gt;</title><desc id="x-desc">D &amp; d</desc>');
    expect(svg).toContain('>&lt;i&gt;</text><rect x="190" y="8" width="0"');
  });
});
