import type { Messages } from '../src/i18n/index.js';
import type { Tally, Voice } from '../src/domain/consensus.js';
import type { DecisionKindValue } from '../src/domain/decision-form.js';
import { banner, card, execute, facts, table, text, type AdaptiveCard } from './elements.js';

export const VOTE_VERB = 'decision.vote';

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
  notice?: { text: string; tone: 'good' | 'attention' | 'warning' };
}

/** The decision with its live tally, one row per municipality, and the vote buttons while open. */
export function decisionCard(m: Messages, v: DecisionCardView): AdaptiveCard {
  const d = m.decision;
  const names = (ids: string[]) => ids.map((id) => v.memberNames[id] ?? id);
  const t = v.tally;
  const total = t.voices.length;
  const statusColor = { open: 'Accent', consensus: 'Good', noConsensus: 'Attention' }[t.status];
  const outcomeLine =
    t.status === 'consensus'
      ? d.consensusLine(v.settledAtText ?? '')
      : t.reason === 'rejected'
        ? t.rejected.map((r) => d.rejectedLine(v.memberNames[r.memberId] ?? r.memberId, r.reason ?? '')).join(' ')
        : t.reason === 'closedEarly'
          ? d.closedEarlyLine(names(t.waiting))
          : t.reason === 'missingAtClose'
            ? d.missingLine(names(t.waiting))
            : undefined;
  const open = t.status === 'open';
  return card(
    [
      v.notice && banner(v.notice.text, v.notice.tone),
      text(d.heading(v.id), { size: 'Small', isSubtle: true, spacing: 'Small' }),
      text(v.question, { size: 'Large', weight: 'Bolder', spacing: 'None' }),
      text(d.status[t.status], { weight: 'Bolder', color: statusColor, id: 'status' }),
      text(d.summaryOpen(t.approved.length, total, names(t.waiting)), { weight: 'Bolder', id: 'summary' }),
      !!outcomeLine && text(outcomeLine, { id: 'outcome' }),
      facts([
        [d.facts.kind, d.kinds[v.kind]],
        ...(v.amountSek !== null ? ([[d.facts.amount, m.money(v.amountSek)]] as [string, string][]) : []),
        [d.facts.closes, v.closesAtText],
        [d.facts.openedBy, v.openedByName],
      ]),
      !!v.background && text(v.background),
      table([d.table.member, d.table.voice, d.table.by], v.rows.map((r) => [r.member, d.voices[r.voice], r.by]), [3, 3, 5]),
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
        ]
      : [],
  );
}
