import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { loadPartnership } from '../../src/config/partnership.js';
import {
  parseReminderRules,
  ReminderRulesSchema,
  unknownNetworkTargets,
  type ReminderRule,
  type ReminderRuleInput,
} from '../../src/config/reminder-rules.js';
import { dueReminders, inputOccurrences, MISSED_STEP, occurrences, upcoming, type Occurrence } from '../../src/domain/report-calendar.js';

/*
 * Every expected date below is counted by hand on a calendar, not computed: Easter 2026 is 5 April
 * (långfredagen 3 April, annandag påsk 6 April), Easter 2027 is 28 March (26 and 29 March);
 * midsommarafton 2026 is Friday 19 June; summer time runs 29 March–25 October 2026 and
 * 28 March–31 October 2027, so 09:00 Stockholm is 07:00Z in summer and 08:00Z in winter.
 */

const PARTNERSHIP_FILE = fileURLToPath(new URL('../../data/partnership.jonkoping.json', import.meta.url));
/** The default rules live in the partnership config, under reportReminders. */
const loadDefaultRules = async () => (await loadPartnership(PARTNERSHIP_FILE)).reportReminders;

function rule(overrides: Partial<ReminderRuleInput> = {}): ReminderRule {
  return ReminderRulesSchema.parse([
    {
      id: 'test',
      title: 'Test',
      text: 'Lämna något.',
      deadline: { kind: 'yearly', month: 6, day: 1 },
      remind: { workingDaysBefore: [1, 0] },
      targets: [{ kind: 'steeringGroup' }],
      ...overrides,
    },
  ])[0] as ReminderRule;
}

/** The problems a ConfigError lists for `raw`. */
function problems(raw: unknown): string[] {
  try {
    parseReminderRules(raw, 'rules.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

/** occurrence → [key, periodLabel, deadline, 'step@ISO' …] for compact comparison. */
function brief(o: Occurrence): [string, string, string, string[]] {
  return [o.key, o.periodLabel, o.deadline, o.reminders.map((r) => `${r.step}@${r.due.toISOString()}`)];
}

const z = (iso: string) => new Date(iso);

describe('the shipped reminder rules', () => {
  let rules: ReminderRule[];
  const byId = (id: string): ReminderRule => {
    const found = rules.find((r) => r.id === id);
    if (!found) throw new Error(`no rule ${id}`);
    return found;
  };
  beforeAll(async () => {
    rules = await loadDefaultRules();
  });

  it('parse, with the five rules of domain rules 5–6', () => {
    // Rule 6: the office reports to the members, the projects feed it; each member pays; each network answers.
    expect(rules.map((r) => [r.id, r.title, r.owedBy.kind, r.receivedBy.kind, r.projectInput?.workingDaysBefore ?? null])).toEqual([
      ['q1-report', 'Delårsrapport Q1', 'office', 'members', 5],
      ['q2-report', 'Delårsrapport Q2 (delårsbokslut)', 'office', 'members', 5],
      ['annual-report', 'Verksamhetsberättelse och årsbokslut', 'office', 'members', 5],
      ['quarterly-fee', 'Kvartalsavgift i förskott', 'eachMember', 'office', null],
      ['network-survey', 'Utvärderingsenkät till nätverken', 'eachNetwork', 'office', null],
    ]);
    // When the projects hand in is in no agreement either.
    for (const id of ['q1-report', 'q2-report', 'annual-report']) expect(byId(id).projectInput).toMatchObject({ confirmed: false, source: expect.stringMatching(/^Antagande: /) });
    for (const r of rules) {
      expect(r.remind.time).toBe('09:00');
      expect(r.text.length).toBeGreaterThan(40);
    }
    expect(byId('network-survey').targets).toEqual([{ kind: 'allNetworks' }]);
    expect(byId('q1-report').targets).toEqual([{ kind: 'steeringGroup' }]);
    // The reports say what they cover (domain rule 6).
    for (const id of ['q1-report', 'q2-report', 'annual-report']) {
      expect(byId(id).text).toMatch(/mellankommunala utvecklingsarbetet/);
      expect(byId(id).text).toMatch(/ledningssystem i samverkan/);
      expect(byId(id).text).toMatch(/förvaltade verksamheterna/);
    }
    expect(byId('annual-report').text).toMatch(/verksamhetsberättelsen och årsbokslutet/);
  });

  it('Q1 report: 20th working day after 31 March, across Easter', () => {
    const q1 = byId('q1-report');
    // 2026: 1–2 April, then långfredagen 3/4 and annandag påsk 6/4 are off → Thursday 30 April.
    expect(occurrences(q1, 2026).map(brief)).toEqual([
      ['q1-report:2026', '2026 Q1', '2026-04-30', ['10@2026-04-16T07:00:00.000Z', '3@2026-04-27T07:00:00.000Z', '0@2026-04-30T07:00:00.000Z']],
    ]);
    // 2027: Easter is in March, April has 20 plain working days up to Wednesday 28 April.
    expect(occurrences(q1, 2027).map(brief)).toEqual([
      ['q1-report:2027', '2027 Q1', '2027-04-28', ['10@2027-04-14T07:00:00.000Z', '3@2027-04-23T07:00:00.000Z', '0@2027-04-28T07:00:00.000Z']],
    ]);
  });

  it("the projects' input: 5 working days before each office report, on the report's own steps", () => {
    // Q1 2026 is due Thursday 30 April; five working days before is Thursday 23 April (1 May is later).
    expect(inputOccurrences(byId('q1-report'), 2026).map(brief)).toEqual([
      ['q1-report:2026:input', '2026 Q1', '2026-04-23', ['10@2026-04-09T07:00:00.000Z', '3@2026-04-20T07:00:00.000Z', '0@2026-04-23T07:00:00.000Z']],
    ]);
    expect(inputOccurrences(byId('q1-report'), 2026)[0]?.reportKey).toBe('q1-report:2026');
    // Annual report 2026, due Monday 15 February 2027: input Monday 8 February.
    expect(inputOccurrences(byId('annual-report'), 2026).map(brief)).toEqual([
      ['annual-report:2026:input', '2026', '2027-02-08', ['15@2027-01-18T08:00:00.000Z', '5@2027-02-01T08:00:00.000Z', '0@2027-02-08T08:00:00.000Z']],
    ]);
    // A rule the projects do not feed has none; an input with its own steps uses them.
    expect(inputOccurrences(byId('quarterly-fee'), 2026)).toEqual([]);
    const own = rule({ owedBy: { kind: 'office' }, projectInput: { workingDaysBefore: 2, remind: { workingDaysBefore: [1], time: '10:00' } } });
    expect(inputOccurrences(own, 2026).map(brief)).toEqual([['test:2026:input', '2026', '2026-05-28', ['1@2026-05-27T08:00:00.000Z']]]);
  });

  it('Q2 report: 45 calendar days after 30 June = 14 August, a Saturday in 2027', () => {
    const q2 = byId('q2-report');
    expect(occurrences(q2, 2026).map(brief)).toEqual([
      ['q2-report:2026', '2026 Q2', '2026-08-14', ['10@2026-07-31T07:00:00.000Z', '3@2026-08-11T07:00:00.000Z', '0@2026-08-14T07:00:00.000Z']],
    ]);
    expect(occurrences(q2, 2027).map(brief)).toEqual([
      ['q2-report:2027', '2027 Q2', '2027-08-13', ['10@2027-07-30T07:00:00.000Z', '3@2027-08-10T07:00:00.000Z', '0@2027-08-13T07:00:00.000Z']],
    ]);
  });

  it('annual report: the period is the year, the deadline the 30th working day of the next', () => {
    const annual = byId('annual-report');
    // 2027: 1 Jan (Fri) and 6 Jan (Wed) off → Monday 15 February; winter time.
    expect(occurrences(annual, 2026).map(brief)).toEqual([
      ['annual-report:2026', '2026', '2027-02-15', ['15@2027-01-25T08:00:00.000Z', '5@2027-02-08T08:00:00.000Z', '0@2027-02-15T08:00:00.000Z']],
    ]);
    // 2028: 1 Jan is a Saturday, 6 Jan (Thu) off → Monday 14 February.
    expect(occurrences(annual, 2027).map(brief)).toEqual([
      ['annual-report:2027', '2027', '2028-02-14', ['15@2028-01-24T08:00:00.000Z', '5@2028-02-07T08:00:00.000Z', '0@2028-02-14T08:00:00.000Z']],
    ]);
  });

  it('quarterly fee: the 10th working day before each quarter, Q1 in December of the year before', () => {
    const fee = byId('quarterly-fee');
    expect(occurrences(fee, 2026).map(brief)).toEqual([
      // Before 1 Jan 2026: 31/12 nyårsafton, 24–26/12 off → Friday 12 December 2025.
      ['quarterly-fee:2026-Q1', '2026 Q1', '2025-12-12', ['5@2025-12-05T08:00:00.000Z', '0@2025-12-12T08:00:00.000Z']],
      // Winter time until 29 March.
      ['quarterly-fee:2026-Q2', '2026 Q2', '2026-03-18', ['5@2026-03-11T08:00:00.000Z', '0@2026-03-18T08:00:00.000Z']],
      // Midsommarafton 19 June is skipped.
      ['quarterly-fee:2026-Q3', '2026 Q3', '2026-06-16', ['5@2026-06-09T07:00:00.000Z', '0@2026-06-16T07:00:00.000Z']],
      ['quarterly-fee:2026-Q4', '2026 Q4', '2026-09-17', ['5@2026-09-10T07:00:00.000Z', '0@2026-09-17T07:00:00.000Z']],
    ]);
    expect(occurrences(fee, 2027).map(brief)).toEqual([
      // Before 1 Jan 2027: 31/12, 25/12 (Fri) and 24/12 off → Tuesday 15 December 2026.
      ['quarterly-fee:2027-Q1', '2027 Q1', '2026-12-15', ['5@2026-12-08T08:00:00.000Z', '0@2026-12-15T08:00:00.000Z']],
      // Easter 2027 (26 and 29 March off) lies in between.
      ['quarterly-fee:2027-Q2', '2027 Q2', '2027-03-16', ['5@2027-03-09T08:00:00.000Z', '0@2027-03-16T08:00:00.000Z']],
      ['quarterly-fee:2027-Q3', '2027 Q3', '2027-06-16', ['5@2027-06-09T07:00:00.000Z', '0@2027-06-16T07:00:00.000Z']],
      ['quarterly-fee:2027-Q4', '2027 Q4', '2027-09-17', ['5@2027-09-10T07:00:00.000Z', '0@2027-09-17T07:00:00.000Z']],
    ]);
  });

  it('evaluation survey: 15 December, reminders 10 and 3 working days before, no reminder on the day', () => {
    const survey = byId('network-survey');
    expect(occurrences(survey, 2026).map(brief)).toEqual([
      ['network-survey:2026', '2026', '2026-12-15', ['10@2026-12-01T08:00:00.000Z', '3@2026-12-10T08:00:00.000Z']],
    ]);
    expect(occurrences(survey, 2027).map(brief)).toEqual([
      ['network-survey:2027', '2027', '2027-12-15', ['10@2027-12-01T08:00:00.000Z', '3@2027-12-10T08:00:00.000Z']],
    ]);
  });

  it('a whole year run reminder by reminder sends each step exactly once, at its instant, and misses nothing', () => {
    const from = z('2026-01-01T00:00:00Z').getTime();
    const until = z('2027-01-01T00:00:00Z').getTime();
    const expected = [2025, 2026, 2027]
      .flatMap((y) => rules.flatMap((r) => occurrences(r, y)))
      .flatMap((o) => o.reminders.map((r) => ({ key: o.key, step: r.step, at: r.due.getTime() })))
      .filter((r) => r.at >= from && r.at < until)
      .sort((a, b) => a.at - b.at);
    // Check just before and at each instant, and once a day at noon in between.
    const instants = new Set<number>();
    for (const r of expected) instants.add(r.at - 1).add(r.at);
    for (let t = from + 11 * 3_600_000; t < until; t += 86_400_000) instants.add(t);
    const sentSet = new Set<string>();
    const log: { key: string; step: number; at: number }[] = [];
    // Start as if everything due before 2026 was sent.
    for (const y of [2025, 2026]) for (const r of rules) for (const o of occurrences(r, y)) for (const s of o.reminders) if (s.due.getTime() < from) sentSet.add(`${o.key}|${s.step}`);
    const sent = (key: string, step: number) => sentSet.has(`${key}|${step}`);
    for (const t of [...instants].sort((a, b) => a - b)) {
      const result = dueReminders(rules, new Date(t), sent);
      expect(result.missed).toEqual([]);
      for (const d of result.due) {
        expect(d.skipped).toEqual([]);
        log.push({ key: d.occurrence.key, step: d.step, at: t });
        sentSet.add(`${d.occurrence.key}|${d.step}`);
      }
    }
    expect(log).toEqual(expected);
    // Annual report 2025 (due February 2026), Q1, Q2: 3 steps each; fee 2026-Q2…2027-Q1: 2 each; survey: 2.
    expect(log).toHaveLength(3 + 3 + 3 + 4 * 2 + 2);
  });
});

describe('a bad rule fails naming the rule index and the field', () => {
  const good = {
    id: 'ok',
    title: 'Ok',
    text: 'Lämna rapporten.',
    deadline: { kind: 'afterPeriod', period: 'Q1', workingDays: 20 },
    remind: { workingDaysBefore: [3, 0] },
    targets: [{ kind: 'steeringGroup' }],
  };

  it('accepts a good rule and fills in the defaults', () => {
    const [parsed] = parseReminderRules([good], 'rules.json');
    expect(parsed?.remind.time).toBe('09:00');
    // A steering-group rule without an owner is each member's (as before owners were written), received by the office.
    expect([parsed?.owedBy, parsed?.receivedBy, parsed?.projectInput]).toEqual([{ kind: 'eachMember' }, { kind: 'office' }, undefined]);
  });

  it('reads an older file: perProject true is an office report with project input, a network rule each network\'s', () => {
    const [legacy, plain, survey] = parseReminderRules(
      [
        { ...good, perProject: true },
        { ...good, id: 'b', perProject: false },
        { ...good, id: 'c', targets: [{ kind: 'allNetworks' }] },
      ],
      'rules.json',
    );
    expect([legacy?.owedBy, legacy?.receivedBy, legacy?.projectInput]).toEqual([{ kind: 'office' }, { kind: 'members' }, { workingDaysBefore: 5, confirmed: false }]);
    expect(legacy && 'perProject' in legacy).toBe(false);
    expect([plain?.owedBy, plain?.projectInput]).toEqual([{ kind: 'eachMember' }, undefined]);
    expect([survey?.owedBy, survey?.receivedBy]).toEqual([{ kind: 'eachNetwork' }, { kind: 'office' }]);
  });

  it('an owner that receives what it owes, project input on a report the office does not owe, perProject against owedBy', () => {
    expect(problems([{ ...good, owedBy: { kind: 'office' }, receivedBy: { kind: 'office' } }])).toEqual([
      '[0].receivedBy: a party does not receive what it owes itself (owedBy office, receivedBy office)',
    ]);
    expect(problems([{ ...good, owedBy: { kind: 'eachMember' }, receivedBy: { kind: 'members' } }])).toEqual([
      '[0].receivedBy: a party does not receive what it owes itself (owedBy eachMember, receivedBy members)',
    ]);
    expect(problems([{ ...good, owedBy: { kind: 'eachMember' }, projectInput: { workingDaysBefore: 5 } }])).toEqual([
      '[0].projectInput: only a report the office owes (owedBy office) asks the projects for input',
    ]);
    expect(problems([{ ...good, owedBy: { kind: 'eachNetwork' }, perProject: true }])).toEqual([
      '[0].perProject: perProject fits only a report the office owes; write "projectInput" on an office report instead',
    ]);
    expect(problems([{ ...good, owedBy: { kind: 'municipality' } }])).toEqual(['[0].owedBy.kind: kind must be "office", "eachMember" or "eachNetwork"']);
    expect(problems([{ ...good, owedBy: { kind: 'office' }, projectInput: { workingDaysBefore: 5, confirmed: true } }])).toEqual([
      '[0].projectInput.source: a confirmed value needs a "source" saying where it comes from (e.g. "Avtalet § 5" or "Socialchefsnätverket 2026-02-12 § 4")',
    ]);
  });

  it('an unknown deadline kind', () => {
    expect(problems([good, { ...good, id: 'b', deadline: { kind: 'monthly', day: 1 } }])).toEqual([
      '[1].deadline.kind: kind must be "afterPeriod", "beforeQuarter" or "yearly"',
    ]);
  });

  it('both calendarDays and workingDays, or neither', () => {
    expect(problems([good, { ...good, id: 'b', deadline: { kind: 'afterPeriod', period: 'Q2', calendarDays: 45, workingDays: 20 } }])).toEqual([
      '[1].deadline.workingDays: give either calendarDays or workingDays, not both',
    ]);
    expect(problems([{ ...good, deadline: { kind: 'afterPeriod', period: 'Q2' } }])).toEqual(['[0].deadline.calendarDays: give calendarDays or workingDays']);
  });

  it('missing or empty targets, an unknown target kind, a network target without a network', () => {
    const { targets: _targets, ...noTargets } = good;
    expect(problems([good, noTargets])).toEqual(['[1].targets: Invalid input: expected array, received undefined']);
    expect(problems([{ ...good, targets: [] }])).toEqual(['[0].targets: a rule needs at least one target']);
    expect(problems([{ ...good, targets: [{ kind: 'everyone' }] }])).toEqual(['[0].targets[0].kind: kind must be "steeringGroup", "network" or "allNetworks"']);
    expect(problems([{ ...good, targets: [{ kind: 'network' }] }])).toEqual(['[0].targets[0].network: Invalid input: expected string, received undefined']);
  });

  it('a duplicate id', () => {
    expect(problems([good, { ...good }])).toEqual(['[1].id: duplicate id "ok"']);
  });

  it('a bad time, a step out of range, a duplicate step', () => {
    expect(problems([good, { ...good, id: 'b', remind: { workingDaysBefore: [3], time: '9:00' } }])).toEqual(['[1].remind.time: use HH:MM']);
    expect(problems([{ ...good, remind: { workingDaysBefore: [3], time: '24:00' } }])).toEqual(['[0].remind.time: use HH:MM']);
    expect(problems([{ ...good, remind: { workingDaysBefore: [61] } }])[0]).toMatch(/^\[0\]\.remind\.workingDaysBefore\[0\]: /);
    expect(problems([{ ...good, remind: { workingDaysBefore: [3, 3] } }])).toEqual(['[0].remind.workingDaysBefore[1]: duplicate step 3']);
  });

  it('a typo in a field name, a day the month does not have, a bad period', () => {
    expect(problems([{ ...good, deadline: { kind: 'afterPeriod', period: 'Q1', workingDay: 20 } }])).toContain('[0].deadline: Unrecognized key: "workingDay"');
    expect(problems([{ ...good, deadline: { kind: 'yearly', month: 4, day: 31 } }])).toEqual(['[0].deadline.day: month 4 has no day 31']);
    expect(problems([{ ...good, deadline: { kind: 'afterPeriod', period: 'Q5', workingDays: 1 } }])[0]).toMatch(/^\[0\]\.deadline\.period: /);
  });

  it('network targets the partnership does not have', () => {
    const rules = parseReminderRules([good, { ...good, id: 'b', targets: [{ kind: 'network', network: 'ifo' }, { kind: 'network', network: 'nope' }] }], 'rules.json');
    expect(unknownNetworkTargets(rules, ['ifo'])).toEqual(['[1].targets[1].network: unknown network "nope"']);
  });
});

describe('deadlines that land on days off, and daylight saving', () => {
  it('a Sunday moves to the Friday before', () => {
    // 15 March 2026 is a Sunday.
    expect(occurrences(rule({ deadline: { kind: 'yearly', month: 3, day: 15 } }), 2026)[0]?.deadline).toBe('2026-03-13');
  });

  it('midsommarafton moves to the Thursday before, as a fixed date or counted in calendar days', () => {
    expect(occurrences(rule({ deadline: { kind: 'yearly', month: 6, day: 19 } }), 2026)[0]?.deadline).toBe('2026-06-18');
    // 31 March + 80 days = 19 June.
    const after = rule({ deadline: { kind: 'afterPeriod', period: 'Q1', calendarDays: 80 } });
    expect(occurrences(after, 2026)[0]?.deadline).toBe('2026-06-18');
  });

  it('31 December (nyårsafton) moves to the 30th', () => {
    expect(occurrences(rule({ deadline: { kind: 'yearly', month: 12, day: 31 } }), 2026)[0]?.deadline).toBe('2026-12-30');
    expect(occurrences(rule({ deadline: { kind: 'yearly', month: 12, day: 31 } }), 2027)[0]?.deadline).toBe('2027-12-30');
    // 30 September + 92 days = 31 December.
    expect(occurrences(rule({ deadline: { kind: 'afterPeriod', period: 'Q3', calendarDays: 92 } }), 2026)[0]?.deadline).toBe('2026-12-30');
  });

  it('a reminder counted back across Easter skips långfredagen and annandag påsk', () => {
    // Tuesday 7 April 2026, one working day before = Thursday 2 April.
    const r = rule({ deadline: { kind: 'yearly', month: 4, day: 7 }, remind: { workingDaysBefore: [1, 0], time: '10:30' } });
    expect(occurrences(r, 2026).map(brief)).toEqual([['test:2026', '2026', '2026-04-07', ['1@2026-04-02T08:30:00.000Z', '0@2026-04-07T08:30:00.000Z']]]);
  });

  it('the same wall-clock time on both sides of the change to and from summer time', () => {
    const spring = rule({ deadline: { kind: 'yearly', month: 3, day: 30 } });
    expect(occurrences(spring, 2026).map(brief)).toEqual([['test:2026', '2026', '2026-03-30', ['1@2026-03-27T08:00:00.000Z', '0@2026-03-30T07:00:00.000Z']]]);
    const autumn = rule({ deadline: { kind: 'yearly', month: 10, day: 26 } });
    expect(occurrences(autumn, 2026).map(brief)).toEqual([['test:2026', '2026', '2026-10-26', ['1@2026-10-23T07:00:00.000Z', '0@2026-10-26T08:00:00.000Z']]]);
    // 2027: summer time ends Sunday 31 October.
    const autumn27 = rule({ deadline: { kind: 'yearly', month: 11, day: 1 } });
    expect(occurrences(autumn27, 2027).map(brief)).toEqual([['test:2027', '2027', '2027-11-01', ['1@2027-10-29T07:00:00.000Z', '0@2027-11-01T08:00:00.000Z']]]);
  });

  it('29 February is the 28th (or the working day before) in other years', () => {
    const leap = rule({ deadline: { kind: 'yearly', month: 2, day: 29 } });
    expect(occurrences(leap, 2028)[0]?.deadline).toBe('2028-02-29');
    expect(occurrences(leap, 2027)[0]?.deadline).toBe('2027-02-26'); // 28 Feb 2027 is a Sunday
  });

  it('Q4 is reported in the next year, keyed and labelled by its own year', () => {
    const q4 = rule({ id: 'q4', deadline: { kind: 'afterPeriod', period: 'Q4', workingDays: 1 } });
    // 1 January is off; 2 January 2027 is a Saturday.
    expect(occurrences(q4, 2026).map(brief)).toEqual([['q4:2026', '2026 Q4', '2027-01-04', ['1@2026-12-30T08:00:00.000Z', '0@2027-01-04T08:00:00.000Z']]]);
  });

  it('a deadline 0 calendar days after the period is its last working day', () => {
    const r = rule({ deadline: { kind: 'afterPeriod', period: 'year', calendarDays: 0 } });
    expect(occurrences(r, 2026)[0]?.deadline).toBe('2026-12-30');
  });
});

describe('upcoming', () => {
  let rules: ReminderRule[];
  beforeAll(async () => {
    rules = await loadDefaultRules();
  });
  const keys = (from: string, until: string) => upcoming(rules, z(from), z(until)).map((o) => o.key);

  it('lists the occurrences with a reminder or the deadline in the window, by deadline', () => {
    expect(keys('2026-04-01T00:00:00Z', '2026-05-01T00:00:00Z')).toEqual(['q1-report:2026']);
    expect(keys('2026-11-20T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual(['network-survey:2026', 'quarterly-fee:2027-Q1']);
    expect(keys('2027-01-01T00:00:00Z', '2027-03-01T00:00:00Z')).toEqual(['annual-report:2026']);
    expect(keys('2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual([
      'annual-report:2025', // 2026-02-xx
      'quarterly-fee:2026-Q2',
      'q1-report:2026',
      'quarterly-fee:2026-Q3',
      'q2-report:2026',
      'quarterly-fee:2026-Q4',
      'network-survey:2026', // 2026-12-15, same day as the next: by key
      'quarterly-fee:2027-Q1',
    ]);
  });

  it('a deadline day with no reminder left still counts; the end of the window is exclusive', () => {
    // 15 December 2026 from 10:00: both deadlines of the day, though their reminders are earlier.
    expect(keys('2026-12-15T09:00:00Z', '2026-12-16T00:00:00Z')).toEqual(['network-survey:2026', 'quarterly-fee:2027-Q1']);
    // The deadline day has ended (16 December 00:00 Stockholm = 15 December 23:00Z).
    expect(keys('2026-12-15T23:00:00Z', '2026-12-20T00:00:00Z')).toEqual([]);
    // Window ending exactly at the first reminder (16 April 2026 09:00 Stockholm).
    expect(keys('2026-04-10T00:00:00Z', '2026-04-16T07:00:00Z')).toEqual([]);
    expect(keys('2026-04-10T00:00:00Z', '2026-04-16T07:00:00.001Z')).toEqual(['q1-report:2026']);
  });
});

describe('dueReminders', () => {
  let q1: ReminderRule[];
  beforeAll(async () => {
    q1 = (await loadDefaultRules()).filter((r) => r.id === 'q1-report');
  });
  // q1-report:2026 — step 10 at 2026-04-16T07:00Z, 3 at 2026-04-27T07:00Z, 0 at 2026-04-30T07:00Z; the
  // deadline day ends at 2026-04-30T22:00Z.
  const KEY = 'q1-report:2026';
  const sentOf = (...steps: number[]) => (key: string, step: number) => key === KEY && steps.includes(step);
  const due = (now: string, sent = sentOf()) => dueReminders(q1, z(now), sent).due.map((d) => [d.occurrence.key, d.step, d.due.toISOString(), d.skipped]);

  it('nothing before the first step', () => {
    expect(due('2026-04-16T06:59:59.999Z')).toEqual([]);
    expect(dueReminders(q1, z('2026-04-16T06:59:59.999Z'), sentOf()).missed).toEqual([]);
  });

  it('the step at its instant, and not again once sent', () => {
    expect(due('2026-04-16T07:00:00Z')).toEqual([[KEY, 10, '2026-04-16T07:00:00.000Z', []]]);
    expect(due('2026-04-16T07:00:00Z', sentOf(10))).toEqual([]);
    expect(due('2026-04-24T12:00:00Z', sentOf(10))).toEqual([]);
    expect(due('2026-04-27T07:00:00Z', sentOf(10))).toEqual([[KEY, 3, '2026-04-27T07:00:00.000Z', []]]);
    expect(due('2026-04-30T07:00:00Z', sentOf(10, 3))).toEqual([[KEY, 0, '2026-04-30T07:00:00.000Z', []]]);
    expect(due('2026-04-30T21:59:59Z', sentOf(10, 3, 0))).toEqual([]);
  });

  it('after downtime only the latest due step, the earlier unsent ones skipped', () => {
    expect(due('2026-04-28T10:00:00Z')).toEqual([[KEY, 3, '2026-04-27T07:00:00.000Z', [10]]]);
    expect(due('2026-04-30T21:59:59Z')).toEqual([[KEY, 0, '2026-04-30T07:00:00.000Z', [10, 3]]]);
    expect(due('2026-04-30T21:59:59Z', sentOf(10))).toEqual([[KEY, 0, '2026-04-30T07:00:00.000Z', [3]]]);
    // The latest was sent: nothing, even if an earlier one never was.
    expect(due('2026-04-30T21:59:59Z', sentOf(0))).toEqual([]);
  });

  it('a deadline passed with nothing sent is missed, once, and only within the lookback', () => {
    const missed = (now: string, sent = sentOf(), lookback?: number) => dueReminders(q1, z(now), sent, lookback).missed.map((o) => o.key);
    expect(missed('2026-04-30T21:59:59Z')).toEqual([]);
    expect(missed('2026-04-30T22:00:00Z')).toEqual([KEY]);
    expect(due('2026-04-30T22:00:00Z')).toEqual([]);
    expect(missed('2026-06-09T21:59:59Z')).toEqual([KEY]);
    expect(missed('2026-06-09T22:00:00Z')).toEqual([]); // 40 days after the deadline day ended
    expect(missed('2026-05-02T22:00:00Z', sentOf(), 1)).toEqual([]);
    expect(missed('2026-05-05T10:00:00Z', sentOf(MISSED_STEP))).toEqual([]);
  });

  it('a passed deadline where some step was sent is not missed', () => {
    const missed = (sent: (key: string, step: number) => boolean) => dueReminders(q1, z('2026-05-05T10:00:00Z'), sent).missed;
    expect(missed(sentOf(10))).toEqual([]);
    expect(missed(sentOf(0))).toEqual([]);
  });

  it('several rules: sorted by due instant', async () => {
    const all = await loadDefaultRules();
    // 10 December 2026 12:00, nothing sent since 1 December: survey step 3 (10 Dec, skipping 10) and
    // fee 2027-Q1 step 5 (8 Dec).
    const since = z('2026-12-01T00:00:00Z').getTime();
    const sent = (key: string, step: number) => {
      const o = all.flatMap((r) => [2025, 2026, 2027].flatMap((y) => occurrences(r, y))).find((x) => x.key === key);
      const r = o?.reminders.find((x) => x.step === step);
      return r !== undefined && r.due.getTime() < since;
    };
    const result = dueReminders(all, z('2026-12-10T12:00:00Z'), sent);
    expect(result.due.map((d) => [d.occurrence.key, d.step, d.skipped])).toEqual([
      ['quarterly-fee:2027-Q1', 5, []],
      ['network-survey:2026', 3, [10]],
    ]);
    expect(result.missed).toEqual([]);
  });
});
