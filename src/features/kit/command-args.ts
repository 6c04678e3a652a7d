import { z } from 'zod/v4';

/** Pieces of command schemas shared by the features. */

/** A name the user typed (a network, a person, a rule, a year): one line, bounded. What it names is looked up by the handler. */
export const Arg = z.string().trim().min(1).max(200);
export const ProposalIdArg = z.string().regex(/^P-\d{4}-\d{3,}$/i).transform((s) => s.toUpperCase());
export const DecisionIdArg = z.string().regex(/^B-\d{4}-\d{3,}$/i).transform((s) => s.toUpperCase());

/** The same ids as the recognisers see them (folded text is lower case). */
export const PROPOSAL_ID_FOLDED = /^p-\d{4}-\d{3,}$/;
export const DECISION_ID_FOLDED = /^b-\d{4}-\d{3,}$/;
