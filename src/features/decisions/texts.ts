import { onlyMunicipalities, type Partnership } from '../../config/partnership.js';
import type { Messages } from '../../i18n/index.js';
import type { ProtocolLocale, ProtocolMessages } from '../../i18n/protocol.js';
import { featureTexts } from '../kit/texts.js';

/**
 * The decision texts that name who votes. The catalogue's say "kommun" (the partnership's rules 2–3);
 * a body whose every member votes (`consensusMembers: allMembers`, e.g. a samordningsförbund with a
 * region and state agencies) gets these words instead.
 */
const allMembers = featureTexts({
  sv: {
    formHeading: (body: string) => `Nytt beslut i ${body}`,
    formIntro: 'Alla medlemmar måste godkänna (konsensus). En röst per medlem; tystnad är inte ett godkännande.',
    consensusLine: (at: string) => `Alla medlemmar har godkänt (${at}).`,
    member: 'Medlem',
    refused: {
      noMember: 'Du är inte knuten till någon medlem och kan inte rösta.',
      otherMember: 'Du kan bara rösta för din egen organisation.',
      noRole: 'Bara medlemmens företrädare kan rösta för den (för en kommun också socialchefen eller dennes ersättare).',
    },
    committeeRefused: 'Bara samordnare, kommunens socialchef och medlemmens företrädare kan registrera medlemmens beslut.',
    notReferred: 'Medlemmen har inte hänskjutit frågan till sitt eget beslutsorgan. Inget är ändrat.',
    // A state agency has no nämnd: the member's own deciding body.
    referral: {
      voice: 'Hos eget beslutsorgan',
      refer: 'Hänskjuts till eget beslutsorgan',
      committee: 'Beslutsorganets beslut',
      recordCommittee: 'Registrera beslutsorganets beslut',
      outcome: 'Beslutsorganets beslut',
      date: 'Datum för beslutet',
      capacity: 'beslut i eget beslutsorgan',
      recorded: (member: string, outcome: string) => `Registrerat: ${member} — beslut i eget beslutsorgan, ${outcome.toLowerCase()}.`,
      invalid: 'Välj medlem och beslutsorganets beslut, och ange paragraf/diarienummer och ett datum som inte ligger i framtiden.',
      mineLine: (id: string, question: string, closes: string, referred: boolean) =>
        `**${id}** ${question} — ${referred ? 'hos eget beslutsorgan, ' : ''}röstningen stänger ${closes}`,
    },
    referencePlaceholder: '§ 42, dnr 2026/123',
    help: {
      decide: (body: string) => ['nytt beslut', `Öppna ett konsensusbeslut i ${body}: alla medlemmar måste godkänna (samordnare).`],
      decideByMunicipalities: (body: string) => ['nytt beslut', `Öppna ett konsensusbeslut i ${body}: alla medlemskommuner måste godkänna (samordnare).`],
      decisions: ['beslut [B-2026-003]', 'Lista besluten, eller visa ett med varje medlems röst.'],
    },
    referredReminder: (id: string, question: string, closes: string, member: string) =>
      `Påminnelse: **${id} ${question}** stänger ${closes}. Frågan ligger för beslut hos ${member} — registrera beslutet på kortet i tid.`,
  },
  en: {
    formHeading: (body: string) => `New decision in ${body}`,
    formIntro: 'Every member must approve (consensus). One voice per member; silence is not approval.',
    consensusLine: (at: string) => `All members have approved (${at}).`,
    member: 'Member',
    refused: {
      noMember: 'You are not linked to a member and cannot vote.',
      otherMember: 'You can only vote for your own organisation.',
      noRole: "Only the member's representative can vote for it (for a municipality also the social chief or the chief's deputy).",
    },
    committeeRefused: "Only coordinators, the municipality's social chief and the member's representative can record the member's decision.",
    notReferred: 'The member has not referred the question to its own deciding body. Nothing changed.',
    referral: {
      voice: 'With its own deciding body',
      refer: 'Refer to own deciding body',
      committee: "Deciding body's decision",
      recordCommittee: "Record the deciding body's decision",
      outcome: "The deciding body's decision",
      date: 'Date of the decision',
      capacity: 'decision of its own deciding body',
      recorded: (member: string, outcome: string) => `Recorded: ${member} — decision of its own deciding body, ${outcome.toLowerCase()}.`,
      invalid: "Choose the member and its deciding body's decision, and give the paragraph/diary number and a date not in the future.",
      mineLine: (id: string, question: string, closes: string, referred: boolean) =>
        `**${id}** ${question} — ${referred ? 'with its own deciding body, ' : ''}voting closes ${closes}`,
    },
    referencePlaceholder: '§ 42, reg. no. 2026/123',
    help: {
      decide: (body: string) => ['new decision', `Open a consensus decision in ${body}: every member must approve (coordinators).`],
      decideByMunicipalities: (body: string) => ['new decision', `Open a consensus decision in ${body}: every member municipality must approve (coordinators).`],
      decisions: ['decisions [B-2026-003]', "List the decisions, or show one with each member's vote."],
    },
    referredReminder: (id: string, question: string, closes: string, member: string) =>
      `Reminder: **${id} ${question}** closes ${closes}. The question is with ${member} for its decision — record the decision on the card in time.`,
  },
});

const refusals = featureTexts({
  sv: { notVoter: (member: string) => `${member} röstar inte i konsensusbesluten; där röstar medlemskommunerna. Inget är registrerat.` },
  en: { notVoter: (member: string) => `${member} does not vote in consensus decisions; the member municipalities do. Nothing was recorded.` },
});

/** A vote for a member that is not among the body's voters. */
export const notVoterText = (m: Messages, member: string): string => refusals(m).notVoter(member);

/**
 * The catalogue `m` with the decision words of the body: the Jönköping partnership's as they are; a
 * body with members of other kinds names its own group (not "socialchefsnätverket"); a body whose
 * every member votes speaks of members and of each member's own deciding body.
 */
export function decisionMessages(p: Pick<Partnership, 'consensusMembers' | 'networks' | 'members'>, m: Messages): Messages {
  const t = allMembers(m);
  const d = m.decision;
  const steering = p.networks.find((n) => n.kind === 'steeringGroup');
  if (p.consensusMembers !== 'allMembers') {
    if (onlyMunicipalities(p) || !steering) return m;
    return {
      ...m,
      decision: { ...d, formHeading: t.formHeading(steering.name) },
      help: { ...m.help, commands: { ...m.help.commands, decide: t.help.decideByMunicipalities(steering.name) } },
    };
  }
  return {
    ...m,
    decision: {
      ...d,
      ...(steering ? { formHeading: t.formHeading(steering.name) } : {}),
      formIntro: t.formIntro,
      consensusLine: t.consensusLine,
      table: { ...d.table, member: t.member },
      voices: { ...d.voices, referred: t.referral.voice },
      capacity: { ...d.capacity, committee: t.referral.capacity },
      buttons: { ...d.buttons, refer: t.referral.refer, committee: t.referral.committee, recordCommittee: t.referral.recordCommittee },
      committeeLabels: { ...d.committeeLabels, member: t.member, outcome: t.referral.outcome, date: t.referral.date, placeholder: t.referencePlaceholder },
      committeeRecorded: t.referral.recorded,
      committeeInvalid: t.referral.invalid,
      refused: { ...d.refused, ...t.refused },
      committeeRefused: t.committeeRefused,
      notReferred: t.notReferred,
      reminderPersonal: (id, question, closes, member, referred) => (referred ? t.referredReminder(id, question, closes, member) : d.reminderPersonal(id, question, closes, member, referred)),
    },
    mine: {
      ...m.mine,
      decisionLine: t.referral.mineLine,
    },
    help: {
      ...m.help,
      commands: { ...m.help.commands, ...(steering ? { decide: t.help.decide(steering.name) } : {}), decisions: t.help.decisions },
    },
  };
}

const protocolWords = {
  sv: {
    openSummary: (approved: number, total: number) => `${approved} av ${total} medlemmar har godkänt`,
    consensusWhy: (total: number) => `alla ${total} medlemmar har godkänt`,
    positionsHeading: 'Medlemmarnas ställning',
    member: 'Medlem',
    referred: 'Hos eget beslutsorgan',
    atCommittee: (member: string) => `${member} (hos eget beslutsorgan)`,
    committee: 'beslut i eget beslutsorgan',
    committeeReference: 'Beslutsreferens',
    committeeDate: 'Beslutsdatum',
  },
  en: {
    openSummary: (approved: number, total: number) => `${approved} of ${total} members have approved`,
    consensusWhy: (total: number) => `all ${total} members approved`,
    positionsHeading: 'Position of each member',
    member: 'Member',
    referred: 'With its own deciding body',
    atCommittee: (member: string) => `${member} (with its own deciding body)`,
    committee: 'decision of its own deciding body',
    committeeReference: 'Decision reference',
    committeeDate: 'Decision date',
  },
};

/** The decision record's words for the body's voters: the catalogue's (municipalities), or members. */
export function protocolForVoters(t: ProtocolMessages, locale: ProtocolLocale, voters: 'municipalities' | 'allMembers' = 'municipalities'): ProtocolMessages {
  if (voters !== 'allMembers') return t;
  const w = protocolWords[locale];
  return {
    ...t,
    openSummary: w.openSummary,
    consensusWhy: w.consensusWhy,
    positionsHeading: w.positionsHeading,
    atCommittee: w.atCommittee,
    voices: { ...t.voices, referred: w.referred },
    positions: { ...t.positions, refer: w.referred },
    capacity: { ...t.capacity, committee: w.committee },
    columns: { ...t.columns, member: w.member, committeeReference: w.committeeReference, committeeDate: w.committeeDate },
  };
}
