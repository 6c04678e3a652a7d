import { z } from 'zod/v4';
import { ConfigError, describeIssues } from './errors.js';

const EnvSchema = z
  .object({
    PORT: z.string().regex(/^\d+$/, 'must be a port number').transform(Number).pipe(z.number().max(65535)).default(3978),
    STORE_FILE: z.string().min(1).default('data/store.json'),
    PARTNERSHIP_FILE: z.string().min(1).default('data/partnership.jonkoping.json'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** json for log collectors; pretty (pino-pretty, a dev dependency) for a person at a terminal. */
    LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
    /** How often the bot looks for answer deadlines that have passed. */
    DEADLINE_SWEEP_SECONDS: z.coerce.number().int().min(1).default(60),
    /** A new store snapshot is written once the journal is this large (unset: 8 MiB or the snapshot's size, whichever is more). */
    STORE_COMPACT_BYTES: z.coerce.number().int().min(1024).optional(),
    /**
     * The shortest time between two in-place updates of one card. Teams throttles a bot per
     * conversation (about 7 operations a second, 60 in 30 s), so when many press at once their copies
     * get one update with all the presses rather than one each. 0: no spacing (tests).
     */
    CARD_REFRESH_SPACING_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
    /** The outbox's first retry of a post Teams did not take waits this long; each further one twice as long (up to 30 min). */
    OUTBOX_RETRY_MS: z.coerce.number().int().min(10).max(600_000).default(5000),
    /** Where people's browsers reach this bot, for download links (decision records). */
    PUBLIC_BASE_URL: z.url().optional(),
    /** Signs download links; at least 32 bytes. Without it a random one is made per start (links die at restart). */
    LINK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** Demo/test clock: the bot's time starts here (ISO instant) … */
    CLOCK_START: z.iso.datetime({ offset: true }).optional(),
    /** … and runs this many times faster than real time. Refused with real credentials. */
    CLOCK_SPEED: z.coerce.number().positive().max(1_000_000).optional(),
    /** Where the Bot Framework's signing keys are published (sovereign clouds; a local key set in tests). */
    BOT_OPENID_METADATA_URL: z.url().optional(),
    MicrosoftAppId: z.string().trim().optional(),
    MicrosoftAppPassword: z.string().optional(),
    MicrosoftAppTenantId: z.string().trim().optional(),
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.MicrosoftAppId && env.MicrosoftAppType !== 'UserAssignedMSI' && !env.MicrosoftAppPassword)
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'required when MicrosoftAppId is set' });
    if (env.MicrosoftAppId && (env.CLOCK_START || env.CLOCK_SPEED))
      ctx.addIssue({ code: 'custom', path: [env.CLOCK_START ? 'CLOCK_START' : 'CLOCK_SPEED'], message: 'the demo clock is refused when real credentials (MicrosoftAppId) are set' });
    if (env.CLOCK_SPEED && !env.CLOCK_START) ctx.addIssue({ code: 'custom', path: ['CLOCK_SPEED'], message: 'needs CLOCK_START' });
    if (env.MicrosoftAppType === 'SingleTenant' && !env.MicrosoftAppTenantId)
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'required for a SingleTenant app' });
  });

export type Env = z.infer<typeof EnvSchema> & {
  /** Local mode: no credentials, for the local Teams client only. */
  readonly local: boolean;
};

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = EnvSchema.safeParse(raw);
  if (!result.success) throw new ConfigError('environment', describeIssues(result.error.issues));
  return { ...result.data, local: !result.data.MicrosoftAppId };
}
