/**
 * Synthetic store for the benchmark: years of a large county's history in the real store format,
 * checked against StoreDataSchema before it is written.
 *
 *   tsx src/tools/bench/generate.ts <10y|100y> <out.json> [serviceUrl]
 *
 * "10y": 1 000 proposals (P-YYYY-NNN over 10 years), 13 000 participation answers, about 5 500 gate
 * events, 500 decisions, 6 500 votes; "100y" ten times that (over 100 years). A handful of proposals and decisions are still
 * open relative to the real clock (answer deadline / closing time in the future), so the benchmark's
 * answers and votes are accepted. Every open decision has one "holdout" municipality that has not
 * voted; the benchmark never votes for it, so no decision reaches consensus while it runs.
 */
import { writeFile } from 'node:fs/promises';
import { loadPartnership, municipalities, type Partnership, type Person } from '../../config/partnership.js';
import { localDate, localYear } from '../../domain/calendar.js';
import { nextId, type IdKind } from '../../domain/ids.js';
import { conversationRecordOf } from '../../features/kit/conversation.js';
import {
  StoreDataSchema,
  emptyStore,
  type ConversationRecord,
  type DecisionKind,
  type DecisionRecord,
  type ProposalRecord,
  type StoreData,
} from '../../store/schema.js';

export type StoreSize = '10y' | '100y';

export const SIZES: Record<StoreSize, { years: number; proposals: number; participation: number; decisions: number; votes: number }> = {
  '10y': { years: 10, proposals: 1_000, participation: 13_000, decisions: 500, votes: 6_500 },
  '100y': { years: 100, proposals: 10_000, participation: 130_000, decisions: 5_000, votes: 65_000 },
};

/** How many proposals and decisions are still open (answers / votes accepted) in either size. */
export const OPEN_PROPOSALS = 26;
export const OPEN_DECISIONS = 26;

export const TEAM_ID = '19:team-kommunal-utveckling@thread.tacv2';
export const channelIdOf = (networkId: string) => `19:${networkId}@thread.tacv2`;
export const personalChatIdOf = (personId: string) => `a:personal-${personId}`;
export const BOT = { id: '28:samverkan-bot', name: 'Samverkan' };

const DAY = 86_400_000;
const KINDS: DecisionKind[] = ['jointFunds', 'operationalPlan', 'financing', 'other'];

export interface GeneratedStore {
  data: StoreData;
  /** Open proposals (answers accepted) and open decisions with their holdout member. */
  openProposals: { id: string; networkId: string; cardActivityId: string }[];
  openDecisions: { id: string; holdout: string; cardActivityId: string }[];
}

/** A Teams-like activity, used only to derive conversation references the way the bot does. */
export function teamsActivity(
  p: Partnership,
  serviceUrl: string,
  from: Pick<Person, 'id' | 'aadObjectId' | 'name'>,
  conversation: { id: string; type: 'personal' | 'channel'; name?: string },
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  const tenant = p.tenants[0]!;
  const channelData: Record<string, unknown> = { tenant: { id: tenant } };
  if (conversation.type === 'channel') {
    channelData.team = { id: TEAM_ID, name: 'Kommunal utveckling' };
    channelData.channel = { id: conversation.id, name: conversation.name };
  }
  return {
    channelId: 'msteams',
    serviceUrl,
    locale: 'sv-SE',
    from: { id: `29:${from.id}`, name: from.name, aadObjectId: from.aadObjectId },
    recipient: BOT,
    conversation: {
      id: conversation.id,
      conversationType: conversation.type,
      tenantId: tenant,
      ...(conversation.type === 'channel' ? { isGroup: true } : {}),
    },
    channelData,
    ...fields,
  };
}

const LADDER = ['BG0', 'BG1', 'BG2', 'BG3', 'BG4'] as const;

/**
 * A past project's way up projektstegen, as the bot records it (submit, then approve, a month apart):
 * by its number none to all five gates, some with a gate sent back once, every seventh cancelled.
 * About 2.5 gates a project, so the overview reads a realistic gate history of every project.
 */
function gateEvents(data: StoreData, proposal: ProposalRecord, created: Date, i: number, by: string, until: number): void {
  // A recent project has got as far as time allows: nothing is recorded after `until`.
  const passed = Math.max(0, Math.min(i % 6, Math.floor((until - created.getTime() - 40 * DAY) / (30 * DAY + (i % 4 === 0 ? 30 * DAY : 0)))));
  let t = created.getTime() + 40 * DAY;
  const at = () => new Date((t += 15 * DAY)).toISOString();
  const document = (gate: string) => ({ title: `${gate} ${proposal.title}`, url: `https://samverkan.example.se/${proposal.id}/${gate}.docx` });
  for (const gate of LADDER.slice(0, passed)) {
    if (i % 4 === 0 && gate === 'BG1') {
      data.gateEvents.push({ proposalId: proposal.id, kind: 'submit', gate, at: at(), by, document: document(gate) });
      data.gateEvents.push({ proposalId: proposal.id, kind: 'sendBack', gate, at: at(), by, reason: 'Komplettera budgeten' });
    }
    data.gateEvents.push({ proposalId: proposal.id, kind: 'submit', gate, at: at(), by, document: document(gate) });
    data.gateEvents.push({ proposalId: proposal.id, kind: 'approve', gate, at: at(), by });
  }
  if (i % 7 === 0 && passed < 5 && t + 15 * DAY < until) data.gateEvents.push({ proposalId: proposal.id, kind: 'cancel', at: at(), by, reason: 'Finansieringen föll bort' });
}

/** Deterministic pseudo-random numbers (mulberry32), so two runs build the same store. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS = ['Trygg hemgång', 'Digital tillsyn', 'Barnahus', 'Kompetenslyft', 'Anhörigstöd', 'Samordnad individuell plan', 'Välfärdsteknik', 'Heltid som norm', 'Suicidprevention', 'Ungdomsmottagning'];
const text = (r: () => number, words: number) =>
  Array.from({ length: words }, () => ['utveckling', 'kommunerna', 'samverkan', 'länet', 'brukare', 'kvalitet', 'uppföljning', 'insats', 'regionen', 'personal'][Math.floor(r() * 10)]).join(' ');

export function generateStore(p: Partnership, size: StoreSize, now: Date, serviceUrl: string): GeneratedStore {
  const spec = SIZES[size];
  const r = rng(size === '10y' ? 10 : 100);
  const tz = p.timeZone;
  const data = emptyStore();
  const members = municipalities(p);
  const chiefOf = new Map(members.map((m) => [m.id, p.people.find((x) => x.member === m.id && x.roles.includes('socialChief'))!]));
  const coordinator = p.people.find((x) => x.roles.includes('coordinator'))!;
  const steering = p.networks.find((n) => n.kind === 'steeringGroup')!;
  const projectNetworks = p.networks.filter((n) => n.kind !== 'steeringGroup');
  const start = now.getTime() - spec.years * 365.25 * DAY;
  const span = now.getTime() - DAY - start;
  const iso = (t: number) => new Date(t).toISOString();
  const counters: Record<string, number> = {};
  const next = (kind: IdKind, at: Date) => {
    const year = localYear(at, tz);
    const drawn = nextId(counters, kind, year);
    counters[drawn.counter] = drawn.sequence;
    return { year, seq: drawn.sequence, id: drawn.id };
  };

  // Conversations: every network's channel (linked) and a personal chat with every person.
  const installedAt = iso(start);
  const conversations: ConversationRecord[] = [];
  for (const n of p.networks) {
    const id = channelIdOf(n.id);
    const rec = conversationRecordOf(teamsActivity(p, serviceUrl, coordinator, { id, type: 'channel', name: n.name }) as Parameters<typeof conversationRecordOf>[0]);
    conversations.push({ ...rec, installedAt, updatedAt: installedAt });
    data.networkChannels.push({ networkId: n.id, conversationId: id, linkedBy: coordinator.id, linkedAt: installedAt });
  }
  for (const person of p.people) {
    const rec = conversationRecordOf(teamsActivity(p, serviceUrl, person, { id: personalChatIdOf(person.id), type: 'personal' }) as Parameters<typeof conversationRecordOf>[0]);
    conversations.push({ ...rec, installedAt, updatedAt: installedAt });
  }
  data.conversations = conversations;

  // Proposals, each answered by all 13 municipalities (13 000 answers for 1 000 proposals).
  const openProposals: GeneratedStore['openProposals'] = [];
  let answerSeq = 0;
  const futureDeadline = localDate(new Date(now.getTime() + 60 * DAY), tz);
  for (let i = 0; i < spec.proposals; i++) {
    const created = new Date(start + (span * i) / spec.proposals);
    const { year, seq, id } = next('proposal', created);
    const open = i >= spec.proposals - OPEN_PROPOSALS;
    const network = projectNetworks[i % projectNetworks.length]!;
    const joint = r() < 0.3;
    const proposal: ProposalRecord = {
      id,
      title: `${TOPICS[i % TOPICS.length]} ${year}:${seq}`,
      background: text(r, 40),
      goals: text(r, 20),
      regionalValue: text(r, 12),
      networkId: network.id,
      contactPersonId: coordinator.id,
      plannedStart: localDate(new Date(created.getTime() + 90 * DAY), tz),
      estimatedCostSek: Math.round(r() * 2_000) * 1_000,
      jointFundsRequested: joint,
      jointFundsSek: joint ? Math.round(r() * 500) * 1_000 : null,
      answerDeadline: open ? futureDeadline : localDate(new Date(created.getTime() + 30 * DAY), tz),
      createdBy: coordinator.id,
      createdByAad: coordinator.aadObjectId,
      createdAt: created.toISOString(),
      updatedAt: created.toISOString(),
      formActivityId: `gen-form-${id}`,
      originConversationId: personalChatIdOf(coordinator.id),
      edits: [],
    };
    data.proposals.push(proposal);
    const cardActivityId = `gen-card-${id}`;
    data.postedCards.push({ proposalId: id, conversationId: channelIdOf(network.id), activityId: cardActivityId, postedAt: proposal.createdAt });
    if (open) openProposals.push({ id, networkId: network.id, cardActivityId });
    else gateEvents(data, proposal, created, i, coordinator.id, now.getTime() - DAY);
    members.forEach((m, k) => {
      const chief = chiefOf.get(m.id)!;
      data.participation.push({
        proposalId: id,
        memberId: m.id,
        // At least two take part, so no past proposal is left "not feasible" for the sweeper.
        answer: k < 2 || r() < 0.4 ? 'participates' : 'declines',
        personId: chief.id,
        aadObjectId: chief.aadObjectId,
        capacity: 'socialChief',
        at: iso(created.getTime() + (1 + k) * 3_600_000),
        activityId: `gen-answer-${++answerSeq}`,
      });
    });
  }

  // Decisions: closed ones with 13 votes and their outcome told; open ones with 12 (the holdout has not voted).
  const openDecisions: GeneratedStore['openDecisions'] = [];
  let voteSeq = 0;
  const chiefsChannel = channelIdOf(steering.id);
  const closedWithVotes: DecisionRecord[] = [];
  for (let i = 0; i < spec.decisions; i++) {
    const created = new Date(start + (span * (i + 0.5)) / spec.decisions);
    const { year, id } = next('decision', created);
    const openIndex = i - (spec.decisions - OPEN_DECISIONS);
    const open = openIndex >= 0;
    const closesAt = open ? iso(now.getTime() + (30 + openIndex) * DAY) : iso(created.getTime() + 21 * DAY);
    const kind = KINDS[i % KINDS.length]!;
    const decision: DecisionRecord = {
      id,
      kind,
      question: `${kind === 'jointFunds' ? 'Gemensamma medel till' : 'Beslut om'} ${TOPICS[i % TOPICS.length]} (${year})`,
      background: text(r, 30),
      amountSek: kind === 'jointFunds' || kind === 'financing' ? Math.round(r() * 500) * 1_000 : null,
      closesAt,
      createdBy: coordinator.id,
      createdByAad: coordinator.aadObjectId,
      createdAt: created.toISOString(),
      formActivityId: `gen-dform-${id}`,
      originConversationId: personalChatIdOf(coordinator.id),
      changes: [],
      remindersSent: [],
    };
    const cardActivityId = `gen-dcard-${id}`;
    data.postedDecisionCards.push({ decisionId: id, conversationId: chiefsChannel, activityId: cardActivityId, postedAt: decision.createdAt });
    const holdout = open ? members[openIndex % members.length]!.id : undefined;
    const rejecting = !open && i % 5 === 4 ? members[i % members.length]!.id : undefined;
    members.forEach((m, k) => {
      if (m.id === holdout) return;
      const chief = chiefOf.get(m.id)!;
      const position = m.id === rejecting ? 'reject' : open && k % 2 === 1 ? 'refer' : 'approve';
      data.votes.push({
        decisionId: id,
        memberId: m.id,
        position,
        ...(position === 'reject' ? { reason: 'Nämnden har inte budget i år' } : {}),
        personId: chief.id,
        aadObjectId: chief.aadObjectId,
        capacity: 'socialChief',
        at: iso(created.getTime() + (1 + k) * 3_600_000),
        activityId: `gen-vote-${++voteSeq}`,
      });
    });
    if (!open) {
      decision.outcomeNotifiedAt = closesAt;
      closedWithVotes.push(decision);
    } else openDecisions.push({ id, holdout: holdout!, cardActivityId });
    data.decisions.push(decision);
  }
  // Top up to the exact vote count with earlier referrals, replaced later by the recorded vote.
  for (let k = 0; data.votes.length < spec.votes; k++) {
    const d = closedWithVotes[k % closedWithVotes.length]!;
    const m = members[k % members.length]!;
    const chief = chiefOf.get(m.id)!;
    data.votes.push({
      decisionId: d.id,
      memberId: m.id,
      position: 'refer',
      personId: chief.id,
      aadObjectId: chief.aadObjectId,
      capacity: 'socialChief',
      at: iso(Date.parse(d.createdAt) + 60_000),
      activityId: `gen-vote-${++voteSeq}`,
    });
  }
  // The history is in time order, as the bot would have appended it.
  data.votes.sort((a, b) => a.at.localeCompare(b.at));
  data.participation.sort((a, b) => a.at.localeCompare(b.at));
  data.gateEvents.sort((a, b) => a.at.localeCompare(b.at));
  data.counters = counters;
  data.remindersSince = iso(now.getTime() - DAY);
  return { data: StoreDataSchema.parse(data), openProposals, openDecisions };
}

async function main(): Promise<void> {
  const [size, out, serviceUrl = 'http://127.0.0.1:9/'] = process.argv.slice(2);
  if ((size !== '10y' && size !== '100y') || !out) {
    console.error('usage: tsx src/tools/bench/generate.ts <10y|100y> <out.json> [serviceUrl]');
    process.exit(2);
  }
  const p = await loadPartnership(process.env.PARTNERSHIP_FILE ?? 'data/partnership.jonkoping.json');
  const g = generateStore(p, size, new Date(), serviceUrl);
  await writeFile(out, JSON.stringify(g.data, null, 1));
  const d = g.data;
  console.log(`${out}: ${d.proposals.length} proposals, ${d.participation.length} answers, ${d.decisions.length} decisions, ${d.votes.length} votes`);
}

if ((process.argv[1] ?? '').endsWith('generate.ts')) await main();
