import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.js';
import { ConfigError } from '../../src/config/errors.js';

/**
 * Issue #13, point 2: local mode (no authentication) only when no Bot Framework credential variable
 * is set at all. Any of them set — blank counts as set — and the set must be whole, or the start stops.
 */

const ID = '5e3a5c2f-0a47-4f1e-9c7a-1f2b3c4d5e6f';
const TENANT = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
const ID_GONE = "give the bot's app id (a GUID)";

function problems(source: NodeJS.ProcessEnv): string[] {
  try {
    loadEnv(source);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const e = err as ConfigError;
    expect(e.file).toBe('environment');
    for (const p of e.problems) expect(e.message).toContain(p);
    return e.problems;
  }
  return [];
}

describe('credentials fail closed', () => {
  const refused: [string, NodeJS.ProcessEnv, string[]][] = [
    ['the app id alone', { MicrosoftAppId: ID }, ['MicrosoftAppPassword: missing; required for a MultiTenant app (MicrosoftAppType unset means MultiTenant)']],
    ['the password alone', { MicrosoftAppPassword: 'secret' }, [`MicrosoftAppId: missing, but MicrosoftAppPassword is set; ${ID_GONE}, or unset MicrosoftAppPassword to run in local mode`]],
    [
      'the type alone',
      { MicrosoftAppType: 'MultiTenant' },
      [`MicrosoftAppId: missing, but MicrosoftAppType is set; ${ID_GONE}, or unset MicrosoftAppType to run in local mode`, 'MicrosoftAppPassword: missing; required for a MultiTenant app'],
    ],
    [
      'the tenant alone',
      { MicrosoftAppTenantId: TENANT },
      [
        `MicrosoftAppId: missing, but MicrosoftAppTenantId is set; ${ID_GONE}, or unset MicrosoftAppTenantId to run in local mode`,
        'MicrosoftAppPassword: missing; required for a MultiTenant app (MicrosoftAppType unset means MultiTenant)',
      ],
    ],
    [
      'a blank app id alone',
      { MicrosoftAppId: '' },
      [`MicrosoftAppId: set but blank; ${ID_GONE}, or unset MicrosoftAppId to run in local mode`, 'MicrosoftAppPassword: missing; required for a MultiTenant app (MicrosoftAppType unset means MultiTenant)'],
    ],
    [
      'a whitespace app id with a password',
      { MicrosoftAppId: '  ', MicrosoftAppPassword: 'secret' },
      [`MicrosoftAppId: set but blank; ${ID_GONE}, or unset MicrosoftAppId, MicrosoftAppPassword to run in local mode`],
    ],
    [
      'a blank password alone',
      { MicrosoftAppPassword: ' ' },
      [
        `MicrosoftAppId: missing, but MicrosoftAppPassword is set; ${ID_GONE}, or unset MicrosoftAppPassword to run in local mode`,
        'MicrosoftAppPassword: set but blank; required for a MultiTenant app (MicrosoftAppType unset means MultiTenant)',
      ],
    ],
    [
      'a blank type alone',
      { MicrosoftAppType: '' },
      [
        `MicrosoftAppId: missing, but MicrosoftAppType is set; ${ID_GONE}, or unset MicrosoftAppType to run in local mode`,
        'MicrosoftAppType: set but blank; give MultiTenant, SingleTenant or UserAssignedMSI, or unset it (MultiTenant)',
        'MicrosoftAppPassword: missing; required for a MultiTenant app (MicrosoftAppType unset means MultiTenant)',
      ],
    ],
    [
      'a blank tenant alone',
      { MicrosoftAppTenantId: '' },
      [
        `MicrosoftAppId: missing, but MicrosoftAppTenantId is set; ${ID_GONE}, or unset MicrosoftAppTenantId to run in local mode`,
        'MicrosoftAppPassword: missing; required for a MultiTenant app (MicrosoftAppType unset means MultiTenant)',
        'MicrosoftAppTenantId: set but blank; give the tenant id or unset it',
      ],
    ],
    [
      'all four blank',
      { MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: '', MicrosoftAppTenantId: '' },
      [
        `MicrosoftAppId: set but blank; ${ID_GONE}, or unset MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppType, MicrosoftAppTenantId to run in local mode`,
        'MicrosoftAppType: set but blank; give MultiTenant, SingleTenant or UserAssignedMSI, or unset it (MultiTenant)',
        'MicrosoftAppPassword: set but blank; required for a MultiTenant app (MicrosoftAppType unset means MultiTenant)',
        'MicrosoftAppTenantId: set but blank; give the tenant id or unset it',
      ],
    ],
    ['an app id that is not a GUID', { MicrosoftAppId: 'samverkan-bot', MicrosoftAppPassword: 'secret' }, [`MicrosoftAppId: "samverkan-bot" is not a GUID (the app registration's Application (client) ID)`]],
    ['MultiTenant without a password', { MicrosoftAppId: ID, MicrosoftAppType: 'MultiTenant' }, ['MicrosoftAppPassword: missing; required for a MultiTenant app']],
    ['SingleTenant without a password', { MicrosoftAppId: ID, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT }, ['MicrosoftAppPassword: missing; required for a SingleTenant app']],
    ['SingleTenant without a tenant', { MicrosoftAppId: ID, MicrosoftAppPassword: 'secret', MicrosoftAppType: 'SingleTenant' }, ['MicrosoftAppTenantId: missing; required for a SingleTenant app']],
    ['UserAssignedMSI without a tenant', { MicrosoftAppId: ID, MicrosoftAppType: 'UserAssignedMSI' }, ['MicrosoftAppTenantId: missing; required for a UserAssignedMSI app']],
    [
      'UserAssignedMSI with a password',
      { MicrosoftAppId: ID, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT, MicrosoftAppPassword: 'secret' },
      ['MicrosoftAppPassword: must not be set for a UserAssignedMSI app (a managed identity has no password)'],
    ],
  ];
  it.each(refused)('%s: refused, saying what is missing', (_name, source, expected) => {
    expect(problems(source)).toEqual(expected);
  });

  const accepted: [string, NodeJS.ProcessEnv][] = [
    ['MultiTenant, type unset', { MicrosoftAppId: ID, MicrosoftAppPassword: 'secret' }],
    ['MultiTenant', { MicrosoftAppId: ID, MicrosoftAppPassword: 'secret', MicrosoftAppType: 'MultiTenant' }],
    ['SingleTenant', { MicrosoftAppId: ID, MicrosoftAppPassword: 'secret', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT }],
    ['UserAssignedMSI without a password', { MicrosoftAppId: ID, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT }],
  ];
  it.each(accepted)('a whole set (%s) runs authenticated', (_name, source) => {
    expect(loadEnv(source)).toMatchObject({ local: false, MicrosoftAppId: ID });
  });

  it('no credential variable at all: local mode', () => {
    expect(loadEnv({ PORT: '', LOG_LEVEL: ' ' }).local).toBe(true);
  });

  // Every combination of unset, blank and given for the four: local only with none set, a start only with a whole set.
  const ids = [undefined, '', '  ', 'not-a-guid', ID];
  const passwords = [undefined, '', 'secret'];
  const types = [undefined, '', 'MultiTenant', 'SingleTenant', 'UserAssignedMSI'];
  const tenants = [undefined, ' ', TENANT];
  const combinations = ids.flatMap((MicrosoftAppId) =>
    passwords.flatMap((MicrosoftAppPassword) =>
      types.flatMap((MicrosoftAppType) => tenants.map((MicrosoftAppTenantId) => ({ MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppType, MicrosoftAppTenantId }))),
    ),
  );
  it(`all ${combinations.length} combinations of unset, blank and given`, () => {
    for (const c of combinations) {
      const source = Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
      const none = Object.keys(source).length === 0;
      const needsPassword = c.MicrosoftAppType !== 'UserAssignedMSI';
      const needsTenant = c.MicrosoftAppType === 'SingleTenant' || c.MicrosoftAppType === 'UserAssignedMSI';
      const whole =
        c.MicrosoftAppId === ID &&
        c.MicrosoftAppType !== '' &&
        (needsPassword ? c.MicrosoftAppPassword === 'secret' : c.MicrosoftAppPassword === undefined) &&
        (needsTenant ? c.MicrosoftAppTenantId === TENANT : c.MicrosoftAppTenantId !== ' ');
      const found = problems(source);
      const label = JSON.stringify(c);
      if (none || whole) {
        expect(found, label).toEqual([]);
        expect(loadEnv(source).local, label).toBe(none);
      } else {
        expect(found, label).not.toEqual([]);
        for (const p of found) expect(p, label).toMatch(/^Microsoft(AppId|AppPassword|AppType|AppTenantId): /);
      }
    }
  });
});

describe('LISTEN_HOST', () => {
  it('takes an IP address', () => {
    expect(loadEnv({ LISTEN_HOST: '0.0.0.0' }).LISTEN_HOST).toBe('0.0.0.0');
    expect(loadEnv({ LISTEN_HOST: '::' }).LISTEN_HOST).toBe('::');
    expect(loadEnv({}).LISTEN_HOST).toBeUndefined();
  });
  it('refuses a name (localhost may be ::1 or 127.0.0.1)', () => {
    expect(problems({ LISTEN_HOST: 'localhost' })).toEqual(['LISTEN_HOST: must be an IP address, e.g. 127.0.0.1, 0.0.0.0 or ::']);
  });
});
