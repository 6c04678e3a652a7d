import type { DecisionStatus, Position, Voice, VoteCapacity } from '../domain/consensus.js';
import type { DecisionKind } from '../domain/consensus.js';
import { formatNumber } from './numbers.js';

/**
 * Strings of the decision record ("Protokoll"), Swedish first. Kept apart from sv.ts/en.ts: the
 * record is a document, not chat text, and its words must stay stable once people file it.
 */

export type ProtocolLocale = 'sv' | 'en';

/** How a history record stands in the outcome. */
export type RecordNote = 'counts' | 'superseded' | 'afterSettlement' | 'notCounted' | 'notMember';

/** "A, B och C". */
const joinList = (items: readonly string[], and: string): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;

/** Whole-number groups with a plain space ("150 000"), decimals with the locale's mark. */
const amount = (n: number, locale: string): string =>
  formatNumber(n, locale, { max: 2 }).replace(/[\u00a0\u202f]/g, ' ');

const sv = {
  title: (id: string) => `Protokoll — Beslut ${id}`,
  facts: {
    question: 'Fråga',
    kind: 'Typ av beslut',
    amount: 'Belopp',
    openedBy: 'Öppnat av',
    closes: 'Röstning stänger',
    closedAt: 'Stängt av samordnare',
    extended: 'Förlängt',
    proposal: 'Förslag',
    revises: 'Ersätter',
    outcome: 'Utfall',
    settledAt: 'Avgjort',
  },
  openedBy: (name: string, at: string) => `${name}, ${at}`,
  extendedBy: (from: string, to: string, who: string, at: string) => `från ${from} till ${to} (${who}, ${at})`,
  closedBy: (at: string, who: string) => `${at} (${who})`,
  money: (n: number) => `${amount(n, 'sv-SE')} kr`,
  kinds: { jointFunds: 'Gemensamma medel för projekt', operationalPlan: 'Verksamhetsplan', financing: 'Finansiering', other: 'Annat' } satisfies Record<DecisionKind, string>,
  status: { open: 'Öppet för röster', consensus: 'Beslutat i konsensus', noConsensus: 'Ej konsensus' } satisfies Record<DecisionStatus, string>,
  openSummary: (approved: number, total: number) => `${approved} av ${total} kommuner har godkänt`,
  consensusWhy: (total: number) => `alla ${total} kommuner har godkänt`,
  rejectedWhy: (member: string, reason: string | undefined) =>
    reason ? `avslag från ${member} med skäl: ”${reason}”` : `avslag från ${member}, inget skäl angivet`,
  missingWhy: (members: readonly string[]) => `saknade svar från ${joinList(members, 'och')}`,
  closedEarlyWhy: 'stängt i förtid',
  atCommittee: (member: string) => `${member} (hos nämnd)`,
  background: 'Bakgrund',
  positionsHeading: 'Kommunernas ställning',
  historyHeading: 'Ändringshistorik',
  historyEmpty: 'Inga röster har lämnats.',
  columns: {
    decision: 'Beslut',
    member: 'Kommun',
    code: 'Kommunkod',
    voice: 'Ställning',
    counts: 'Räknas',
    by: 'Avgiven av',
    capacity: 'Roll',
    at: 'Tidpunkt',
    reason: 'Skäl',
    committeeReference: 'Nämndreferens',
    committeeDate: 'Nämnddatum',
    note: 'Anmärkning',
  },
  voices: { approved: 'Godkänt', rejected: 'Avslaget', referred: 'Hos nämnd', none: 'Ej röstat' } satisfies Record<Voice, string>,
  positions: { approve: 'Godkänt', reject: 'Avslaget', refer: 'Hos nämnd' } satisfies Record<Position, string>,
  capacity: { socialChief: 'socialchef', deputyChief: 'ersättare', representative: 'företrädare', committee: 'nämndbeslut' } satisfies Record<VoteCapacity, string>,
  notes: {
    counts: 'räknas',
    superseded: 'ersatt av senare röst',
    afterSettlement: 'räknas inte — efter avgörandet',
    notCounted: 'räknas inte',
    notMember: 'räknas inte — ej röstande medlem',
  } satisfies Record<RecordNote, string>,
  yes: 'ja',
  no: 'nej',
  timeZone: (zone: string) => `Tider anges i tidszon ${zone}.`,
  footer: (at: string) => `Utskrivet ${at}`,
};

export type ProtocolMessages = typeof sv;

const en: ProtocolMessages = {
  title: (id) => `Minutes — Decision ${id}`,
  facts: {
    question: 'Question',
    kind: 'Type of decision',
    amount: 'Amount',
    openedBy: 'Opened by',
    closes: 'Voting closes',
    closedAt: 'Closed by coordinator',
    extended: 'Extended',
    proposal: 'Proposal',
    revises: 'Replaces',
    outcome: 'Outcome',
    settledAt: 'Settled',
  },
  openedBy: (name, at) => `${name}, ${at}`,
  extendedBy: (from, to, who, at) => `from ${from} to ${to} (${who}, ${at})`,
  closedBy: (at, who) => `${at} (${who})`,
  money: (n) => `${amount(n, 'en-GB')} SEK`,
  kinds: { jointFunds: 'Joint funds for a project', operationalPlan: 'Operational plan', financing: 'Financing', other: 'Other' },
  status: { open: 'Open for votes', consensus: 'Decided by consensus', noConsensus: 'No consensus' },
  openSummary: (approved, total) => `${approved} of ${total} municipalities have approved`,
  consensusWhy: (total) => `all ${total} municipalities approved`,
  rejectedWhy: (member, reason) => (reason ? `rejected by ${member} with the reason: “${reason}”` : `rejected by ${member}, no reason given`),
  missingWhy: (members) => `no answer from ${joinList(members, 'and')}`,
  closedEarlyWhy: 'closed early',
  atCommittee: (member) => `${member} (with committee)`,
  background: 'Background',
  positionsHeading: 'Position of each municipality',
  historyHeading: 'Change history',
  historyEmpty: 'No votes have been cast.',
  columns: {
    decision: 'Decision',
    member: 'Municipality',
    code: 'Municipality code',
    voice: 'Position',
    counts: 'Counts',
    by: 'Cast by',
    capacity: 'Capacity',
    at: 'Time',
    reason: 'Reason',
    committeeReference: 'Committee reference',
    committeeDate: 'Committee date',
    note: 'Note',
  },
  voices: { approved: 'Approved', rejected: 'Rejected', referred: 'With committee', none: 'Not voted' },
  positions: { approve: 'Approved', reject: 'Rejected', refer: 'With committee' },
  capacity: { socialChief: 'social chief', deputyChief: 'deputy', representative: 'representative', committee: 'committee decision' },
  notes: {
    counts: 'counts',
    superseded: 'replaced by a later vote',
    afterSettlement: 'does not count — after the outcome was settled',
    notCounted: 'does not count',
    notMember: 'does not count — not a voting member',
  },
  yes: 'yes',
  no: 'no',
  timeZone: (zone) => `Times are in time zone ${zone}.`,
  footer: (at) => `Printed ${at}`,
};

const catalogues: Record<ProtocolLocale, ProtocolMessages> = { sv, en };

export function protocolMessages(locale: ProtocolLocale): ProtocolMessages {
  return catalogues[locale];
}
