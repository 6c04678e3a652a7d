import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs. Routine lines carry AAD object ids, never names; secrets are redacted in case
 * an environment object is ever logged.
 */
export function createLogger(level: string, destination?: DestinationStream, format: 'json' | 'pretty' = 'json'): Logger {
  const options = {
    level,
    base: { app: 'samverkan' },
    redact: { paths: ['MicrosoftAppPassword', '*.MicrosoftAppPassword', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
  };
  if (destination) return pino(options, destination);
  if (format === 'pretty') return pino({ ...options, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,app' } } });
  return pino(options);
}
