import type { Feature } from '../feature.js';
import { gateVerbs } from './gates.js';
import { sweepGateVotes } from './votes.js';

/** Projektstegen: a project's gates, submitted and decided on its card by the group that owns it. */
export const gates = {
  name: 'gates',
  cardVerbs: gateVerbs,
  jobs: [{ name: 'gate votes', run: sweepGateVotes }],
} satisfies Feature;
