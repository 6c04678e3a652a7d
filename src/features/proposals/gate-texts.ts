import { featureTexts } from '../kit/texts.js';

/** What a project's card says of its owning group and of how its gates are decided (four eyes, votes). */
export const gateTexts = featureTexts({
  sv: {
    ownerFact: 'Ägande styrgrupp',
    noOwner: 'Saknas: välj en taktisk styrgrupp med Ändra förslag',
    how: {
      single: (group: string) => `Grindbeslut: en ledamot i ${group} från en deltagande kommun godkänner.`,
      majority: (group: string, days: number) =>
        `Grindbeslut: majoritet av ledamöterna i ${group} från deltagande kommuner, röstning i ${days} arbetsdagar.`,
    },
    preliminary: 'Preliminärt: hur styrgruppen beslutar om grindar står inte i avtalet och är ännu inte fastställt.',
    noDeciders: (group: string) => `Ingen ledamot i ${group} från en deltagande kommun kan besluta om grinden.`,
    fourEyes: (submitter: string, contact: string) =>
      submitter === contact
        ? `Beslutar inte (fyra ögon): ${submitter}, som lämnade in dokumentet och är kontaktperson.`
        : `Beslutar inte (fyra ögon): ${submitter}, som lämnade in dokumentet, och kontaktpersonen ${contact}.`,
    tally: (approve: number, sendBack: number, eligible: number, needed: number, closes: string) =>
      `Röstning: ${approve} godkänn, ${sendBack} återremittera av ${eligible} röstberättigade — ${needed} godkännanden behövs. Stänger ${closes}.`,
    approvedBy: (names: string[]) => `Godkänn: ${names.join(', ')}`,
    sentBackBy: (names: string[]) => `Återremittera: ${names.join('; ')}`,
    waiting: (names: string[]) => `Har inte röstat: ${names.join(', ')}`,
    byMajority: (approvals: number, eligible: number, names: string[]) => `majoritet (${approvals} av ${eligible}: ${names.join(', ')})`,
    sentBackByMajority: (gate: string, votes: number, eligible: number, reasons: string[]) =>
      `${gate} återremitterades av en majoritet (${votes} av ${eligible}): ${reasons.join('; ')}`,
    closedWithout: (gate: string, at: string, approvals: number, needed: number) =>
      `${gate} återremitterades: ingen majoritet när röstningen stängde ${at} (${approvals} godkände, ${needed} behövdes).`,
    decidedBy: (who: string, at: string) => ` (${who}, ${at})`,
    comment: 'Kommentar',
    commentLabel: 'Kommentar till beslutet (valfri)',
  },
  en: {
    ownerFact: 'Owning steering group',
    noOwner: 'None: choose a tactical steering group with Edit proposal',
    how: {
      single: (group: string) => `Gate decisions: one member of ${group} from a participating municipality approves.`,
      majority: (group: string, days: number) => `Gate decisions: a majority of the members of ${group} from participating municipalities, voting for ${days} working days.`,
    },
    preliminary: 'Preliminary: how the steering group decides gates is not in the agreement and not yet confirmed.',
    noDeciders: (group: string) => `No member of ${group} from a participating municipality can decide the gate.`,
    fourEyes: (submitter: string, contact: string) =>
      submitter === contact
        ? `Does not decide (four eyes): ${submitter}, who submitted the document and is the contact person.`
        : `Do not decide (four eyes): ${submitter}, who submitted the document, and the contact person ${contact}.`,
    tally: (approve: number, sendBack: number, eligible: number, needed: number, closes: string) =>
      `Vote: ${approve} approve, ${sendBack} send back of ${eligible} eligible — ${needed} approvals needed. Closes ${closes}.`,
    approvedBy: (names: string[]) => `Approve: ${names.join(', ')}`,
    sentBackBy: (names: string[]) => `Send back: ${names.join('; ')}`,
    waiting: (names: string[]) => `Not yet voted: ${names.join(', ')}`,
    byMajority: (approvals: number, eligible: number, names: string[]) => `a majority (${approvals} of ${eligible}: ${names.join(', ')})`,
    sentBackByMajority: (gate: string, votes: number, eligible: number, reasons: string[]) =>
      `${gate} was sent back by a majority (${votes} of ${eligible}): ${reasons.join('; ')}`,
    closedWithout: (gate: string, at: string, approvals: number, needed: number) =>
      `${gate} was sent back: no majority when the vote closed ${at} (${approvals} approved, ${needed} needed).`,
    decidedBy: (who: string, at: string) => ` (${who}, ${at})`,
    comment: 'Comment',
    commentLabel: 'Comment on the decision (optional)',
  },
});
