import { csvField } from '../../domain/csv.js';
import type { Member, Person } from '../../config/partnership.js';
import type { DecisionKind } from '../../domain/consensus.js';
import { protocolMessages, type ProtocolLocale, type ProtocolMessages, type RecordNote } from '../../i18n/protocol.js';
import { protocolForVoters } from './texts.js';
import { formatLocalDateTime } from '../../domain/calendar.js';
import { escapeMarkdown } from '../../domain/text.js';
import type { Tally, Voice, VoteRecord } from '../../domain/consensus.js';

/**
 * The decision record ("Protokoll") of a consensus decision (rules 2–3): what was asked, the outcome
 * and why, every municipality's final voice and the full history of votes, as Markdown for reading
 * and as CSV for Swedish Excel. Pure: everything it shows comes from its input.
 */

export interface ProtocolDecision {
  id: string;
  kind: DecisionKind;
  question: string;
  background: string;
  amountSek?: number | null;
  closesAt: string;
  closedAt?: string;
  createdBy: string;
  createdAt: string;
  /** The proposal whose joint funds this decides. */
  proposalId?: string;
  /** The earlier decision this one revises. */
  revises?: string;
  /** Closing early and extending, with who and when (DecisionRecord.changes). */
  changes?: readonly { at: string; personId: string; action: 'closed' | 'extended'; from: string; to: string }[];
}

export interface ProtocolInput {
  decision: ProtocolDecision;
  /** All vote records; those of other decisions are ignored. */
  votes: readonly VoteRecord[];
  /** The voting members (the body's consensusVoters), in the order the record lists them. */
  members: readonly Member[];
  /** Who they are: the municipalities (the catalogue's words), or every member of the body. */
  voters?: 'municipalities' | 'allMembers';
  people: readonly Person[];
  /** The outcome, from tallyDecision over the same votes. */
  tally: Tally;
  timeZone: string;
  locale: ProtocolLocale;
  generatedAt: Date;
}

export interface RenderedProtocol {
  markdown: string;
  csv: string;
  /** Without extension: the caller adds .md or .csv. */
  filename: string;
}

interface HistoryEntry {
  record: VoteRecord;
  member?: Member;
  note: RecordNote;
}

const BOM = '\uFEFF';
const CRLF = '\r\n';

export function renderProtocol(input: ProtocolInput): RenderedProtocol {
  // An unknown zone would print every time wrong; refuse it instead.
  new Intl.DateTimeFormat('sv-SE', { timeZone: input.timeZone });
  const t = protocolForVoters(protocolMessages(input.locale), input.locale, input.voters);
  const history = classify(input);
  return {
    markdown: renderMarkdown(input, t, history),
    csv: renderCsv(input, t, history),
    filename: `protokoll-${input.decision.id.replace(/[^A-Za-z0-9-]/g, '_')}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Which record counts

const recordKey = (r: VoteRecord): string =>
  [r.memberId, r.at, r.position, r.personId, r.capacity, r.activityId ?? '', r.reason ?? '', r.committee?.reference ?? ''].join('\u0000');

const timeOf = (at: string): number => {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? Infinity : ms;
};

/**
 * The records of this decision in the order the tally read them (time, then as stored), each marked:
 * the member's counting voice, replaced by a later vote of the same member, or cast after the
 * outcome was settled.
 */
function classify(input: ProtocolInput): HistoryEntry[] {
  const members = new Map(input.members.map((m) => [m.id, m]));
  const ordered = input.votes
    .filter((r) => r.decisionId === input.decision.id)
    .map((record, index) => ({ record, index }))
    .sort((a, b) => timeOf(a.record.at) - timeOf(b.record.at) || a.index - b.index)
    .map((e) => e.record);

  // The tally's record for each member; matched by identity, or by content when the tally was made
  // from a copy of the records.
  const counting = new Set<number>();
  for (const voice of input.tally.voices) {
    const record = voice.record;
    if (!record) continue;
    let at = ordered.indexOf(record);
    if (at < 0) at = ordered.findLastIndex((r) => recordKey(r) === recordKey(record));
    if (at >= 0) counting.add(at);
  }

  return ordered.map((record, i) => {
    const member = members.get(record.memberId);
    let note: RecordNote;
    if (!member) note = 'notMember';
    else if (counting.has(i)) note = 'counts';
    else if ([...counting].some((j) => j > i && ordered[j]?.memberId === record.memberId)) note = 'superseded';
    else if (input.tally.status !== 'open') note = 'afterSettlement';
    else note = 'notCounted';
    return { record, member, note };
  });
}

// ---------------------------------------------------------------------------------------------
// Shared wording

function time(at: string | Date, timeZone: string): string {
  const ms = at instanceof Date ? at.getTime() : Date.parse(at);
  return Number.isNaN(ms) ? String(at) : formatLocalDateTime(new Date(ms), timeZone);
}

const nameOf = (people: readonly Person[], personId: string): string => people.find((p) => p.id === personId)?.name ?? personId;

function memberName(input: ProtocolInput, memberId: string): string {
  return input.members.find((m) => m.id === memberId)?.name ?? memberId;
}

/** The outcome and why, in words (not yet escaped). */
function outcome(input: ProtocolInput, t: ProtocolMessages): { status: string; why: string[] } {
  const { tally } = input;
  const status = t.status[tally.status];
  if (tally.status === 'open') return { status, why: [t.openSummary(tally.approved.length, input.members.length)] };
  if (tally.status === 'consensus') return { status, why: [t.consensusWhy(input.members.length)] };
  const why: string[] = [];
  if (tally.reason === 'rejected')
    for (const r of tally.rejected) why.push(t.rejectedWhy(memberName(input, r.memberId), r.reason?.trim() || undefined));
  if (tally.reason === 'closedEarly') why.push(t.closedEarlyWhy);
  if ((tally.reason === 'missingAtClose' || tally.reason === 'closedEarly') && tally.waiting.length > 0) {
    const referred = new Set(tally.referred);
    why.push(t.missingWhy(tally.waiting.map((id) => (referred.has(id) ? t.atCommittee(memberName(input, id)) : memberName(input, id)))));
  }
  return { status, why };
}

// ---------------------------------------------------------------------------------------------
// Markdown

// The record is read in Markdown viewers (CommonMark), where a backslash escape is the rule for < and >.

/** User text inside a line: no Markdown or HTML of its own, one line. */
function mdInline(text: string): string {
  return escapeMarkdown(text.replace(/\r\n|\r|\n/g, ' ').trim(), { angles: 'backslash', lineStarts: false });
}

/** User text as a table cell: as mdInline, with line breaks kept as <br>. */
function mdCell(text: string | undefined): string {
  if (!text) return '';
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => escapeMarkdown(line.trim(), { angles: 'backslash', lineStarts: false }))
    .join('<br>');
}

/** One line of a block of user text: also no heading, list, quote or code block. */
function mdBlockLine(line: string): string {
  return escapeMarkdown(line.trim(), { angles: 'backslash', lineStarts: true });
}

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]): string[] => [
  row(head),
  row(head.map(() => '---')),
  ...rows.map(row),
];

function renderMarkdown(input: ProtocolInput, t: ProtocolMessages, history: readonly HistoryEntry[]): string {
  const { decision, people, timeZone, tally } = input;
  const c = t.columns;
  const lines: string[] = [`# ${t.title(mdInline(decision.id))}`, ''];

  const { status, why } = outcome(input, t);
  const facts: [string, string][] = [
    [t.facts.question, mdInline(decision.question)],
    [t.facts.kind, t.kinds[decision.kind] ?? mdInline(String(decision.kind))],
  ];
  if (typeof decision.amountSek === 'number') facts.push([t.facts.amount, t.money(decision.amountSek)]);
  if (decision.proposalId) facts.push([t.facts.proposal, mdInline(decision.proposalId)]);
  if (decision.revises) facts.push([t.facts.revises, mdInline(decision.revises)]);
  facts.push([t.facts.openedBy, t.openedBy(mdInline(nameOf(people, decision.createdBy)), time(decision.createdAt, timeZone))]);
  facts.push([t.facts.closes, time(decision.closesAt, timeZone)]);
  // Who moved the closing time, and who closed it early; a bare closedAt when that was not kept.
  const changes = [...(decision.changes ?? [])].sort((a, b) => timeOf(a.at) - timeOf(b.at));
  for (const change of changes) {
    const who = mdInline(nameOf(people, change.personId));
    if (change.action === 'extended')
      facts.push([t.facts.extended, t.extendedBy(time(change.from, timeZone), time(change.to, timeZone), who, time(change.at, timeZone))]);
    else facts.push([t.facts.closedAt, t.closedBy(time(change.to, timeZone), who)]);
  }
  if (decision.closedAt && !changes.some((c) => c.action === 'closed')) facts.push([t.facts.closedAt, time(decision.closedAt, timeZone)]);
  facts.push([t.facts.outcome, `**${status}**${why.length ? ` — ${why.map(mdInline).join('; ')}` : ''}`]);
  if (tally.settledAt) facts.push([t.facts.settledAt, time(tally.settledAt, timeZone)]);
  lines.push(...facts.map(([label, value]) => `- **${label}:** ${value}`), '');

  const background = decision.background.trim();
  if (background) {
    lines.push(`## ${t.background}`, '');
    lines.push(...background.split(/\r\n|\r|\n/).map((line) => (line.trim() ? `> ${mdBlockLine(line)}` : '>')), '');
  }

  lines.push(`## ${t.positionsHeading}`, '');
  const voices = new Map(tally.voices.map((v) => [v.memberId, v]));
  lines.push(
    ...table(
      [c.member, c.voice, c.by, c.capacity, c.at, c.reason, c.committeeReference, c.committeeDate],
      input.members.map((m) => {
        const voice = voices.get(m.id);
        const r = voice?.record;
        const word = t.voices[voice?.voice ?? ('none' satisfies Voice)];
        if (!r) return [mdCell(m.name), word, '', '', '', '', '', ''];
        return [
          mdCell(m.name),
          word,
          mdCell(nameOf(people, r.personId)),
          t.capacity[r.capacity],
          time(r.at, timeZone),
          mdCell(r.reason),
          r.capacity === 'committee' ? mdCell(r.committee?.reference) : '',
          r.capacity === 'committee' ? mdCell(r.committee?.date) : '',
        ];
      }),
    ),
    '',
  );

  lines.push(`## ${t.historyHeading}`, '');
  if (history.length === 0) lines.push(t.historyEmpty, '');
  else
    lines.push(
      ...table(
        [c.at, c.member, c.voice, c.by, c.capacity, c.reason, c.committeeReference, c.committeeDate, c.note],
        history.map(({ record: r, member, note }) => [
          time(r.at, timeZone),
          mdCell(member?.name ?? r.memberId),
          t.positions[r.position],
          mdCell(nameOf(people, r.personId)),
          t.capacity[r.capacity],
          mdCell(r.reason),
          mdCell(r.committee?.reference),
          mdCell(r.committee?.date),
          t.notes[note],
        ]),
      ),
      '',
    );

  lines.push('---', '', `${t.timeZone(mdInline(timeZone))} ${t.footer(time(input.generatedAt, timeZone))}`, '');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// CSV

export { csvField } from '../../domain/csv.js';

function renderCsv(input: ProtocolInput, t: ProtocolMessages, history: readonly HistoryEntry[]): string {
  const { decision, people, timeZone } = input;
  const c = t.columns;
  const rows: string[][] = [
    [c.decision, c.member, c.code, c.voice, c.counts, c.by, c.capacity, c.at, c.reason, c.committeeReference, c.committeeDate],
  ];
  const recordRow = ({ record: r, member, note }: HistoryEntry): string[] => [
    decision.id,
    member?.name ?? r.memberId,
    member?.code ?? '',
    t.positions[r.position],
    note === 'counts' ? t.yes : t.no,
    nameOf(people, r.personId),
    t.capacity[r.capacity],
    time(r.at, timeZone),
    r.reason ?? '',
    r.committee?.reference ?? '',
    r.committee?.date ?? '',
  ];
  // Member by member in the config's order, each member's records in time order; a member without
  // a counting voice also gets an "Ej röstat" row, so every member's final position is in the file.
  for (const member of input.members) {
    const own = history.filter((e) => e.member === member);
    rows.push(...own.map(recordRow));
    if (!own.some((e) => e.note === 'counts'))
      rows.push([decision.id, member.name, member.code ?? '', t.voices.none, t.no, '', '', '', '', '', '']);
  }
  rows.push(...history.filter((e) => !e.member).map(recordRow));
  return BOM + rows.map((cells) => cells.map(csvField).join(';') + CRLF).join('');
}
