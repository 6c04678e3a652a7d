import type { ProposalDraft } from '../../src/domain/proposal.js';
import { fileURLToPath } from 'node:url';
import { loadPartnership, type Partnership, type Person } from '../../src/config/partnership.js';

/** The shipped partnership config: tests use the real data, not a copy that can drift. */
export const CONFIG_FILE = fileURLToPath(new URL('../../data/partnership.jonkoping.json', import.meta.url));

export function loadRealPartnership(): Promise<Partnership> {
  return loadPartnership(CONFIG_FILE);
}

export function person(p: Partnership, id: string): Person {
  const found = p.people.find((x) => x.id === id);
  if (!found) throw new Error(`test setup: no person "${id}" in ${CONFIG_FILE}`);
  return found;
}

/** A proposal's checked draft, as the store takes it (Äldreomsorg, no joint funds). */
export const PROPOSAL_DRAFT: ProposalDraft = {
  title: 'Trygg hemgång',
  background: 'Bakgrund',
  goals: 'Mål',
  regionalValue: 'Regionalt värde',
  networkId: 'aldreomsorg',
  contactPersonId: 'aldre-jonkoping',
  plannedStart: null,
  estimatedCostSek: 150000,
  jointFundsRequested: false,
  jointFundsSek: null,
  answerDeadline: '2026-06-30',
};
