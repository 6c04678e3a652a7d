import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.js';
import { ConfigError } from '../../src/config/errors.js';
import { loadPartnership, municipalities, parsePartnership, unconfirmedFeeParts, type Fee, type Partnership } from '../../src/config/partnership.js';
import { CONFIG_FILE } from './_support.js';

/** Runs `fn`, expects a ConfigError, and returns it. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

async function configErrorAsync(fn: () => Promise<unknown>): Promise<ConfigError> {
  const err = await fn().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

// Domain brief: kommunkod and population (SCB, 31 Dec 2024).
const SCB: [string, string, number][] = [
  ['Aneby', '0604', 6797],
  ['Eksjö', '0686', 17792],
  ['Gislaved', '0662', 28936],
  ['Gnosjö', '0617', 9131],
  ['Habo', '0643', 13456],
  ['Jönköping', '0680', 147654],
  ['Mullsjö', '0642', 7594],
  ['Nässjö', '0682', 31587],
  ['Sävsjö', '0684', 11563],
  ['Tranås', '0687', 18604],
  ['Vaggeryd', '0665', 14825],
  ['Vetlanda', '0685', 27528],
  ['Värnamo', '0683', 34542],
];

describe('the shipped partnership config', () => {
  let p: Partnership;
  beforeAll(async () => {
    p = await loadPartnership(CONFIG_FILE);
  });

  it('parses with the expected basics', () => {
    expect(p.id).toBe('jonkoping-social-valfard');
    expect(p.timeZone).toBe('Europe/Stockholm');
    expect(p.locale).toBe('sv');
    expect(p.minParticipants).toBe(2);
  });

  it('has the 13 municipalities with the SCB kommunkod and population of the domain brief', () => {
    const ms = municipalities(p);
    expect(ms).toHaveLength(13);
    expect(p.members).toHaveLength(13);
    expect(ms.map((m) => [m.name, m.code, m.population])).toEqual(SCB);
    expect(ms.reduce((sum, m) => sum + (m.population ?? 0), 0)).toBe(370_009);
    expect(SCB.reduce((sum, [, , pop]) => sum + pop, 0)).toBe(370_009);
  });

  it('has exactly one steering group, Socialchefsnätverket', () => {
    expect(p.networks.filter((n) => n.kind === 'steeringGroup').map((n) => n.name)).toEqual(['Socialchefsnätverket']);
  });

  it('has the four tactical steering groups', () => {
    expect(p.networks.filter((n) => n.kind === 'tacticalSteeringGroup').map((n) => n.name).sort()).toEqual(
      ['Funktionsstöd', 'Hälso- och sjukvård', 'Individ- och familjeomsorg', 'Äldreomsorg'].sort(),
    );
  });

  it('has one social chief per municipality', () => {
    const chiefsOf = p.people.filter((x) => x.roles.includes('socialChief')).map((x) => x.member);
    expect(chiefsOf.sort()).toEqual(p.members.map((m) => m.id).sort());
  });
});

describe('parsePartnership on broken copies', () => {
  const FILE = 'config/broken.json';
  let original: Record<string, unknown>;
  beforeAll(async () => {
    original = JSON.parse(await readFile(CONFIG_FILE, 'utf8')) as Record<string, unknown>;
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Raw = any;
  const broken = (change: (raw: Raw) => void): Raw => {
    const copy = structuredClone(original);
    change(copy);
    return copy;
  };

  it('the unbroken copy parses (so the cases below fail for their own reason)', () => {
    expect(parsePartnership(broken(() => undefined), FILE).members).toHaveLength(13);
  });

  const cases: [string, (raw: Raw) => void, string][] = [
    ['kommunkod with two digits', (r) => (r.members[2].code = '66'), 'members[2].code: '],
    ['municipality without kommunkod', (r) => delete r.members[2].code, 'members[2].code: a municipality needs its kommunkod'],
    ['member id not a slug', (r) => (r.members[0].id = 'Aneby'), 'members[0].id: use lower-case letters'],
    ['unknown member kind', (r) => (r.members[4].kind = 'county'), 'members[4].kind: '],
    ['negative population', (r) => (r.members[5].population = -1), 'members[5].population: '],
    ['person with an unknown member', (r) => (r.people[3].member = 'x'), 'people[3].member: unknown member "x"'],
    ['person in an unknown network', (r) => (r.people[14].networks = ['aldreomsorg', 'okand']), 'people[14].networks[1]: unknown network "okand"'],
    ['duplicate member id', (r) => (r.members[1].id = 'aneby'), 'members[1].id: duplicate id "aneby"'],
    ['duplicate network id', (r) => (r.networks[2].id = 'ifo'), 'networks[2].id: duplicate id "ifo"'],
    ['duplicate person id', (r) => (r.people[2].id = r.people[1].id), 'people[2].id: duplicate id "chief-aneby"'],
    ['duplicate aadObjectId', (r) => (r.people[2].aadObjectId = r.people[1].aadObjectId), 'people[2].aadObjectId: duplicate aadObjectId'],
    [
      'duplicate aadObjectId differing only in case',
      (r) => {
        r.people[1].aadObjectId = 'abcdef12-3456-4abc-9def-0123456789ab';
        r.people[2].aadObjectId = 'ABCDEF12-3456-4ABC-9DEF-0123456789AB';
      },
      'people[2].aadObjectId: duplicate aadObjectId',
    ],
    ['aadObjectId not a GUID', (r) => (r.people[0].aadObjectId = 'anna'), 'people[0].aadObjectId: must be a GUID'],
    ['no steering group', (r) => (r.networks[0].kind = 'tacticalSteeringGroup'), 'networks: exactly one network must be the steeringGroup'],
    ['two steering groups', (r) => (r.networks[1].kind = 'steeringGroup'), 'networks: exactly one network must be the steeringGroup'],
    ['social chief without a member', (r) => delete r.people[1].member, 'people[1].member: a chief, deputy or network member needs a member'],
    ['deputy without a member', (r) => delete r.people[14].member, 'people[14].member: a chief, deputy or network member needs a member'],
    ['network member without a member', (r) => delete r.people[15].member, 'people[15].member: a chief, deputy or network member needs a member'],
    ['unknown role', (r) => (r.people[0].roles = ['boss']), 'people[0].roles[0]: '],
    ['no members', (r) => (r.members = []), 'members: '],
    ['minParticipants 0', (r) => (r.minParticipants = 0), 'minParticipants: '],
    ['missing name', (r) => delete r.name, 'name: '],
  ];

  it.each(cases)('%s → ConfigError naming the file and "%s"', (_name, change, expected) => {
    const err = configError(() => parsePartnership(broken(change), FILE));
    expect(err.file).toBe(FILE);
    expect(err.message.startsWith(`${FILE}: invalid configuration`)).toBe(true);
    expect(err.problems.some((problem) => problem.startsWith(expected))).toBe(true);
    expect(err.message).toContain(expected);
  });

  it('the cases above touch the people they mean to', () => {
    // Guards the indexes used above against edits of the shipped file.
    const raw = original as Raw;
    expect(raw.people[0].id).toBe('anna-lindqvist');
    expect(raw.people[1].id).toBe('chief-aneby');
    expect(raw.people[3].roles).toEqual(['socialChief']);
    expect(raw.people[14].id).toBe('deputy-eksjo');
    expect(raw.people[15].id).toBe('aldre-jonkoping');
  });

  it('names every problem at once', () => {
    const err = configError(() =>
      parsePartnership(
        broken((r) => {
          r.people[3].member = 'x';
          r.members[1].id = 'aneby';
        }),
        FILE,
      ),
    );
    expect(err.problems).toEqual(expect.arrayContaining(['people[3].member: unknown member "x"', 'members[1].id: duplicate id "aneby"']));
  });

  it('a root that is not an object is named as (root)', () => {
    const err = configError(() => parsePartnership([], FILE));
    expect(err.problems[0]).toMatch(/^\(root\): /);
  });
});

describe('assumptions and confirmed values (issue 15, honest defaults)', () => {
  const FILE = 'config/variant.json';
  let original: Record<string, unknown>;
  beforeAll(async () => {
    original = JSON.parse(await readFile(CONFIG_FILE, 'utf8')) as Record<string, unknown>;
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Raw = any;
  const variant = (change: (raw: Raw) => void): Raw => {
    const copy = structuredClone(original);
    change(copy);
    return copy;
  };
  const parse = (change: (raw: Raw) => void) => parsePartnership(variant(change), FILE);

  it('the shipped file marks what the agreement does not say as assumptions, and the 6.2 MSEK base as confirmed', async () => {
    const p = await loadPartnership(CONFIG_FILE);
    expect(p.reportReminders.map((r) => [r.id, r.deadline.confirmed])).toEqual([
      ['q1-report', false],
      ['q2-report', false],
      ['annual-report', false],
      ['quarterly-fee', false],
      ['network-survey', false],
    ]);
    for (const r of p.reportReminders) expect(r.deadline.source, r.id).toMatch(/^Antagande: /);
    expect(p.fee).toMatchObject({ baseYear: 2026, baseAmountSek: 6_200_000, baseConfirmed: true });
    expect(p.fee?.baseSource).toContain('6,2 mkr år 2026');
    expect(p.fee?.index).toMatchObject({ '2027': { factor: 1.035, confirmed: false }, '2028': { factor: 1.03, confirmed: false } });
  });

  const cases: [string, (r: Raw) => void, (p: Partnership) => unknown, unknown][] = [
    ['a deadline without "confirmed" is an assumption', (r) => delete r.reportReminders[0].deadline.confirmed, (p) => p.reportReminders[0]!.deadline.confirmed, false],
    [
      'a deadline confirmed with its source',
      (r) => Object.assign(r.reportReminders[0].deadline, { confirmed: true, source: 'Socialchefsnätverket 2026-02-12 § 4' }),
      (p) => [p.reportReminders[0]!.deadline.confirmed, p.reportReminders[0]!.deadline.source],
      [true, 'Socialchefsnätverket 2026-02-12 § 4'],
    ],
    ['the old plain-number index factor is read as an unconfirmed factor', (r) => (r.fee.index = { '2027': 1.035 }), (p) => p.fee?.index['2027'], { factor: 1.035, confirmed: false }],
    ['an index factor object without "confirmed" is unconfirmed', (r) => (r.fee.index = { '2027': { factor: 1.02 } }), (p) => p.fee?.index['2027'], { factor: 1.02, confirmed: false }],
    [
      'an index factor confirmed with its source',
      (r) => (r.fee.index['2027'] = { factor: 1.028, confirmed: true, source: 'SKR, PKV 2027' }),
      (p) => p.fee?.index['2027'],
      { factor: 1.028, confirmed: true, source: 'SKR, PKV 2027' },
    ],
    ['a fee without "baseConfirmed" has an unconfirmed base', (r) => delete r.fee.baseConfirmed, (p) => p.fee?.baseConfirmed, false],
  ];

  it.each(cases)('%s', (_name, change, read, expected) => {
    expect(read(parse(change))).toEqual(expected);
  });

  const refused: [string, (r: Raw) => void, string][] = [
    ['a confirmed deadline without a source', (r) => Object.assign(r.reportReminders[1].deadline, { confirmed: true, source: undefined }), 'reportReminders[1].deadline.source: a confirmed value needs a "source"'],
    ['a confirmed index factor without a source', (r) => (r.fee.index['2028'] = { factor: 1.03, confirmed: true }), 'fee.index.2028.source: a confirmed value needs a "source"'],
    ['a confirmed base without a source', (r) => delete r.fee.baseSource, 'fee.baseSource: a confirmed value needs a "source"'],
    ['a typo in "confirmed" on a deadline', (r) => (r.reportReminders[2].deadline.confirmd = true), 'reportReminders[2].deadline: Unrecognized key: "confirmd"'],
    ['a typo in "factor"', (r) => (r.fee.index['2027'] = { facter: 1.03, confirmed: false }), 'fee.index.2027: '],
    ['"confirmed" that is not true or false', (r) => (r.reportReminders[0].deadline.confirmed = 'yes'), 'reportReminders[0].deadline.confirmed: '],
    ['a negative factor in the old form', (r) => (r.fee.index['2027'] = -1), 'fee.index.2027: '],
  ];

  it.each(refused)('%s → ConfigError', (_name, change, expected) => {
    const err = configError(() => parse(change));
    expect(err.problems.some((problem) => problem.startsWith(expected)), err.message).toBe(true);
  });

  const fee = (index: Fee['index'], baseConfirmed = true): Fee => ({ baseYear: 2026, baseAmountSek: 6_200_000, baseConfirmed, baseSource: 'Avtalet', index });
  const guessed = { factor: 1.035, confirmed: false };
  const settled = { factor: 1.03, confirmed: true, source: 'SKR' };
  it.each([
    ['the base year, base confirmed', fee({ '2027': guessed }), 2026, { base: false, indexYears: [] }],
    ['the base year, base not confirmed', fee({}, false), 2026, { base: true, indexYears: [] }],
    ['a year with a guessed index', fee({ '2027': guessed }), 2027, { base: false, indexYears: [2027] }],
    ['compounding: every guessed year up to the year counts', fee({ '2027': guessed, '2028': guessed }), 2028, { base: false, indexYears: [2027, 2028] }],
    ['a confirmed year before a guessed one', fee({ '2027': settled, '2028': guessed }), 2028, { base: false, indexYears: [2028] }],
    ['a guessed year after the one asked for does not count', fee({ '2027': settled, '2028': guessed }), 2027, { base: false, indexYears: [] }],
  ] as [string, Fee, number, ReturnType<typeof unconfirmedFeeParts>][])('unconfirmedFeeParts: %s', (_name, f, year, expected) => {
    expect(unconfirmedFeeParts(f, year)).toEqual(expected);
  });
});

describe('loadPartnership on unusable files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'samverkan-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a missing file → ConfigError naming the file', async () => {
    const file = path.join(dir, 'nope.json');
    const err = await configErrorAsync(() => loadPartnership(file));
    expect(err.file).toBe(file);
    expect(err.message).toContain(file);
    expect(err.problems[0]).toMatch(/^cannot read the file: /);
  });

  it('invalid JSON → ConfigError naming the file', async () => {
    const file = path.join(dir, 'broken.json');
    await writeFile(file, '{"id": "x", ');
    const err = await configErrorAsync(() => loadPartnership(file));
    expect(err.file).toBe(file);
    expect(err.message).toContain(file);
    expect(err.problems[0]).toMatch(/^not valid JSON: /);
  });

  it('valid JSON with a broken member → ConfigError naming the file and path', async () => {
    const raw = JSON.parse(await readFile(CONFIG_FILE, 'utf8'));
    raw.members[2].code = 'x';
    const file = path.join(dir, 'bad-code.json');
    await writeFile(file, JSON.stringify(raw));
    const err = await configErrorAsync(() => loadPartnership(file));
    expect(err.file).toBe(file);
    expect(err.problems.some((problem) => problem.startsWith('members[2].code: '))).toBe(true);
  });
});

describe('loadEnv', () => {
  it('defaults: PORT 3978, local mode, shipped files', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      PORT: 3978,
      local: true,
      STORE_FILE: 'data/store.json',
      PARTNERSHIP_FILE: 'data/partnership.jonkoping.json',
      LOG_LEVEL: 'info',
      DEADLINE_SWEEP_SECONDS: 60,
    });
    expect(env.MicrosoftAppId).toBeUndefined();
  });

  // Not the credential variables: one of them set blank stops the start (tests/unit/env-credentials.test.ts).
  it('treats empty strings as unset', () => {
    const env = loadEnv({ PORT: '', STORE_FILE: '  ', LOG_LEVEL: '' });
    expect(env).toMatchObject({ PORT: 3978, STORE_FILE: 'data/store.json', LOG_LEVEL: 'info', local: true });
  });

  it('reads a port and credentials; with an app id it is not local', () => {
    const env = loadEnv({ PORT: '8080', MicrosoftAppId: '5e3a5c2f-0a47-4f1e-9c7a-1f2b3c4d5e6f', MicrosoftAppPassword: 'secret' });
    expect(env).toMatchObject({ PORT: 8080, MicrosoftAppId: '5e3a5c2f-0a47-4f1e-9c7a-1f2b3c4d5e6f', local: false });
  });

  it('a managed identity needs no password', () => {
    expect(loadEnv({ MicrosoftAppId: '5e3a5c2f-0a47-4f1e-9c7a-1f2b3c4d5e6f', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 'tenant' }).local).toBe(false);
  });

  const cases: [string, NodeJS.ProcessEnv, string][] = [
    ['MicrosoftAppId without password', { MicrosoftAppId: '5e3a5c2f-0a47-4f1e-9c7a-1f2b3c4d5e6f' }, 'MicrosoftAppPassword: '],
    ['MicrosoftAppId with an empty password', { MicrosoftAppId: '5e3a5c2f-0a47-4f1e-9c7a-1f2b3c4d5e6f', MicrosoftAppPassword: '' }, 'MicrosoftAppPassword: '],
    ['PORT "abc"', { PORT: 'abc' }, 'PORT: '],
    ['PORT 70000', { PORT: '70000' }, 'PORT: '],
    ['PORT 80.5', { PORT: '80.5' }, 'PORT: '],
    ['PORT in hex', { PORT: '0x50' }, 'PORT: '],
    ['unknown LOG_LEVEL', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL: '],
    ['DEADLINE_SWEEP_SECONDS 0', { DEADLINE_SWEEP_SECONDS: '0' }, 'DEADLINE_SWEEP_SECONDS: '],
    ['SingleTenant without tenant id', { MicrosoftAppId: '5e3a5c2f-0a47-4f1e-9c7a-1f2b3c4d5e6f', MicrosoftAppPassword: 'p', MicrosoftAppType: 'SingleTenant' }, 'MicrosoftAppTenantId: '],
  ];
  it.each(cases)('%s → ConfigError naming %s', (_name, source, expected) => {
    const err = configError(() => loadEnv(source));
    expect(err.file).toBe('environment');
    expect(err.problems.some((problem) => problem.startsWith(expected))).toBe(true);
    expect(err.message).toContain(expected);
  });
});

describe('the demo clock settings', () => {
  it('accepts CLOCK_START and CLOCK_SPEED in local mode', () => {
    expect(loadEnv({ CLOCK_START: '2026-03-25T08:00:00+01:00', CLOCK_SPEED: '3600' })).toMatchObject({ CLOCK_START: '2026-03-25T08:00:00+01:00', CLOCK_SPEED: 3600 });
  });
  it('refuses the demo clock with real credentials, and a speed without a start', () => {
    expect(() => loadEnv({ CLOCK_START: '2026-03-25T08:00:00Z', MicrosoftAppId: '5e3a5c2f-0a47-4f1e-9c7a-1f2b3c4d5e6f', MicrosoftAppPassword: 'secret' })).toThrow(/CLOCK_START: the demo clock is refused/);
    expect(() => loadEnv({ CLOCK_SPEED: '10' })).toThrow(/CLOCK_SPEED: needs CLOCK_START/);
    expect(() => loadEnv({ CLOCK_START: 'tomorrow' })).toThrow(/CLOCK_START/);
  });
  it('runs from the start at the given speed', async () => {
    const { ScaledClock } = await import('../../src/clock.js');
    let real = 1_000;
    const clock = new ScaledClock(new Date('2026-03-25T08:00:00Z'), 3600, () => real);
    expect(clock.now().toISOString()).toBe('2026-03-25T08:00:00.000Z');
    real += 1_000;
    expect(clock.now().toISOString()).toBe('2026-03-25T09:00:00.000Z');
  });
});
