import type { Md } from '../../domain/text.js';
import { featureTexts } from '../kit/texts.js';

/** What the gate buttons and the gate votes say, beyond the ladder's own words (src/i18n, `gates`). */
export const texts = featureTexts({
  sv: {
    refused: {
      coordinator: (group: string) =>
        `Samordnare lämnar in grinddokument och kan avbryta projektet, men beslutar inte om grindar: det gör ledamöterna i ${group} från deltagande kommuner.`,
      noRole: (group: string) => `Grindbeslut fattas av ledamöterna i ${group} från deltagande kommuner. Du sitter inte i ${group}.`,
      otherMember: (group: string, member: string) =>
        `${member} deltar inte i projektet, så du kan inte besluta om dess grindar. Det gör ledamöterna i ${group} från deltagande kommuner.`,
      noMember: (group: string) => `Grindbeslut fattas av ledamöterna i ${group} från deltagande kommuner. Du är inte knuten till någon kommun.`,
      unknownPerson: 'Du finns inte med i partnerskapets förteckning, så du kan inte besluta om grindar. Kontakta samordnaren.',
      noOwner:
        'Projektet har ingen ägande taktisk styrgrupp, så ingen kan besluta om dess grindar. Välj en styrgrupp med knappen Ändra förslag.',
      ownDocument: (gate: string, group: string) =>
        `Du lämnade in dokumentet för ${gate} och kan därför inte själv besluta om grinden (fyra ögon). En annan ledamot i ${group} från en deltagande kommun beslutar.`,
      contactPerson: (group: string) =>
        `Du är projektets kontaktperson och kan därför inte besluta om projektets grindar (fyra ögon). Ledamöterna i ${group} från deltagande kommuner beslutar.`,
      votingClosed: (gate: string) => `Röstningen om ${gate} har stängt. Din röst är inte registrerad.`,
      alreadyVoted: 'Du har redan röstat så. Inget ändrat.',
    },
    voted: (gate: string, approve: boolean, approvals: number, needed: number) =>
      `Din röst är registrerad: ${approve ? 'godkänn' : 'återremittera'} ${gate}. ${approvals} av ${needed} godkännanden som behövs.`,
    settled: {
      passed: (gate: string) => `${gate} är godkänd av en majoritet.`,
      sentBack: (gate: string) => `${gate} är återremitterad av en majoritet.`,
      closed: (gate: string) => `Röstningen om ${gate} stängde utan majoritet: grinden är återremitterad.`,
    },
    /** Posted in the owning group's channel when a gate is submitted. */
    asked: {
      lead: (id: string, title: Md, gate: string, name: string, document: Md, how: string) => `**${id} ${title}**: ${gate} ${name} är inlämnad för beslut — ${document}. ${how}`,
      single: (group: string) =>
        `En ledamot i ${group} från en deltagande kommun beslutar på projektkortet; den som lämnat in dokumentet och kontaktpersonen beslutar inte.`,
      majority: (group: string, closes: string, needed: number, eligible: number) =>
        `Ledamöterna i ${group} från deltagande kommuner röstar på projektkortet till ${closes}; grinden godkänns när ${needed} av ${eligible} har godkänt. Den som lämnat in dokumentet och kontaktpersonen röstar inte.`,
    },
    /** Posted in the owning group's channel when a majority vote comes to a decision. */
    settledPost: {
      passed: (id: string, title: Md, gate: string, name: string, approvals: number, eligible: number) =>
        `**${id} ${title}**: ${gate} ${name} är godkänd av en majoritet (${approvals} av ${eligible}).`,
      sentBack: (id: string, title: Md, gate: string, name: string, votes: number, eligible: number) =>
        `**${id} ${title}**: ${gate} ${name} är återremitterad av en majoritet (${votes} av ${eligible}). Skälen står på projektkortet.`,
      closed: (id: string, title: Md, gate: string, name: string, approvals: number, needed: number) =>
        `**${id} ${title}**: röstningen om ${gate} ${name} stängde utan majoritet (${approvals} godkände, ${needed} behövdes). Grinden är återremitterad; kontaktpersonen kan lämna in dokumentet igen.`,
    },
    reminderPersonal: (id: string, title: Md, gate: string, name: string, closes: string) =>
      `Påminnelse: du har inte röstat om **${gate} ${name}** i projekt **${id} ${title}**. Röstningen stänger ${closes}. Skriv **projekt ${id}** för att få projektkortet och rösta där.`,
    reminderChannel: (id: string, title: Md, gate: string, name: string, closes: string, waiting: string[]) =>
      `Påminnelse: röstningen om **${gate} ${name}** i **${id} ${title}** stänger ${closes}. Har inte röstat: ${waiting.join(', ')}.`,
  },
  en: {
    refused: {
      coordinator: (group: string) =>
        `Coordinators submit gate documents and can cancel the project, but do not decide gates: the members of ${group} from participating municipalities do.`,
      noRole: (group: string) => `Gate decisions are made by the members of ${group} from participating municipalities. You are not a member of ${group}.`,
      otherMember: (group: string, member: string) =>
        `${member} does not take part in the project, so you cannot decide its gates. The members of ${group} from participating municipalities do.`,
      noMember: (group: string) => `Gate decisions are made by the members of ${group} from participating municipalities. You are not tied to a municipality.`,
      unknownPerson: 'You are not in the partnership’s list, so you cannot decide gates. Contact the coordinator.',
      noOwner: 'The project has no owning tactical steering group, so nobody can decide its gates. Choose one with the button Edit proposal.',
      ownDocument: (gate: string, group: string) =>
        `You submitted the document for ${gate}, so you cannot decide the gate yourself (four eyes). Another member of ${group} from a participating municipality decides.`,
      contactPerson: (group: string) =>
        `You are the project’s contact person, so you cannot decide its gates (four eyes). The members of ${group} from participating municipalities decide.`,
      votingClosed: (gate: string) => `The vote on ${gate} has closed. Your vote is not recorded.`,
      alreadyVoted: 'You already voted so. Nothing changed.',
    },
    voted: (gate: string, approve: boolean, approvals: number, needed: number) =>
      `Your vote is recorded: ${approve ? 'approve' : 'send back'} ${gate}. ${approvals} of the ${needed} approvals needed.`,
    settled: {
      passed: (gate: string) => `${gate} is approved by a majority.`,
      sentBack: (gate: string) => `${gate} is sent back by a majority.`,
      closed: (gate: string) => `The vote on ${gate} closed without a majority: the gate is sent back.`,
    },
    asked: {
      lead: (id: string, title: Md, gate: string, name: string, document: Md, how: string) => `**${id} ${title}**: ${gate} ${name} is submitted for a decision — ${document}. ${how}`,
      single: (group: string) =>
        `A member of ${group} from a participating municipality decides on the project card; whoever submitted the document and the contact person do not.`,
      majority: (group: string, closes: string, needed: number, eligible: number) =>
        `The members of ${group} from participating municipalities vote on the project card until ${closes}; the gate passes when ${needed} of ${eligible} have approved. Whoever submitted the document and the contact person do not vote.`,
    },
    settledPost: {
      passed: (id: string, title: Md, gate: string, name: string, approvals: number, eligible: number) =>
        `**${id} ${title}**: ${gate} ${name} is approved by a majority (${approvals} of ${eligible}).`,
      sentBack: (id: string, title: Md, gate: string, name: string, votes: number, eligible: number) =>
        `**${id} ${title}**: ${gate} ${name} is sent back by a majority (${votes} of ${eligible}). The reasons are on the project card.`,
      closed: (id: string, title: Md, gate: string, name: string, approvals: number, needed: number) =>
        `**${id} ${title}**: the vote on ${gate} ${name} closed without a majority (${approvals} approved, ${needed} needed). The gate is sent back; the contact person can submit the document again.`,
    },
    reminderPersonal: (id: string, title: Md, gate: string, name: string, closes: string) =>
      `Reminder: you have not voted on **${gate} ${name}** in project **${id} ${title}**. The vote closes ${closes}. Write **project ${id}** to get the project card and vote there.`,
    reminderChannel: (id: string, title: Md, gate: string, name: string, closes: string, waiting: string[]) =>
      `Reminder: the vote on **${gate} ${name}** in **${id} ${title}** closes ${closes}. Not yet voted: ${waiting.join(', ')}.`,
  },
});
