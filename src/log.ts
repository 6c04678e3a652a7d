import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs. Routine lines carry AAD object ids, never names; secrets are redacted in case
 * an environment object is ever logged.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { app: 'samverkan' },
    redact: { paths: ['MicrosoftAppPassword', '*.MicrosoftAppPassword', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
