import type { Feature } from '../feature.js';
import { gateVerbs } from './gates.js';

/** Projektstegen: a project's gates, submitted and decided on its card. */
export const gates = {
  name: 'gates',
  cardVerbs: gateVerbs,
} satisfies Feature;
