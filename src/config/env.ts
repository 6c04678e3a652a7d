import { isIP } from 'node:net';
import { z } from 'zod/v4';
import { ConfigError, describeIssues } from './errors.js';

const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;

const EnvSchema = z
  .object({
    /**
     * The address the HTTP server listens on. Unset: 127.0.0.1 in local mode (no authentication, so only
     * this machine), 0.0.0.0 with credentials. An IP address, not a name: "localhost" may mean ::1.
     */
    LISTEN_HOST: z.string().trim().refine((v) => isIP(v) !== 0, 'must be an IP address, e.g. 127.0.0.1, 0.0.0.0 or ::').optional(),
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
    MicrosoftAppType: z.enum(APP_TYPES).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.MicrosoftAppId && (env.CLOCK_START || env.CLOCK_SPEED))
      ctx.addIssue({ code: 'custom', path: [env.CLOCK_START ? 'CLOCK_START' : 'CLOCK_SPEED'], message: 'the demo clock is refused when real credentials (MicrosoftAppId) are set' });
    if (env.CLOCK_SPEED && !env.CLOCK_START) ctx.addIssue({ code: 'custom', path: ['CLOCK_SPEED'], message: 'needs CLOCK_START' });
  });

export const CREDENTIAL_VARIABLES = ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType', 'MicrosoftAppTenantId'] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Local mode runs without authentication, so it must never be the fallback of a deployment whose
 * credentials are half there (a secret not mounted, a variable emptied by a template): once any
 * credential variable is set, even blank, they must form a whole set or the bot does not start.
 * Blank counts as set here, unlike for the other variables. The rules are botbuilder's
 * (ConfigurationServiceClientCredentialFactory), checked here so that the operator reads all of them at once.
 */
function credentialProblems(source: NodeJS.ProcessEnv): string[] {
  const set = CREDENTIAL_VARIABLES.filter((k) => source[k] !== undefined);
  if (!set.length) return [];
  const value = (k: (typeof CREDENTIAL_VARIABLES)[number]) => source[k]?.trim() ?? '';
  const state = (k: (typeof CREDENTIAL_VARIABLES)[number]) => (source[k] === undefined ? 'missing' : 'set but blank');
  const orLocal = `, or unset ${set.join(', ')} to run in local mode`;
  const problems: string[] = [];
  const id = value('MicrosoftAppId');
  const others = set.filter((k) => k !== 'MicrosoftAppId');
  if (!id) problems.push(`MicrosoftAppId: ${state('MicrosoftAppId')}${source.MicrosoftAppId === undefined ? `, but ${others.join(', ')} ${others.length > 1 ? 'are' : 'is'} set` : ''}; give the bot's app id (a GUID)${orLocal}`);
  else if (!GUID.test(id)) problems.push(`MicrosoftAppId: ${JSON.stringify(id)} is not a GUID (the app registration's Application (client) ID)`);
  const typeSet = value('MicrosoftAppType');
  if (source.MicrosoftAppType !== undefined && !typeSet) problems.push('MicrosoftAppType: set but blank; give MultiTenant, SingleTenant or UserAssignedMSI, or unset it (MultiTenant)');
  const type = typeSet || 'MultiTenant';
  // An unknown type is the schema's to report; what it would need is unknown.
  if (!(APP_TYPES as readonly string[]).includes(type)) return problems;
  const password = source.MicrosoftAppPassword;
  if (type === 'UserAssignedMSI') {
    if (password !== undefined) problems.push(`MicrosoftAppPassword: must not be set for a UserAssignedMSI app (a managed identity has no password)${password.trim() ? '' : '; it is set but blank'}`);
  } else if (!password?.trim()) {
    problems.push(`MicrosoftAppPassword: ${state('MicrosoftAppPassword')}; required for a ${type} app${typeSet ? '' : ' (MicrosoftAppType unset means MultiTenant)'}`);
  }
  if ((type === 'SingleTenant' || type === 'UserAssignedMSI') && !value('MicrosoftAppTenantId'))
    problems.push(`MicrosoftAppTenantId: ${state('MicrosoftAppTenantId')}; required for a ${type} app`);
  else if (source.MicrosoftAppTenantId !== undefined && !value('MicrosoftAppTenantId')) problems.push('MicrosoftAppTenantId: set but blank; give the tenant id or unset it');
  return problems;
}

export type Env = z.infer<typeof EnvSchema> & {
  /** Local mode: no credential variable set at all (not even blank); for the local Teams client only. */
  readonly local: boolean;
};

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = EnvSchema.safeParse(raw);
  const problems = [...credentialProblems(source), ...(result.success ? [] : describeIssues(result.error.issues))];
  if (problems.length || !result.success) throw new ConfigError('environment', problems);
  return { ...result.data, local: !CREDENTIAL_VARIABLES.some((k) => source[k] !== undefined) };
}
