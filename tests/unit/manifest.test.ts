import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCommand } from '../../src/teams/commands.js';
import {
  MANIFEST_DIR,
  PackageError,
  buildPackage,
  checkChannelSupport,
  renderTemplate,
  resolveSettings,
  validateLocalization,
  validateManifest,
} from '../../src/tools/package-manifest.js';

const BOT_ID = '3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b';
const ENV = { MicrosoftAppId: BOT_ID, BOT_DOMAIN: 'samverkan.example.se' };
const TOOL = fileURLToPath(new URL('../../src/tools/package-manifest.ts', import.meta.url));

interface Bitmap {
  width: number;
  height: number;
  colorType: number;
  /** RGBA, 4 bytes per pixel. */
  rgba: Buffer;
}

/** Minimal PNG decoder (8-bit, non-interlaced, grey/RGB/grey+alpha/RGBA) using node:zlib only. */
function decodePng(png: Buffer): Bitmap {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Buffer[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      colorType = data[9] ?? -1;
      expect(data[8], 'bit depth').toBe(8);
      expect(data[12], 'interlace').toBe(0);
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (!channels) throw new Error(`unsupported PNG colour type ${colorType}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const a = x >= channels ? (pixels[y * stride + x - channels] ?? 0) : 0;
      const b = y > 0 ? (pixels[(y - 1) * stride + x] ?? 0) : 0;
      const c = x >= channels && y > 0 ? (pixels[(y - 1) * stride + x - channels] ?? 0) : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter ?? 0] ?? 0;
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const px = pixels.subarray(i * channels, (i + 1) * channels);
    const grey = channels <= 2;
    rgba[i * 4] = px[0] ?? 0;
    rgba[i * 4 + 1] = (grey ? px[0] : px[1]) ?? 0;
    rgba[i * 4 + 2] = (grey ? px[0] : px[2]) ?? 0;
    rgba[i * 4 + 3] = channels === 2 ? (px[1] ?? 0) : channels === 4 ? (px[3] ?? 0) : 255;
  }
  return { width, height, colorType, rgba };
}

async function renderedManifest(): Promise<Record<string, unknown>> {
  const template: unknown = JSON.parse(await readFile(path.join(MANIFEST_DIR, 'manifest.template.json'), 'utf8'));
  return renderTemplate(template, { ...resolveSettings(ENV) });
}

// No test may reach the internet: any fetch (e.g. of a schema) fails loudly.
const fetchSpy = vi.fn(() => {
  throw new Error('network access in a unit test');
});
beforeAll(() => {
  vi.stubGlobal('fetch', fetchSpy);
});
afterAll(() => {
  vi.unstubAllGlobals();
  expect(fetchSpy).not.toHaveBeenCalled();
});

describe('Teams manifest', () => {
  it('renders the template with a bot id and passes the v1.25 schema offline', async () => {
    const manifest = await renderedManifest();
    expect(JSON.stringify(manifest)).not.toContain('${{');
    expect(manifest.$schema).toBe('https://developer.microsoft.com/en-us/json-schemas/teams/v1.25/MicrosoftTeams.schema.json');
    expect(manifest.manifestVersion).toBe('1.25');
    expect(manifest.id).toBe(BOT_ID);
    // Shared and private channels: the property schema 1.25 added, with the one value it allows.
    expect(manifest.supportsChannelFeatures).toBe('tier1');
    expect(manifest).toMatchObject({
      bots: [{ botId: BOT_ID, scopes: ['personal', 'team', 'groupChat'], supportsFiles: false, isNotificationOnly: false }],
      validDomains: ['samverkan.example.se'],
      developer: { privacyUrl: 'https://samverkan.example.se/integritet' },
      localizationInfo: { defaultLanguageTag: 'sv-SE', additionalLanguages: [{ languageTag: 'en-US', file: 'en-US.json' }] },
    });
    expect(await validateManifest(manifest)).toEqual([]);
  });

  it('reports schema violations (the validator really runs)', async () => {
    const manifest = await renderedManifest();
    const broken = { ...manifest, developer: { ...(manifest.developer as object), name: 'Kommunal utveckling, Region Jönköpings län' } };
    const errors = await validateManifest(broken);
    expect(errors.join('\n')).toMatch(/\/developer\/name must NOT have more than 32 characters/);
  });

  it('declares shared and private channel support, and is refused without it or on an older schema', async () => {
    const manifest = await renderedManifest();
    expect(checkChannelSupport(manifest)).toEqual([]);

    // Left out: the v1.25 schema accepts it (the property is optional), the check does not.
    const { supportsChannelFeatures: _left, ...without } = manifest;
    expect(await validateManifest(without)).toEqual([]);
    expect(checkChannelSupport(without)).toEqual(['manifest.json supportsChannelFeatures must be "tier1" (shared and private channels), not undefined']);

    // A value the schema does not allow.
    expect((await validateManifest({ ...manifest, supportsChannelFeatures: 'tier2' })).join('\n')).toMatch(
      /\/supportsChannelFeatures must be equal to one of the allowed values/,
    );

    // The old 1.22 manifest passes its own schema but cannot declare the support (1.22 rejects the property).
    const old = { ...without, $schema: String(manifest.$schema).replace('/v1.25/', '/v1.22/'), manifestVersion: '1.22' };
    expect(await validateManifest(old)).toEqual([]);
    expect(checkChannelSupport(old)).toEqual(['manifest.json manifestVersion "1.22" cannot declare shared and private channel support: use 1.25 or later']);
    expect((await validateManifest({ ...old, supportsChannelFeatures: 'tier1' })).join('\n')).toMatch(
      /must NOT have additional properties.*supportsChannelFeatures/,
    );
    expect(checkChannelSupport({ ...manifest, manifestVersion: 'devPreview' })).toHaveLength(1);
  });

  it('refuses to package a template without the channel support', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'samverkan-manifest-'));
    try {
      await cp(MANIFEST_DIR, dir, { recursive: true, filter: (source) => path.basename(source) !== 'build' });
      const template = JSON.parse(await readFile(path.join(dir, 'manifest.template.json'), 'utf8')) as Record<string, unknown>;
      delete template.supportsChannelFeatures;
      await writeFile(path.join(dir, 'manifest.template.json'), JSON.stringify(template));
      const outFile = path.join(dir, 'out', 'samverkan.zip');
      const refusal = await buildPackage({ env: ENV, manifestDir: dir, outFile }).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(PackageError);
      expect((refusal as PackageError).details).toEqual(['manifest.json supportsChannelFeatures must be "tier1" (shared and private channels), not undefined']);
      await expect(readFile(outFile)).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('has a valid en-US localization whose keys all exist in the manifest', async () => {
    const manifest = await renderedManifest();
    const localization = JSON.parse(await readFile(path.join(MANIFEST_DIR, 'en-US.json'), 'utf8')) as Record<string, unknown>;
    expect(localization.$schema).toBe('https://developer.microsoft.com/en-us/json-schemas/teams/v1.25/MicrosoftTeams.Localization.schema.json');
    expect(await validateLocalization(localization, manifest)).toEqual([]);
    // The v1.22 localization schema would accept these strings too: the version must be the manifest's.
    const older = { ...localization, $schema: String(localization.$schema).replace('/v1.25/', '/v1.22/') };
    expect(await validateLocalization(older, manifest)).toEqual([
      'en-US.json uses the v1.22 localization schema, the manifest is "1.25": use the same version',
    ]);
    const drifted = { ...(localization as object), 'bots[0].commandLists[0].commands[9].title': 'nine' };
    expect(await validateLocalization(drifted, manifest)).toEqual([
      'en-US.json key "bots[0].commandLists[0].commands[9].title" has no matching string in the manifest',
    ]);
  });

  it('lists the Swedish commands in every bot scope', async () => {
    const manifest = (await renderedManifest()) as { bots: { commandLists: { scopes: string[]; commands: { title: string }[] }[] }[] };
    const lists = manifest.bots[0]?.commandLists ?? [];
    expect(lists.flatMap((list) => list.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of lists) expect(list.commands.map((c) => c.title)).toEqual(expect.arrayContaining(['nytt förslag', 'projekt', 'mina', 'ny remiss', 'remisser', 'hjälp']));
    expect(lists.find((list) => list.scopes.includes('team'))?.commands.map((c) => c.title)).toContain('koppla');
    // The schema's limit per list; hjälp stays last.
    for (const list of lists) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      expect(list.commands.at(-1)?.title).toBe('hjälp');
    }
  });

  it('every command it lists, Swedish and English, is one the bot understands', async () => {
    const manifest = (await renderedManifest()) as { bots: { commandLists: { commands: { title: string }[] }[] }[] };
    const localization = JSON.parse(await readFile(path.join(MANIFEST_DIR, 'en-US.json'), 'utf8')) as Record<string, string>;
    const titles = [
      ...(manifest.bots[0]?.commandLists ?? []).flatMap((list) => list.commands.map((c) => c.title)),
      ...Object.entries(localization).filter(([key]) => key.endsWith('.title')).map(([, title]) => title),
    ];
    expect(titles).toContain('new consultation');
    for (const title of titles) expect(parseCommand(title).kind, title).not.toMatch(/^(unknown|empty)$/);
  });
});

describe('icons', () => {
  it('color.png is 192×192 and outline.png is 32×32', async () => {
    const color = await readFile(path.join(MANIFEST_DIR, 'color.png'));
    const outline = await readFile(path.join(MANIFEST_DIR, 'outline.png'));
    // Straight from the IHDR header: width and height at bytes 16 and 20.
    expect([color.readUInt32BE(16), color.readUInt32BE(20)]).toEqual([192, 192]);
    expect([outline.readUInt32BE(16), outline.readUInt32BE(20)]).toEqual([32, 32]);
    expect(decodePng(color)).toMatchObject({ width: 192, height: 192 });
  });

  it('outline.png has only white and transparent pixels', async () => {
    const { width, height, colorType, rgba } = decodePng(await readFile(path.join(MANIFEST_DIR, 'outline.png')));
    expect([width, height]).toEqual([32, 32]);
    expect([4, 6]).toContain(colorType); // has an alpha channel
    const offenders: string[] = [];
    let transparent = 0;
    let white = 0;
    for (let i = 0; i < width * height; i++) {
      const [r, g, b, a] = rgba.subarray(i * 4, i * 4 + 4);
      if (a === 0) transparent++;
      else if (r === 255 && g === 255 && b === 255) white++;
      else offenders.push(`(${i % width},${Math.floor(i / width)}) rgba(${r},${g},${b},${a})`);
    }
    expect(offenders).toEqual([]);
    expect(white).toBeGreaterThan(0);
    // Fully transparent background: the corners and most of the icon are transparent.
    expect(transparent).toBeGreaterThan((width * height) / 2);
    for (const corner of [0, width - 1, (height - 1) * width, height * width - 1]) expect(rgba[corner * 4 + 3]).toBe(0);
  });
});

describe('bot id', () => {
  it.each([
    ['missing', {}],
    ['empty', { MicrosoftAppId: '' }],
    ['not a GUID', { MicrosoftAppId: 'samverkan-bot' }],
    ['a GUID with a bad group', { BOT_ID: '00000000-0000-0000-0000-0000000000011' }],
  ])('is refused when %s', (_label, env) => {
    expect(() => resolveSettings({ ...env, BOT_DOMAIN: 'samverkan.example.se' })).toThrow(PackageError);
  });

  it('accepts BOT_ID when MicrosoftAppId is not set', () => {
    expect(resolveSettings({ BOT_ID, BOT_DOMAIN: 'samverkan.example.se' })).toEqual({
      BOT_ID,
      BOT_DOMAIN: 'samverkan.example.se',
      APP_BASE_URL: 'https://samverkan.example.se',
    });
  });

  it('makes the command exit with code 1 and a one-line error', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, BOT_ID: 'not-a-guid', BOT_DOMAIN: 'samverkan.example.se' };
    delete env.MicrosoftAppId;
    const run = spawnSync(process.execPath, ['--import', 'tsx', TOOL], { env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual(['package-manifest: Bot id "not-a-guid" is not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).']);
    expect(run.stdout).toBe('');
  });
});

describe('app package', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'samverkan-manifest-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('zips manifest.json, en-US.json and both icons at the root', async () => {
    const outFile = path.join(dir, 'build', 'samverkan.zip');
    const result = await buildPackage({ env: ENV, outFile });
    expect(result.outFile).toBe(outFile);
    const zip = await JSZip.loadAsync(await readFile(outFile));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'en-US.json', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse((await zip.file('manifest.json')?.async('string')) ?? '{}') as Record<string, unknown>;
    expect(manifest.id).toBe(BOT_ID);
    expect(await validateManifest(manifest)).toEqual([]);
    const outline = await zip.file('outline.png')?.async('nodebuffer');
    expect(outline?.equals(await readFile(path.join(MANIFEST_DIR, 'outline.png')))).toBe(true);
  });

  it('refuses to build without a valid bot id', async () => {
    await expect(buildPackage({ env: { BOT_DOMAIN: 'samverkan.example.se' }, outFile: path.join(dir, 'none.zip') })).rejects.toThrow(
      /Bot id missing/,
    );
  });
});
