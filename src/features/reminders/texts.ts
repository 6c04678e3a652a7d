import type { Md } from '../../domain/text.js';
import { featureTexts } from '../kit/texts.js';

/** Who owes a report and who receives it, as the reminders say it (the rest of their texts are in src/i18n). */
export const texts = featureTexts({
  sv: {
    owesLabel: 'Lämnas av',
    receivesLabel: 'Tas emot av',
    owes: {
      office: (host: string) => `samordnarna på ${host}`,
      eachMember: 'varje medlemskommun',
      eachNetwork: 'varje nätverk',
      projectInput: 'varje pågående projekts kontaktperson',
    },
    receives: {
      members: 'medlemskommunerna',
      steeringGroup: (name: string) => name,
      office: (host: string) => host,
      projectInput: 'samordnarna',
    },
    /** The office as the one party on its card. */
    officeParty: (host: string) => `${host} (samordnarna)`,
    toCoordinators: (names: string[]) => (names.length ? `Till samordnarna: ${names.join(', ')}.` : 'Till samordnarna.'),
    toContact: (name: string) => `Till projektets kontaktperson: ${name}.`,
    inputTitle: (title: string) => `Underlag till ${title}`,
    inputText: (title: string, receiver: string) =>
      `Lämna projektets underlag till ${title} till samordnarna: läget i projektet, vad det har gett hittills och ekonomin mot budget. Samordnarna sammanställer rapporten till ${receiver}.`,
    inputsSummary: (done: number, total: number, waiting: Md[]) =>
      `Underlag från de pågående projekten: ${done} av ${total} klara${waiting.length ? ` — väntar på ${waiting.join(', ')}` : ''}.`,
    linkLabel: 'Länk till rapporten (valfritt)',
    linkPlaceholder: 'https://…',
    reportLink: 'Rapporten',
    badLink: 'Länken måste vara en fullständig https-adress (https://…). Inget är registrerat: tryck Klart igen med en annan länk eller utan länk.',
    officeRefused: (title: string, receiver: string) =>
      `Bara samordnarna kan markera ${title} som skickad. Rapporten lämnas av samordnarna till ${receiver}, som tar emot den.`,
    projectRefused: (contact: string) => `Bara projektets kontaktperson (${contact}) eller en samordnare kan markera projektets underlag som klart.`,
    officeRecorded: (title: string, receiver: string) => `Registrerat: ${title} är skickad till ${receiver}. Socialchefsnätverket får besked i sin kanal.`,
    officeRecordedNoChannel: (title: string, receiver: string) =>
      `Registrerat: ${title} är skickad till ${receiver}. Socialchefsnätverkets kanal är inte kopplad, så inget besked gick dit (koppla den med **koppla <nätverk>**).`,
    sentNotice: (title: string, period: string, receiver: string, by: string, link: Md | undefined) =>
      `**${title}** (${period}) är skickad till ${receiver} (markerad av ${by}).${link ? ` ${link}` : ''}`,
    officeFollowUp: (title: string, period: string, deadline: string, receiver: string, coordinators: string[]) =>
      `Påminnelse till samordnarna${coordinators.length ? ` (${coordinators.join(', ')})` : ''}: **${title}** (${period}) till ${receiver} — sista dag ${deadline}.`,
    listParties: (owes: string, receives: string) => `lämnas av ${owes} till ${receives}`,
    listInputLine: (title: string, period: string, deadline: string, reminders: string, paused: boolean) =>
      `Underlag till **${title}** (${period}) — sista dag ${deadline}; påminnelser ${reminders}${paused ? ' — **pausad**' : ''}`,
  },
  en: {
    owesLabel: 'Owed by',
    receivesLabel: 'Received by',
    owes: {
      office: (host) => `the coordinators at ${host}`,
      eachMember: 'each member municipality',
      eachNetwork: 'each network',
      projectInput: "each running project's contact person",
    },
    receives: {
      members: 'the member municipalities',
      steeringGroup: (name) => name,
      office: (host) => host,
      projectInput: 'the coordinators',
    },
    officeParty: (host) => `${host} (the coordinators)`,
    toCoordinators: (names) => (names.length ? `To the coordinators: ${names.join(', ')}.` : 'To the coordinators.'),
    toContact: (name) => `To the project's contact person: ${name}.`,
    inputTitle: (title) => `Input to ${title}`,
    inputText: (title, receiver) =>
      `Hand the project's input to ${title} to the coordinators: where the project stands, what it has achieved so far and its finances against the budget. The coordinators compile the report to ${receiver}.`,
    inputsSummary: (done, total, waiting) => `Input from the running projects: ${done} of ${total} done${waiting.length ? ` — waiting for ${waiting.join(', ')}` : ''}.`,
    linkLabel: 'Link to the report (optional)',
    linkPlaceholder: 'https://…',
    reportLink: 'The report',
    badLink: 'The link must be a full https address (https://…). Nothing was recorded: press Done again with another link or without one.',
    officeRefused: (title, receiver) => `Only the coordinators can mark ${title} as sent. The coordinators send the report to ${receiver}, who receive it.`,
    projectRefused: (contact) => `Only the project's contact person (${contact}) or a coordinator can mark the project's input done.`,
    officeRecorded: (title, receiver) => `Recorded: ${title} is sent to ${receiver}. The social chiefs' network is told in its channel.`,
    officeRecordedNoChannel: (title, receiver) =>
      `Recorded: ${title} is sent to ${receiver}. The social chiefs' network's channel is not linked, so no notice went there (link it with **koppla <network>**).`,
    sentNotice: (title, period, receiver, by, link) => `**${title}** (${period}) is sent to ${receiver} (marked by ${by}).${link ? ` ${link}` : ''}`,
    officeFollowUp: (title, period, deadline, receiver, coordinators) =>
      `Reminder to the coordinators${coordinators.length ? ` (${coordinators.join(', ')})` : ''}: **${title}** (${period}) to ${receiver} — last day ${deadline}.`,
    listParties: (owes, receives) => `owed by ${owes} to ${receives}`,
    listInputLine: (title, period, deadline, reminders, paused) =>
      `Input to **${title}** (${period}) — last day ${deadline}; reminders ${reminders}${paused ? ' — **paused**' : ''}`,
  },
});
