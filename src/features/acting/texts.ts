import type { Md } from '../../domain/text.js';
import { featureTexts } from '../kit/texts.js';

/** What `agera som` says, in the person's language. */
export const texts = featureTexts({
  sv: {
    help: ['agera som <kommun>', 'Byt demoperson (bara i lokalt testläge).'],
    helpOfBody: (example: string) => ['agera som <medlem>', `Byt demoperson, till exempel agera som ${example} (bara i lokalt testläge).`],
    onlyLocal: 'Det går bara att byta roll i lokalt testläge.',
    unknown: (text: Md) => `Hittar ingen demoperson för "${text}". Prova en kommun, till exempel **agera som Eksjö**, eller **agera som mig**.`,
    now: (name: string, role: string) => `Du agerar nu som ${name} (${role}). Skriv **agera som mig** för att sluta.`,
    reset: 'Du agerar nu som dig själv igen.',
    roleOf: (member: string | undefined, roles: string) => (member ? `${roles}, ${member}` : roles),
    roles: { coordinator: 'samordnare', socialChief: 'socialchef', deputyChief: 'ersättare för socialchef', representative: 'företrädare', networkMember: 'nätverksledamot' },
  },
  en: {
    help: ['act as <municipality>', 'Switch demo person (local test mode only).'],
    helpOfBody: (example: string) => ['act as <member>', `Switch demo person, e.g. act as ${example} (local test mode only).`],
    onlyLocal: 'Switching role works only in local test mode.',
    unknown: (text: Md) => `No demo person for "${text}". Try a municipality, e.g. **act as Eksjö**, or **act as me**.`,
    now: (name: string, role: string) => `You now act as ${name} (${role}). Write **act as me** to stop.`,
    reset: 'You act as yourself again.',
    roleOf: (member: string | undefined, roles: string) => (member ? `${roles}, ${member}` : roles),
    roles: { coordinator: 'coordinator', socialChief: 'social chief', deputyChief: "social chief's deputy", representative: 'representative', networkMember: 'network member' },
  },
});
