import type { Person, Role } from '../config/partnership.js';

/**
 * Authorization in one place: which person may do what. Every handler that changes something, or
 * gives out something restricted, asks `authorize(person, action, subject)`; nothing in src/teams
 * looks at roles itself. Look-ups that everyone in the served tenants may do (projekt, beslut,
 * fördelning, påminnelser, mina, hjälp) are not actions here.
 *
 * The person comes from the activity's AAD id (never from card data); `undefined` is somebody the
 * partnership file does not know. The subject is what the action is about: the municipality answered
 * or voted for, the network owning a proposal, a project's participating municipalities, its proposer
 * and contact person.
 */

/** The person as far as authorization looks at them. */
export type Who = Pick<Person, 'id' | 'member' | 'roles' | 'networks'>;

/** What each action is about. `undefined`: nothing beyond the person. */
export interface Subjects {
  /** `nytt förslag` and sending a new BG0 form. */
  propose: undefined;
  /** "Ändra förslag" and saving the edited form. */
  editProposal: { createdBy: string; contactPersonId: string };
  /** "Vi deltar" / "Vi deltar inte" for `memberId` on a proposal made in `networkId`, owned by `ownerNetworkId`. */
  answer: { memberId: string; networkId: string; ownerNetworkId?: string | undefined };
  /** `nytt beslut`, the decision form, "Begär beslut om gemensamma medel", "Öppna reviderat beslut". */
  openDecision: undefined;
  /** "Stäng nu". */
  closeDecision: undefined;
  /** "Förläng". */
  extendDecision: undefined;
  /** Godkänn / Avslå / Hänskjuts till nämnd, for `memberId` (a member that votes in the body's consensus decisions). */
  vote: { memberId: string };
  /** "Nämndbeslut" of `memberId`. */
  recordCommittee: { memberId: string };
  /** "Protokoll": signed links to the decision record; "Sammanställning": to a consultation round's compilation. */
  fetchProtocol: undefined;
  /** "Lämna in för beslut": a gate's document. */
  submitGate: { contactPersonId: string };
  /** "Godkänn grind" / "Återremittera" on a project owned by `networkId` (its portfolio's group) with these participating municipalities. */
  decideGate: { networkId: string; participants: readonly string[] };
  /** "Avbryt projekt". */
  cancelProject: { contactPersonId: string };
  /** `koppla <nätverk>`. */
  linkChannel: undefined;
  /** "Klart" on a report reminder, for a municipality. */
  reportDoneForMember: { memberId: string };
  /** "Klart" on a report reminder, for a network. */
  reportDoneForNetwork: { networkId: string };
  /** "Klart" on a report reminder, for a project. */
  reportDoneForProject: { contactPersonId: string };
  /** "Klart" on a report the office owes the members (Q1, Q2, annual report): sent to them. */
  reportDoneForOffice: undefined;
  /** `påminnelser förhandsvisa|pausa|återuppta <id>`. */
  manageReminders: undefined;
  /** `export`: the CSV of every project. */
  exportProjects: undefined;
  /** `ny remiss` and its form: open a consultation round. */
  openConsultation: undefined;
  /** A member's statement in a consultation round ("Lämna yttrande", "Avstår", "Begär anstånd"), for `memberId`. */
  answerConsultation: { memberId: string };
  /** The same, recorded by the office on the member's behalf (marked so). */
  answerConsultationOnBehalf: undefined;
  /** "Ge anstånd" to a member, and "Stäng remissen". */
  manageConsultation: undefined;
  /** `min kommun`, `kommun <namn>`: one municipality's part (the partnership is open between its members). */
  viewMunicipality: undefined;
  /** `översikt`, `årsöversikt <år>`: the partnership's year. */
  viewOverview: undefined;
}

export type Action = keyof Subjects;

/** In which capacity a person is allowed. */
export type Capacity = 'coordinator' | 'socialChief' | 'deputyChief' | 'representative' | 'networkMember' | 'proposer' | 'contactPerson' | 'member' | 'person';

/**
 * Why not: somebody the partnership does not know; a person without a municipality where one is
 * needed; a person of another municipality than the subject's; a person without the role.
 */
export type Refusal = 'unknownPerson' | 'noMember' | 'otherMember' | 'noRole';

/** One way to be allowed: every condition given must hold; then the person acts `as` that capacity. */
interface Grant<S> {
  as: Capacity;
  /** Has this role. */
  role?: Role;
  /** Sits in some network. */
  anyNetwork?: true;
  /** Sits in this network, or in one of these. */
  network?: (s: S) => string | readonly (string | undefined)[];
  /** Is this person (the proposer, the contact person). */
  is?: (s: S) => string;
  /** Belongs to this municipality, or to one of these. */
  member?: (s: S) => string | readonly string[];
}

interface Rule<S> {
  /**
   * The municipality the person acts for. Checked before the grants: the person must belong to one
   * (else `noMember`), and to this one (else `otherMember`).
   */
  actsFor?: (s: S) => string;
  /** Tried in order; the first that holds gives the capacity. None: refused. */
  grants: readonly Grant<S>[];
}

const coordinator = { as: 'coordinator', role: 'coordinator' } as const;
const socialChief = { as: 'socialChief', role: 'socialChief' } as const;
const deputyChief = { as: 'deputyChief', role: 'deputyChief' } as const;
const representative = { as: 'representative', role: 'representative' } as const;
const anyPerson = { as: 'person' } as const;

/** THE TABLE. Change a rule here and tests/unit/authorization.test.ts must be changed with it. */
export const RULES = {
  // Coordinators, and anyone who leads a member's social services or sits in one of its networks.
  propose: { grants: [coordinator, socialChief, deputyChief, { as: 'networkMember', anyNetwork: true }] },
  editProposal: { grants: [coordinator, { as: 'proposer', is: (s) => s.createdBy }, { as: 'contactPerson', is: (s) => s.contactPersonId }] },
  // Only for one's own municipality: its social chief, the chief's deputy, or its member of the network
  // the proposal was made in or of the group that owns it.
  answer: {
    actsFor: (s) => s.memberId,
    grants: [socialChief, deputyChief, { as: 'networkMember', network: (s) => [s.networkId, s.ownerNetworkId] }],
  },
  openDecision: { grants: [coordinator] },
  closeDecision: { grants: [coordinator] },
  extendDecision: { grants: [coordinator] },
  // One member, one voice, for their own member: a municipality's social chief or the chief's deputy,
  // and for any member the person the file names its representative. Whether the member votes at all
  // is the body's (consensusMembers in the partnership file), asked by the decisions feature.
  vote: { actsFor: (s) => s.memberId, grants: [socialChief, deputyChief, representative] },
  // A coordinator for any member, or the member's own social chief (not the deputy) or representative.
  recordCommittee: { grants: [coordinator, { ...socialChief, member: (s) => s.memberId }, { ...representative, member: (s) => s.memberId }] },
  fetchProtocol: { grants: [anyPerson] },
  submitGate: { grants: [coordinator, { as: 'contactPerson', is: (s) => s.contactPersonId }] },
  // The owning group's members from participating municipalities (rule 4). Not a coordinator: the
  // coordinators are staff of the host, not the group; they submit a gate's document and cancel a
  // project, and the group decides. Four eyes (not the submitter, not the contact person) is a rule
  // of the gate's history: gate-decision.ts.
  decideGate: { grants: [{ as: 'networkMember', network: (s) => s.networkId, member: (s) => s.participants }] },
  cancelProject: { grants: [coordinator, { as: 'contactPerson', is: (s) => s.contactPersonId }] },
  linkChannel: { grants: [coordinator] },
  // Anyone of the municipality in the partnership file (not a coordinator of the host).
  reportDoneForMember: { actsFor: (s) => s.memberId, grants: [{ as: 'member' }] },
  reportDoneForNetwork: { grants: [coordinator, { as: 'networkMember', network: (s) => s.networkId }] },
  reportDoneForProject: { grants: [coordinator, { as: 'contactPerson', is: (s) => s.contactPersonId }] },
  // The office's reports are the coordinators' to send; the municipalities receive them.
  reportDoneForOffice: { grants: [coordinator] },
  manageReminders: { grants: [coordinator] },
  exportProjects: { grants: [coordinator] },
  openConsultation: { grants: [coordinator] },
  // One member, one statement: for a municipality its social chief or the chief's deputy; for any
  // member (region, agency, association or municipality) a person the file names its representative.
  answerConsultation: { actsFor: (s) => s.memberId, grants: [socialChief, deputyChief, representative] },
  answerConsultationOnBehalf: { grants: [coordinator] },
  manageConsultation: { grants: [coordinator] },
  viewMunicipality: { grants: [anyPerson] },
  // A member's representative too: in a samordningsförbund the members' voices are their representatives.
  viewOverview: { grants: [coordinator, socialChief, deputyChief, representative] },
} as const satisfies { [A in Action]: Rule<Subjects[A]> };

/** The capacities an action can be allowed in, from the table. */
export type CapacityOf<A extends Action> = (typeof RULES)[A]['grants'][number]['as'];

export type Authorization<A extends Action> = { ok: true; capacity: CapacityOf<A> } | { ok: false; reason: Refusal };

const SPECIFIC: Record<Refusal, number> = { noRole: 0, unknownPerson: 1, noMember: 2, otherMember: 3 };

function check<S>(person: Who, grant: Grant<S>, subject: S): Refusal | undefined {
  if (grant.role && !person.roles.includes(grant.role)) return 'noRole';
  if (grant.anyNetwork && person.networks.length === 0) return 'noRole';
  if (grant.network) {
    const networks = grant.network(subject);
    if (typeof networks === 'string' ? !person.networks.includes(networks) : !networks.some((n) => n !== undefined && person.networks.includes(n))) return 'noRole';
  }
  if (grant.is && person.id !== grant.is(subject)) return 'noRole';
  if (grant.member) {
    if (!person.member) return 'noMember';
    const members = grant.member(subject);
    if (typeof members === 'string' ? person.member !== members : !members.includes(person.member)) return 'otherMember';
  }
  return undefined;
}

/** May `person` do `action` (about `subject`)? Allowed with a capacity, or refused with a reason. */
export function authorize<A extends Action>(
  person: Who | undefined,
  action: A,
  ...subject: Subjects[A] extends undefined ? [] : [Subjects[A]]
): Authorization<A> {
  const rule = RULES[action] as Rule<Subjects[A]>;
  const s = subject[0] as Subjects[A];
  if (!person) return { ok: false, reason: 'unknownPerson' };
  if (rule.actsFor) {
    if (!person.member) return { ok: false, reason: 'noMember' };
    if (person.member !== rule.actsFor(s)) return { ok: false, reason: 'otherMember' };
  }
  let reason: Refusal = 'noRole';
  for (const grant of rule.grants) {
    const failed = check(person, grant, s);
    if (!failed) return { ok: true, capacity: grant.as as CapacityOf<A> };
    if (SPECIFIC[failed] > SPECIFIC[reason]) reason = failed;
  }
  return { ok: false, reason };
}

export const ACTIONS = Object.keys(RULES) as Action[];
