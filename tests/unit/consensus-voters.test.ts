import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { consensusVoters, loadPartnership, municipalities, parsePartnership, type Partnership } from '../../src/config/partnership.js';
import { authorize } from '../../src/domain/authorization.js';
import { tallyDecision, type VoteRecord } from '../../src/domain/consensus.js';

/**
 * Who votes in a body's consensus decisions (#17 item 5): the partnership file says it
 * (`consensusMembers`), and a member's voice is cast by its social chief or deputy (municipalities)
 * or its representative (any kind of member). Fee splits by population stay among the municipalities.
 */

const file = (name: string) => fileURLToPath(new URL(`../../data/${name}`, import.meta.url));
const files: Record<string, Partnership> = {};

beforeAll(async () => {
  files.jonkoping = await loadPartnership(file('partnership.jonkoping.json'));
  files.forbund = await loadPartnership(file('partnership.samordningsforbund.json'));
});

const MUNICIPALITIES = ['aneby', 'eksjo', 'gislaved', 'gnosjo', 'habo', 'jonkoping', 'mullsjo', 'nassjo', 'savsjo', 'tranas', 'vaggeryd', 'vetlanda', 'varnamo'];

describe('the voters of a consensus decision, per shipped file', () => {
  it.each([
    // file, consensusMembers, voters, fee-split members
    ['jonkoping', 'municipalities', MUNICIPALITIES, MUNICIPALITIES],
    ['forbund', 'allMembers', [...MUNICIPALITIES, 'region-jonkopings-lan', 'forsakringskassan', 'arbetsformedlingen'], MUNICIPALITIES],
  ] as const)('%s: %s → its voters, and the fee among the municipalities', (name, setting, voters, feeMembers) => {
    const p = files[name]!;
    expect(p.consensusMembers).toBe(setting);
    expect(consensusVoters(p).map((m) => m.id)).toEqual(voters);
    expect(municipalities(p).map((m) => m.id)).toEqual(feeMembers);
  });

  it.each([
    // file, member, who may cast its voice (person ids, in file order), in which capacity
    ['jonkoping', 'eksjo', ['chief-eksjo', 'deputy-eksjo'], ['socialChief', 'deputyChief']],
    ['jonkoping', 'jonkoping', ['chief-jonkoping'], ['socialChief']],
    ['forbund', 'eksjo', ['rep-eksjo'], ['representative']],
    ['forbund', 'region-jonkopings-lan', ['rep-region-jonkopings-lan'], ['representative']],
    ['forbund', 'forsakringskassan', ['rep-forsakringskassan'], ['representative']],
    ['forbund', 'arbetsformedlingen', ['rep-arbetsformedlingen'], ['representative']],
  ] as const)('%s: %s votes by %j', (name, memberId, people, capacities) => {
    const p = files[name]!;
    expect(consensusVoters(p).some((m) => m.id === memberId)).toBe(true);
    const allowed = p.people.map((person) => [person.id, authorize(person, 'vote', { memberId })] as const).filter(([, a]) => a.ok);
    expect(allowed.map(([id]) => id)).toEqual(people);
    expect(allowed.map(([, a]) => (a.ok ? a.capacity : ''))).toEqual(capacities);
  });

  it('every voter of each shipped file has somebody who may vote for it', () => {
    for (const p of Object.values(files))
      for (const m of consensusVoters(p)) expect(p.people.some((person) => authorize(person, 'vote', { memberId: m.id }).ok), `${p.id}: ${m.id}`).toBe(true);
  });
});

describe('consensus counts the body’s voters', () => {
  const decision = { id: 'B-2026-001', closesAt: '2026-05-01T14:00:00.000Z' };
  const now = new Date('2026-04-01T10:00:00Z');
  const approve = (memberId: string, minute: number): VoteRecord => ({
    decisionId: decision.id,
    memberId,
    position: 'approve',
    personId: `rep-${memberId}`,
    aadObjectId: '00000000-0000-0000-0000-000000000000',
    capacity: 'representative',
    at: new Date(Date.parse('2026-03-10T09:00:00Z') + minute * 60_000).toISOString(),
  });

  it.each([
    // file, who approved, status, still waiting for
    ['jonkoping', MUNICIPALITIES, 'consensus', []],
    ['forbund', MUNICIPALITIES, 'open', ['region-jonkopings-lan', 'forsakringskassan', 'arbetsformedlingen']],
    ['forbund', [...MUNICIPALITIES, 'region-jonkopings-lan', 'forsakringskassan'], 'open', ['arbetsformedlingen']],
    ['forbund', [...MUNICIPALITIES, 'region-jonkopings-lan', 'forsakringskassan', 'arbetsformedlingen'], 'consensus', []],
  ] as const)('%s: %j approved → %s', (name, approved, status, waiting) => {
    const votes = approved.map((id, i) => approve(id, i));
    const tally = tallyDecision(decision, votes, consensusVoters(files[name]!), now);
    expect(tally.status).toBe(status);
    expect(tally.waiting).toEqual(waiting);
    expect(tally.voices).toHaveLength(consensusVoters(files[name]!).length);
  });
});

describe('the setting in a partnership file', () => {
  const minimal = {
    id: 'test',
    name: 'Test',
    host: 'Host',
    members: [
      { id: 'a', name: 'A', kind: 'municipality', code: '0001' },
      { id: 'r', name: 'R', kind: 'region' },
    ],
    networks: [{ id: 's', name: 'S', kind: 'steeringGroup' }],
  };

  it('defaults to the municipalities, so a file without it behaves as before', () => {
    const p = parsePartnership(minimal, 'x.json');
    expect(p.consensusMembers).toBe('municipalities');
    expect(consensusVoters(p).map((m) => m.id)).toEqual(['a']);
    expect(consensusVoters(parsePartnership({ ...minimal, consensusMembers: 'allMembers' }, 'x.json')).map((m) => m.id)).toEqual(['a', 'r']);
  });

  it('refuses another value, naming the field', () => {
    let error: unknown;
    try {
      parsePartnership({ ...minimal, consensusMembers: 'everyone' }, 'x.json');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as ConfigError).message)).toContain('consensusMembers');
    expect(String((error as ConfigError).message)).toContain('consensusMembers must be "municipalities" or "allMembers"');
  });
});
