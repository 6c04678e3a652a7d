import { refused, seenBefore, type Decided } from './decided.js';
import { judgeGateDecision, type GateDecisionRefusal } from './gate-decision.js';
import { gateDelivery, type Press } from './delivery.js';
import { isBlank } from './text.js';

/**
 * Projektstegen (rule 4): a project passes decision gates in order, each with its document.
 * Main track BG0 → BG1 → BG2 → BG3 → BG4; the implementation track BG2.i → BG3.i branches off after
 * BG2. Gates are not skipped or passed twice; a send-back is kept, not erased; a project closed
 * early ("Avbryt projekt") moves no further.
 */

export const GATES = ['BG0', 'BG1', 'BG2', 'BG3', 'BG4', 'BG2.i', 'BG3.i'] as const;
export type Gate = (typeof GATES)[number];

/** The gate each gate needs passed first. */
const REQUIRES: Record<Gate, Gate[]> = {
  BG0: [],
  BG1: ['BG0'],
  BG2: ['BG1'],
  BG3: ['BG2'],
  BG4: ['BG3'],
  'BG2.i': ['BG2'],
  'BG3.i': ['BG2.i'],
};

export interface GateDocument {
  title: string;
  url: string;
}

/** How a submitted gate is decided, fixed when it is submitted (see gate-decision.ts). */
export type GateDecisionMode = { mode: 'single' } | { mode: 'majority'; closesAt: string };

/** The votes a majority decision rests on: who approved, who sent back, how many could vote; `closed`: it closed without a majority. */
export interface GateMajority {
  approve: string[];
  sendBack: string[];
  eligible: number;
  closed?: boolean;
}

/**
 * A decision (approve, sendBack) keeps the document it decided on and any comment; one a majority
 * vote came to keeps its votes (`majority`), and one that closed without a majority has no person.
 * A `vote` is one member's voice in a majority decision; it moves nothing by itself.
 */
export type GateEvent =
  | { kind: 'submit'; gate: Gate; at: string; by: string; document: GateDocument; decision?: GateDecisionMode }
  | { kind: 'approve'; gate: Gate; at: string; by: string; comment?: string; document?: GateDocument; majority?: GateMajority }
  | { kind: 'sendBack'; gate: Gate; at: string; by: string; reason: string; comment?: string; document?: GateDocument; majority?: GateMajority }
  | { kind: 'vote'; gate: Gate; at: string; by: string; position: 'approve' | 'sendBack'; reason?: string; comment?: string }
  | { kind: 'cancel'; at: string; by: string; reason: string };

export interface GateState {
  passed: Gate[];
  /** The gate whose document waits for a decision, if any. */
  pending?: Gate;
  cancelled: boolean;
}

export type GateRefusal = 'cancelled' | 'alreadyPassed' | 'notReady' | 'pendingOther' | 'notPending' | 'reasonRequired' | 'finished' | 'jointFundsPending' | 'tooFewParticipants';

/** A project's joint funds (gemensamma medel): not asked for, asked for and not yet granted, or granted by consensus. */
export type JointFunds = 'none' | 'pending' | 'granted';

/**
 * Joint money needs everyone (rule 2), before it is planned to be spent (rule 8): a project that asks
 * for joint funds passes BG2 (Projektplan) only once the consensus decision on that money is made.
 */
export function waitsForJointFunds(gate: Gate, jointFunds: JointFunds = 'none'): boolean {
  return gate === 'BG2' && jointFunds === 'pending';
}

/** Gates that may be submitted now. */
export function openGates(state: GateState): Gate[] {
  if (state.cancelled || state.pending || state.passed.includes('BG4')) return [];
  return GATES.filter((g) => !state.passed.includes(g) && REQUIRES[g].every((r) => state.passed.includes(r)));
}

/** Applies one event to the state, or says why it is refused; the state given is never changed. */
export function applyGateEvent(state: GateState, event: GateEvent): { ok: true; state: GateState } | { ok: false; reason: GateRefusal } {
  if (state.cancelled) return { ok: false, reason: 'cancelled' };
  switch (event.kind) {
    case 'submit':
      if (state.passed.includes(event.gate)) return { ok: false, reason: 'alreadyPassed' };
      if (state.pending) return { ok: false, reason: 'pendingOther' };
      if (state.passed.includes('BG4')) return { ok: false, reason: 'finished' };
      if (!REQUIRES[event.gate].every((r) => state.passed.includes(r))) return { ok: false, reason: 'notReady' };
      return { ok: true, state: { ...state, pending: event.gate } };
    case 'approve':
      if (state.pending !== event.gate) return { ok: false, reason: 'notPending' };
      return { ok: true, state: { passed: [...state.passed, event.gate], cancelled: false } };
    case 'sendBack':
      if (state.pending !== event.gate) return { ok: false, reason: 'notPending' };
      // A majority's send-back carries its votes (and their reasons) instead.
      if (isBlank(event.reason) && !event.majority) return { ok: false, reason: 'reasonRequired' };
      return { ok: true, state: { passed: [...state.passed], cancelled: false } };
    case 'vote':
      if (state.pending !== event.gate) return { ok: false, reason: 'notPending' };
      if (event.position === 'sendBack' && isBlank(event.reason ?? '')) return { ok: false, reason: 'reasonRequired' };
      return { ok: true, state };
    case 'cancel':
      if (state.passed.includes('BG4')) return { ok: false, reason: 'finished' };
      if (isBlank(event.reason)) return { ok: false, reason: 'reasonRequired' };
      return { ok: true, state: { passed: [...state.passed], cancelled: true } };
  }
}

/** The state after a project's whole history of gate events; refused events are skipped (they were never recorded). */
export function gateStateOf(history: readonly GateEvent[]): GateState {
  let state: GateState = { passed: [], cancelled: false };
  for (const event of history) {
    const next = applyGateEvent(state, event);
    if (next.ok) state = next.state;
  }
  return state;
}

/**
 * A press on the gate buttons, judged against the project's gate history as it stands: a re-delivered
 * press counts once (refused as a duplicate: its first answer said what happened).
 */
export function decideGateEvent(input: {
  proposalId: string;
  history: readonly GateEvent[];
  event: GateEvent;
  press: Press;
  /** Whether the project asks for joint funds, and whether the chiefs granted them by consensus. */
  jointFunds?: JointFunds;
  /** How many municipalities take part when the event is judged (participantsNow) and how many a project needs (rule 1). */
  participants?: { now: number; min: number };
  /** The project's contact person, who never decides its gates (four eyes). */
  contactPersonId?: string;
}): Decided<GateEvent, GateRefusal | GateDecisionRefusal | 'duplicate'> {
  const seen = seenBefore(input.press, gateDelivery({ proposalId: input.proposalId, ...input.event }));
  if (seen) return seen;
  if (input.event.kind === 'approve' && waitsForJointFunds(input.event.gate, input.jointFunds)) return refused('jointFundsPending');
  // Rule 1 through a project's life (rule 8): with too few participants left it passes no gate until enough take part again.
  if (input.event.kind === 'approve' && input.participants && input.participants.now < input.participants.min) return refused('tooFewParticipants');
  const applied = applyGateEvent(gateStateOf(input.history), input.event);
  if (!applied.ok) return refused(applied.reason);
  return judgeGateDecision(input.history, input.event, input.contactPersonId);
}
