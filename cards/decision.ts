import type { Messages } from '../src/i18n/index.js';
import type { Tally, Voice } from '../src/domain/consensus.js';
import type { DecisionKindValue } from '../src/domain/decision-form.js';
import { escapeMarkdown } from '../src/domain/text.js';
import { banner, card, execute, facts, literal, table, text, type AdaptiveCard } from './elements.js';

export const VOTE_VERB = 'decision.vote';
export const COMMITTEE_VERB = 'decision.committee';
export const CLOSE_VERB = 'decision.close';
export const EXTEND_VERB = 'decision.extend';
export const REVISE_VERB = 'decision.revise';
export const PROTOCOL_VERB = 'decision.protocol';

export interface DecisionCardView {
  id: string;
  kind: DecisionKindValue;
  question: string;
  background: string;
  amountSek: number | null;
  closesAtText: string;
  openedByName: string;
  tally: Tally;
  settledAtText?: string;
  /** member id → display name */
  memberNames: Record<string, string>;
  rows: { member: string; voice: Voice; by: string }[];
  proposalId?: string;
  revises?: string;
  /** The revised decision that replaces this one (no consensus), if one was opened. */
  revisedBy?: string;
  /** Closing early and extensions, as lines to show. */
  changeLines: string[];
  /** Municipalities whose question is with their committee, for the committee form. */
  referred: { id: string; name: string }[];
  today: string;
  /** The channels the card is in, and those it is still waiting to be posted in. */
  postedIn?: string;
  notice?: { text: string; tone: 'good' | 'attention' | 'warning' };
}

/**
 * How a settled decision ended, in words; undefined while it is open. On the card the status stands
 * above it; a line that stands alone (the channel's announcement) names the status itself.
 */
export function decisionOutcomeLine(
  m: Messages,
  v: Pick<DecisionCardView, 'tally' | 'memberNames' | 'settledAtText'>,
  standsAlone = false,
): string | undefined {
  const d = m.decision;
  const names = (ids: string[]) => ids.map((id) => v.memberNames[id] ?? id);
  const t = v.tally;
  const withStatus = (line: string) => (standsAlone ? `${d.status[t.status]}. ${line}` : line);
  if (t.status === 'consensus') return withStatus(d.consensusLine(v.settledAtText ?? ''));
  if (t.reason === 'rejected') return withStatus(t.rejected.map((r) => d.rejectedLine(v.memberNames[r.memberId] ?? r.memberId, escapeMarkdown(r.reason ?? ''))).join(' '));
  // These two name their cause themselves; the announcement has always shown them without the status.
  if (t.reason === 'closedEarly') return d.closedEarlyLine(names(t.waiting));
  if (t.reason === 'missingAtClose') return d.missingLine(names(t.waiting));
  return undefined;
}

/** The decision with its live tally, one row per municipality, and the vote buttons while open. */
export function decisionCard(m: Messages, v: DecisionCardView): AdaptiveCard {
  const d = m.decision;
  const names = (ids: string[]) => ids.map((id) => v.memberNames[id] ?? id);
  const t = v.tally;
  const total = t.voices.length;
  const statusColor = { open: 'Accent', consensus: 'Good', noConsensus: 'Attention' }[t.status];
  const outcomeLine = decisionOutcomeLine(m, v);
  const open = t.status === 'open';
  return card(
    [
      v.notice && banner(v.notice.text, v.notice.tone),
      text(d.heading(v.id), { size: 'Small', isSubtle: true, spacing: 'Small' }),
      literal(v.question, { size: 'Large', weight: 'Bolder', spacing: 'None' }),
      text(d.status[t.status], { weight: 'Bolder', color: statusColor, id: 'status' }),
      text(d.summaryOpen(t.approved.length, total, names(t.waiting)), { weight: 'Bolder', id: 'summary' }),
      !!outcomeLine && text(outcomeLine, { id: 'outcome' }),
      facts([
        [d.facts.kind, d.kinds[v.kind]],
        ...(v.amountSek !== null ? ([[d.facts.amount, m.money(v.amountSek)]] as [string, string][]) : []),
        [d.facts.closes, v.closesAtText],
        [d.facts.openedBy, v.openedByName],
        ...(v.proposalId ? ([[d.proposalFact, v.proposalId]] as [string, string][]) : []),
        ...(v.revises ? ([[d.revisesFact, v.revises]] as [string, string][]) : []),
        ...(v.revisedBy ? ([[d.revisedByFact, v.revisedBy]] as [string, string][]) : []),
        ...(v.postedIn ? ([[m.posting.fact, v.postedIn]] as [string, string][]) : []),
      ]),
      ...v.changeLines.map((line) => text(line, { isSubtle: true, size: 'Small' })),
      !!v.background && literal(v.background),
      // The member's column the widest: "Arbetsförmedlingen" does not break in a narrow one.
      table([d.table.member, d.table.voice, d.table.by], v.rows.map((r) => [r.member, d.voices[r.voice], r.by]), [6, 4, 6]),
    ],
    open
      ? [
          execute(d.buttons.approve, VOTE_VERB, { decisionId: v.id, position: 'approve' }, { style: 'positive' }),
          {
            type: 'Action.ShowCard',
            title: d.buttons.reject,
            card: {
              type: 'AdaptiveCard',
              version: '1.5',
              body: [{ type: 'Input.Text', id: 'reason', label: d.reasonLabel, isMultiline: true, isRequired: true, maxLength: 1000, errorMessage: d.reasonRequired }],
              actions: [execute(d.buttons.confirmReject, VOTE_VERB, { decisionId: v.id, position: 'reject' }, { style: 'destructive', associatedInputs: 'auto' })],
            },
          },
          execute(d.buttons.refer, VOTE_VERB, { decisionId: v.id, position: 'refer' }),
          ...(v.referred.length
            ? [
                {
                  type: 'Action.ShowCard',
                  title: d.buttons.committee,
                  card: {
                    type: 'AdaptiveCard',
                    version: '1.5',
                    body: [
                      { type: 'Input.ChoiceSet', id: 'memberId', label: d.committeeLabels.member, style: 'compact', isRequired: true, value: v.referred[0]!.id, choices: v.referred.map((r) => ({ title: r.name, value: r.id })) },
                      {
                        type: 'Input.ChoiceSet',
                        id: 'outcome',
                        label: d.committeeLabels.outcome,
                        style: 'expanded',
                        isRequired: true,
                        choices: [
                          { title: d.committeeLabels.approved, value: 'approved' },
                          { title: d.committeeLabels.rejected, value: 'rejected' },
                        ],
                      },
                      { type: 'Input.Text', id: 'reference', label: d.committeeLabels.reference, isRequired: true, maxLength: 100, placeholder: d.committeeLabels.placeholder },
                      { type: 'Input.Date', id: 'date', label: d.committeeLabels.date, isRequired: true, max: v.today },
                    ],
                    actions: [execute(d.buttons.recordCommittee, COMMITTEE_VERB, { decisionId: v.id }, { associatedInputs: 'auto' })],
                  },
                },
              ]
            : []),
          {
            type: 'Action.ShowCard',
            title: d.buttons.coordinator,
            card: {
              type: 'AdaptiveCard',
              version: '1.5',
              body: [
                { type: 'Input.Date', id: 'closesDate', label: d.newCloseLabel, min: v.today },
                { type: 'Input.Time', id: 'closesTime', label: d.labels.closesTime, value: '16:00' },
              ],
              actions: [
                execute(d.buttons.extend, EXTEND_VERB, { decisionId: v.id }, { associatedInputs: 'auto' }),
                execute(d.buttons.closeNow, CLOSE_VERB, { decisionId: v.id }, { associatedInputs: 'none', style: 'destructive' }),
              ],
            },
          },
        ]
      : [
          ...(t.status === 'noConsensus' && !v.revisedBy ? [execute(d.buttons.revise, REVISE_VERB, { decisionId: v.id })] : []),
          execute(d.buttons.protocol, PROTOCOL_VERB, { decisionId: v.id }),
        ],
  );
}
