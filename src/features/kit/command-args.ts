import { z } from 'zod/v4';
import { DECISION_ID, PROPOSAL_ID } from '../../domain/ids.js';

/** Pieces of command schemas shared by the features. */

/** A name the user typed (a network, a person, a rule, a year): one line, bounded. What it names is looked up by the handler. */
export const Arg = z.string().trim().min(1).max(200);
export const ProposalIdArg = z.string().regex(PROPOSAL_ID).transform((s) => s.toUpperCase());
export const DecisionIdArg = z.string().regex(DECISION_ID).transform((s) => s.toUpperCase());
