import type { Md } from '../../domain/text.js';
import { featureTexts } from '../kit/texts.js';

export const texts = featureTexts({
  sv: {
    consultationsHeading: (member: string) => `Remisser som väntar på yttrande från ${member}`,
    /** `mina` in a body whose members are not all municipalities. */
    helpOfBody: ['mina', 'Det som väntar på svar, röst eller yttrande från din organisation.'],
    consultationLine: (id: string, subject: Md, date: string, passed: boolean) =>
      `**${id}** ${subject} — ${passed ? `svarsdatumet ${date} har passerat; svara snarast eller kontakta samordnaren` : `svara senast ${date}`}`,
  },
  en: {
    consultationsHeading: (member: string) => `Consultations waiting for a statement from ${member}`,
    helpOfBody: ['mine', 'What waits for an answer, vote or statement from your organisation.'],
    consultationLine: (id: string, subject: Md, date: string, passed: boolean) =>
      `**${id}** ${subject} — ${passed ? `the answer date ${date} has passed; answer soon or contact the coordinator` : `answer by ${date}`}`,
  },
});
