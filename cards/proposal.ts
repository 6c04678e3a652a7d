import type { Messages } from '../src/i18n/index.js';
import type { Answer, Viability } from '../src/domain/participation.js';
import { hasEnded, type ProjectStatus } from '../src/domain/project-life.js';
import { banner, card, execute, facts, literal, text, table, type AdaptiveCard, type CardElement, type Run } from './elements.js';

export const ANSWER_VERB = 'participation.answer';
export const EDIT_VERB = 'proposal.edit';
export const JOIN_VERB = 'participation.join';
export const LEAVE_VERB = 'participation.leave';
export const REQUEST_DECISION_VERB = 'decision.request';
export const GATE_VERBS = { submit: 'gate.submit', approve: 'gate.approve', sendBack: 'gate.sendBack', cancel: 'gate.cancel' } as const;

export interface ProposalCardView {
  id: string;
  title: string;
  background: string;
  goals: string;
  regionalValue: string;
  networkName: string;
  /** The group that owns the project (its portfolio), as a fact: its label and value. */
  owner?: { label: string; value: string };
  contactName: string;
  proposedByName: string;
  plannedStart: string | null;
  estimatedCostSek: number | null;
  jointFundsRequested: boolean;
  jointFundsSek: number | null;
  jointFundsApproved?: { decisionId: string };
  answerDeadline: string;
  minParticipants: number;
  viability: Viability;
  /** Where the project is in its life; the participation rule's status until BG1 is passed. */
  status: ProjectStatus;
  /** `label`: what the row says instead of the answer (joined, leaving, left). */
  rows: { member: string; answer: Answer | null; by: string; label?: string }[];
  /** Too few participants now, or from a day ahead (a project that could start, rule 8). */
  shortage?: string;
  /** Joins and leaves after the answer deadline, each line shown literally (a reason is what a person typed). */
  changes?: { heading: string; lines: Run[][] };
  /** The cost split per period, once participation changed after the deadline (replaces `costSplit`). */
  costPeriods?: {
    heading: string;
    note: string;
    periods: { label: string; rows: { member: string; percent: string; amount: number }[]; empty?: string }[];
  };
  /** Gå med / Lämna, after the answer deadline of a project that can start or runs (for one viewer: only the one that applies). */
  changeActions?: { join?: string; leave?: { title: string; confirm: string; dateLabel: string; reasonLabel: string; date: string } };
  /** Projektstegen, once the project can start: each line shown literally, a document as a link run. */
  gates?: {
    lines: Run[][];
    open: { gate: string; name: string }[];
    pending?: { gate: string; name: string; blocked?: boolean };
    active: boolean;
    /** The label of the optional comment sent with a decision on the pending gate. */
    commentLabel?: string;
  };
  /** The estimated cost split by population among the participating municipalities. */
  costSplit?: { member: string; percent: string; amount: number }[];
  /** The channels the card is in, and those it is still waiting to be posted in. */
  postedIn?: string;
  /** A line only the person who pressed the button sees (Markdown: user text in it is escaped). */
  notice?: { text: string; tone: 'good' | 'attention' | 'warning' };
}

/** The proposal with its live participation table and the answer buttons. */
export function proposalCard(m: Messages, v: ProposalCardView): AdaptiveCard {
  const p = m.proposal;
  const yes = v.viability.participants.length;
  const total = v.rows.length;
  const statusColor = { open: 'Accent', canStart: 'Good', notFeasible: 'Attention', running: 'Good', finished: 'Default', cancelled: 'Attention' }[v.status];
  const ended = hasEnded(v.status);
  // A project that could start and has too few left says that instead of how many take part.
  const shortNow = v.viability.tooFew && !!v.shortage && (v.status === 'canStart' || v.status === 'running');
  const statusLine = shortNow
    ? v.shortage!
    : v.status === 'cancelled'
      ? p.cancelledLine
      : v.status === 'finished'
        ? p.finishedLine
        : v.status === 'running'
          ? p.runningLine(yes)
          : v.status === 'canStart'
            ? p.canStartLine(yes)
            : v.status === 'notFeasible'
              ? p.notFeasibleLine(v.answerDeadline, yes, v.minParticipants)
              : p.missingLine(
                  v.viability.missing.map((x) => (x === 'participants' ? p.missing.participants(v.viability.participantsNeeded) : p.missing.regionalValue)),
                );
  const section = (heading: string, body: string): CardElement[] => [
    text(heading, { weight: 'Bolder', spacing: 'Medium' }),
    body ? literal(body) : text(p.notStated, { isSubtle: true, spacing: 'None' }),
  ];
  const money = (n: number | null) => (n === null ? p.notStated : m.money(n));

  // An ended project asks nothing more of anyone.
  const answerActions = v.viability.answersOpen && !ended
    ? [
        execute(p.buttons.participate, ANSWER_VERB, { proposalId: v.id, answer: 'participates' }, { style: 'positive' }),
        execute(p.buttons.decline, ANSWER_VERB, { proposalId: v.id, answer: 'declines' }),
      ]
    : [];

  return card(
    [
      v.notice && banner(v.notice.text, v.notice.tone),
      text(p.heading(v.id), { size: 'Small', isSubtle: true, spacing: 'Small' }),
      literal(v.title, { size: 'Large', weight: 'Bolder', spacing: 'None' }),
      {
        type: 'ColumnSet',
        columns: [
          { type: 'Column', width: 'auto', items: [text(`${p.facts.status}:`, { weight: 'Bolder' })] },
          { type: 'Column', width: 'stretch', items: [text(p.status[v.status], { weight: 'Bolder', color: statusColor, id: 'status' })] },
        ],
      },
      text(statusLine, { id: 'status-line', spacing: 'None', ...(shortNow ? { color: 'Attention', weight: 'Bolder' } : {}) }),
      !shortNow && !!v.shortage && text(v.shortage, { id: 'shortage', color: 'Attention', weight: 'Bolder' }),
      text(p.tally(yes, total), { weight: 'Bolder', size: 'Medium', id: 'tally' }),
      text(p.tallyDetail(v.viability.declined.length, v.viability.unanswered.length), { isSubtle: true, spacing: 'None' }),
      !v.viability.answersOpen && !ended && v.status !== 'notFeasible' && text(p.answersClosed(v.answerDeadline), { isSubtle: true }),
      facts([
        [p.facts.network, v.networkName],
        ...(v.owner ? [[v.owner.label, v.owner.value] as [string, string]] : []),
        [p.facts.contact, v.contactName],
        [p.facts.proposedBy, v.proposedByName],
        [p.facts.plannedStart, v.plannedStart ?? p.notStated],
        [p.facts.cost, money(v.estimatedCostSek)],
        [
          p.facts.jointFunds,
          !v.jointFundsRequested ? p.jointFundsNo : v.jointFundsApproved ? p.jointFundsApproved(money(v.jointFundsSek), v.jointFundsApproved.decisionId) : money(v.jointFundsSek),
        ],
        [p.facts.deadline, v.answerDeadline],
        ...(v.postedIn ? [[m.posting.fact, v.postedIn] as [string, string]] : []),
      ]),
      ...section(p.sections.regionalValue, v.regionalValue),
      table(
        [p.table.member, p.table.answer, p.table.by],
        v.rows.map((r) => [r.member, r.label ?? (r.answer ? p.answers[r.answer] : p.answers.none), r.by]),
        [3, 3, 5],
      ),
      ...(v.changes?.lines.length
        ? [text(v.changes.heading, { weight: 'Bolder', spacing: 'Medium' }), ...v.changes.lines.map((line) => literal(line, { spacing: 'None' }))]
        : []),
      ...(v.gates ? gateSection(m, v.id, v.gates) : []),
      ...(v.costPeriods ? costPeriodSection(m, v.costPeriods) : []),
      ...(!v.costPeriods && v.costSplit?.length
        ? [
            text(m.allocation.projectHeading, { weight: 'Bolder', spacing: 'Medium' }),
            table(
              [m.allocation.table.member, m.allocation.table.share, m.allocation.table.amount],
              v.costSplit.map((c) => [c.member, c.percent, m.money(c.amount)]),
              [3, 2, 3],
            ),
          ]
        : []),
      {
        type: 'ActionSet',
        actions: [{ type: 'Action.ToggleVisibility', title: p.buttons.details, targetElements: ['details'] }],
      },
      { type: 'Container', id: 'details', isVisible: false, items: [...section(p.sections.background, v.background), ...section(p.sections.goals, v.goals)] },
    ],
    [
      ...answerActions,
      ...(v.changeActions && !ended ? changeActionsOf(v.id, v.changeActions) : []),
      execute(p.buttons.edit, EDIT_VERB, { proposalId: v.id }),
      ...(v.jointFundsRequested && !v.jointFundsApproved && !ended ? [execute(p.buttons.requestDecision, REQUEST_DECISION_VERB, { proposalId: v.id })] : []),
    ],
  );
}

function costPeriodSection(m: Messages, c: NonNullable<ProposalCardView['costPeriods']>): CardElement[] {
  return [
    text(c.heading, { weight: 'Bolder', spacing: 'Medium' }),
    text(c.note, { isSubtle: true, spacing: 'None' }),
    ...c.periods.flatMap((period) => [
      text(period.label, { weight: 'Bolder', spacing: 'Small' }),
      period.rows.length
        ? table(
            [m.allocation.table.member, m.allocation.table.share, m.allocation.table.amount],
            period.rows.map((r) => [r.member, r.percent, m.money(r.amount)]),
            [3, 2, 3],
          )
        : text(period.empty ?? '', { isSubtle: true, spacing: 'None' }),
    ]),
  ];
}

/** Gå med, and Lämna with its date and reason (the press says for which municipality: the presser's own). */
function changeActionsOf(proposalId: string, a: NonNullable<ProposalCardView['changeActions']>): CardElement[] {
  const actions: CardElement[] = [];
  if (a.join) actions.push(execute(a.join, JOIN_VERB, { proposalId }, { style: 'positive' }));
  if (a.leave)
    actions.push({
      type: 'Action.ShowCard',
      title: a.leave.title,
      card: {
        type: 'AdaptiveCard',
        version: '1.5',
        body: [
          { type: 'Input.Date', id: 'from', label: a.leave.dateLabel, isRequired: true, value: a.leave.date },
          { type: 'Input.Text', id: 'reason', label: a.leave.reasonLabel, isMultiline: true, isRequired: true, maxLength: 1000 },
        ],
        actions: [execute(a.leave.confirm, LEAVE_VERB, { proposalId }, { associatedInputs: 'auto' })],
      },
    });
  return actions;
}

function gateSection(m: Messages, proposalId: string, g: NonNullable<ProposalCardView['gates']>): CardElement[] {
  const t = m.gates;
  const reasonCard = (verb: string, title: string, data: Record<string, unknown>) => ({
    type: 'Action.ShowCard',
    title,
    card: {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'Input.Text', id: 'reason', label: t.reasonLabel, isMultiline: true, isRequired: true, maxLength: 1000 }],
      actions: [execute(title, verb, data, { associatedInputs: 'auto' })],
    },
  });
  const actions: CardElement[] = [];
  if (g.open.length)
    actions.push({
      type: 'Action.ShowCard',
      title: t.submit,
      card: {
        type: 'AdaptiveCard',
        version: '1.5',
        body: [
          { type: 'Input.ChoiceSet', id: 'gate', label: t.gateLabel, style: 'compact', isRequired: true, value: g.open[0]!.gate, choices: g.open.map((o) => ({ title: `${o.gate} ${o.name}`, value: o.gate })) },
          { type: 'Input.Text', id: 'title', label: t.titleLabel, isRequired: true, maxLength: 200 },
          { type: 'Input.Text', id: 'url', label: t.urlLabel, isRequired: true, maxLength: 2000, style: 'Url' },
        ],
        actions: [execute(t.submit, GATE_VERBS.submit, { proposalId }, { associatedInputs: 'auto' })],
      },
    });
  if (g.pending) {
    // A gate that waits for something else (the joint-funds decision) is not offered for approval.
    if (!g.pending.blocked) actions.push(execute(t.approve, GATE_VERBS.approve, { proposalId, gate: g.pending.gate }, { style: 'positive', ...(g.commentLabel ? { associatedInputs: 'auto' } : {}) }));
    actions.push(reasonCard(GATE_VERBS.sendBack, t.sendBack, { proposalId, gate: g.pending.gate }));
  }
  if (g.active) actions.push(reasonCard(GATE_VERBS.cancel, t.cancel, { proposalId }));
  return [
    text(t.heading, { weight: 'Bolder', spacing: 'Medium' }),
    ...g.lines.map((line) => literal(line, { spacing: 'None' })),
    ...(g.pending && g.commentLabel ? [{ type: 'Input.Text', id: 'comment', label: g.commentLabel, isMultiline: true, maxLength: 1000 }] : []),
    ...(actions.length ? [{ type: 'ActionSet', actions }] : []),
  ];
}
