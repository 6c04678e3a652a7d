import type { GateState } from './gates.js';
import type { ProposalStatus } from './participation.js';

/**
 * A project's life, one status wherever it is shown (card, `projekt`, `mina`, export): a proposal
 * (open for answers) → can start or not feasible (participation, rule 1) → running once BG1 is
 * passed → finished when BG4 (Slutrapport) is passed, or cancelled with a reason (rule 8).
 */
export type ProjectStatus = ProposalStatus | 'running' | 'finished' | 'cancelled';

export function projectStatus(participation: ProposalStatus, gates: Pick<GateState, 'passed' | 'cancelled'>): ProjectStatus {
  if (gates.cancelled) return 'cancelled';
  if (gates.passed.includes('BG4')) return 'finished';
  if (gates.passed.includes('BG1')) return 'running';
  return participation;
}

/** A project that reports, is reminded and takes gate decisions: it can start or runs. */
export function isLive(status: ProjectStatus): boolean {
  return status === 'canStart' || status === 'running';
}

/** Over: nothing more is asked of it (no answers, reminders or gates). */
export function hasEnded(status: ProjectStatus): boolean {
  return status === 'finished' || status === 'cancelled';
}
