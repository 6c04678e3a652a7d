/**
 * Builds the Teams app package manifest/build/samverkan.zip from manifest/manifest.template.json.
 *
 *   MicrosoftAppId=<guid> BOT_DOMAIN=samverkan.example.se npm run package
 *
 * Env: MicrosoftAppId (or BOT_ID) – the bot's app id, a GUID, also used as the Teams app id;
 * BOT_DOMAIN – the bot's host name; APP_BASE_URL – optional, defaults to https://<BOT_DOMAIN>.
 *
 * The manifest and the localization file are validated offline against the JSON schemas that
 * ship in @microsoft/app-manifest; this tool never fetches a schema from the internet. Beyond the
 * schema it refuses a manifest that does not declare shared and private channel support (see
 * checkChannelSupport) and a localization file whose schema version is not the manifest's.
 */
import { readFile, mkdir, writeFile, realpath } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { AppManifestUtils } from '@microsoft/app-manifest';

type SchemaManifest = Parameters<typeof AppManifestUtils.validateAgainstSchema>[0];
type Schema = NonNullable<Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]>;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const MANIFEST_DIR = fileURLToPath(new URL('../../manifest/', import.meta.url));
export const DEFAULT_OUT_FILE = path.join(MANIFEST_DIR, 'build', 'samverkan.zip');
export const TEMPLATE_FILE = 'manifest.template.json';
/** Files copied into the package beside manifest.json (all at the zip root). */
export const PACKAGE_FILES = ['en-US.json', 'color.png', 'outline.png'] as const;
export const ICON_SIZES: Readonly<Record<string, number>> = { 'color.png': 192, 'outline.png': 32 };

/** A refusal with a one-line, user-facing message. */
export class PackageError extends Error {
  constructor(message: string, readonly details: readonly string[] = []) {
    super(message);
    this.name = 'PackageError';
  }
}

export interface PackageSettings {
  readonly BOT_ID: string;
  readonly BOT_DOMAIN: string;
  readonly APP_BASE_URL: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?:\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?$/i;

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** Reads and checks the placeholder values; throws PackageError with a one-line message. */
export function resolveSettings(env: NodeJS.ProcessEnv): PackageSettings {
  const botId = envValue(env, 'MicrosoftAppId') ?? envValue(env, 'BOT_ID');
  if (!botId) throw new PackageError('Bot id missing: set MicrosoftAppId (or BOT_ID) to the bot\'s Microsoft App ID (a GUID).');
  if (!GUID.test(botId)) throw new PackageError(`Bot id "${botId}" is not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).`);

  const botDomain = envValue(env, 'BOT_DOMAIN');
  if (!botDomain) throw new PackageError('BOT_DOMAIN missing: set it to the bot\'s host name, e.g. samverkan.example.se.');
  if (!HOST.test(botDomain)) throw new PackageError(`BOT_DOMAIN "${botDomain}" must be a bare host name such as samverkan.example.se (no https://, no path).`);

  const appBaseUrl = (envValue(env, 'APP_BASE_URL') ?? `https://${botDomain}`).replace(/\/+$/, '');
  let parsed: URL | undefined;
  try {
    parsed = new URL(appBaseUrl);
  } catch {
    parsed = undefined;
  }
  if (parsed?.protocol !== 'https:') throw new PackageError(`APP_BASE_URL "${appBaseUrl}" must be an https:// URL.`);

  return { BOT_ID: botId.toLowerCase(), BOT_DOMAIN: botDomain.toLowerCase(), APP_BASE_URL: appBaseUrl };
}

/**
 * Replaces ${{NAME}} placeholders in every string of the template (keys included) and returns a
 * new object. Substitution happens on parsed values, so a value can never break the JSON.
 * Throws PackageError when a placeholder has no value.
 */
export function renderTemplate<T = Json>(template: unknown, values: Readonly<Record<string, string>>): T {
  const missing = new Set<string>();
  const substitute = (text: string): string =>
    text.replace(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole, name: string) => {
      const value = values[name];
      if (value === undefined) {
        missing.add(name);
        return whole;
      }
      return value;
    });
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return substitute(node);
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([key, value]) => [substitute(key), walk(value)]));
    return node;
  };
  const result = walk(template);
  if (missing.size > 0) throw new PackageError(`Template placeholders without a value: ${[...missing].join(', ')}.`);
  return result as T;
}

/**
 * Loads the JSON schema for a developer.microsoft.com schema URL from the copies bundled in
 * @microsoft/app-manifest (build/json-schemas/...). Never goes to the network: an unknown URL is
 * an error.
 */
export async function loadBundledSchema(schemaUrl: string): Promise<Schema> {
  const match = /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?(json-schemas\/teams\/[^?#]+\.json)$/i.exec(schemaUrl);
  if (!match?.[1]) throw new PackageError(`Unsupported $schema "${schemaUrl}": expected https://developer.microsoft.com/[en-us/]json-schemas/teams/...`);
  const packageMain = createRequire(import.meta.url).resolve('@microsoft/app-manifest');
  const file = path.join(path.dirname(packageMain), ...match[1].split('/'));
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    throw new PackageError(`Schema ${schemaUrl} is not bundled with @microsoft/app-manifest (looked for ${file}).`);
  }
  // Same clean-up as the package's own loader: \a and \v are not valid JSON escapes.
  const schema = JSON.parse(raw.replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) as Schema & {
    patternProperties?: Record<string, unknown>;
  };
  // The Teams localization schemas contain patterns like ...\b]\.description$ that are invalid
  // with the regex "u" flag Ajv uses ("Lone quantifier brackets"); escape the stray "]".
  if (schema.patternProperties)
    schema.patternProperties = Object.fromEntries(
      Object.entries(schema.patternProperties).map(([pattern, rule]) => [pattern.replace(/\\b\]/g, '\\b\\]'), rule]),
    );
  return schema;
}

function schemaUrlOf(document: unknown, what: string): string {
  const url = (document as { $schema?: unknown } | null)?.$schema;
  if (typeof url !== 'string') throw new PackageError(`${what} has no $schema.`);
  return url;
}

function formatErrors(errors: readonly string[], prefix: string): string[] {
  return errors.map((error) => `${prefix}${error.startsWith(' ') ? '(root)' : ''}${error}`);
}

/** The first manifest schema with supportsChannelFeatures (shared and private channels). */
export const CHANNEL_FEATURES_SINCE = 25;
/** What the app declares; "tier1" is the one value the bundled 1.25–1.30 schemas allow. */
export const CHANNEL_FEATURES = 'tier1';

/** N of a manifestVersion "1.N"; undefined for anything else (e.g. "devPreview"). */
function minorVersionOf(version: string): number | undefined {
  const match = /^1\.(\d+)$/.exec(version);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The "1.N" (or "DevPreview") part of a developer.microsoft.com Teams schema URL. */
export function schemaVersionOf(schemaUrl: string): string | undefined {
  return /\/json-schemas\/teams\/v([^/]+)\//i.exec(schemaUrl)?.[1];
}

/**
 * The schema leaves supportsChannelFeatures optional, and an older manifest version does not know it:
 * both would validate and give an app Teams does not offer in shared and private channels, where the
 * municipalities meet the region across tenants. Returns error lines, [] when the manifest declares it.
 */
export function checkChannelSupport(manifest: unknown): string[] {
  const { manifestVersion, supportsChannelFeatures } = (manifest ?? {}) as { manifestVersion?: unknown; supportsChannelFeatures?: unknown };
  const minor = typeof manifestVersion === 'string' ? minorVersionOf(manifestVersion) : undefined;
  if (minor === undefined || minor < CHANNEL_FEATURES_SINCE)
    return [
      `manifest.json manifestVersion ${JSON.stringify(manifestVersion)} cannot declare shared and private channel support: use 1.${CHANNEL_FEATURES_SINCE} or later`,
    ];
  if (supportsChannelFeatures !== CHANNEL_FEATURES)
    return [`manifest.json supportsChannelFeatures must be "${CHANNEL_FEATURES}" (shared and private channels), not ${JSON.stringify(supportsChannelFeatures)}`];
  return [];
}

/** Validates a rendered manifest against its $schema (offline). Returns error lines, [] when valid. */
export async function validateManifest(manifest: unknown): Promise<string[]> {
  const schema = await loadBundledSchema(schemaUrlOf(manifest, 'The manifest'));
  const errors = await AppManifestUtils.validateAgainstSchema(manifest as SchemaManifest, schema);
  return formatErrors(errors, 'manifest.json ');
}

/** Resolves a localization key such as bots[0].commandLists[1].commands[2].title in the manifest. */
function lookUp(manifest: unknown, key: string): unknown {
  let node: unknown = manifest;
  for (const part of key.split('.')) {
    const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!match?.[1]) return undefined;
    node = (node as Record<string, unknown> | undefined)?.[match[1]];
    for (const index of match[2]?.match(/\d+/g) ?? []) node = Array.isArray(node) ? node[Number(index)] : undefined;
  }
  return node;
}

/**
 * Validates a localization file against its $schema (offline) and checks that each translated key
 * points at a string in the manifest (the schema only bounds indexes, it does not know the manifest).
 */
export async function validateLocalization(localization: unknown, manifest: unknown, fileName = 'en-US.json'): Promise<string[]> {
  const schema = await loadBundledSchema(schemaUrlOf(localization, fileName));
  const errors = formatErrors(await AppManifestUtils.validateAgainstSchema(localization as SchemaManifest, schema), `${fileName} `);
  const version = schemaVersionOf(schemaUrlOf(localization, fileName));
  const manifestVersion = (manifest as { manifestVersion?: unknown } | null)?.manifestVersion;
  if (version !== manifestVersion)
    errors.push(`${fileName} uses the v${version ?? '?'} localization schema, the manifest is ${JSON.stringify(manifestVersion)}: use the same version`);
  if (localization && typeof localization === 'object')
    for (const key of Object.keys(localization)) {
      if (key === '$schema' || key === 'localizationKeys') continue;
      if (typeof lookUp(manifest, key) !== 'string') errors.push(`${fileName} key "${key}" has no matching string in the manifest`);
    }
  return errors;
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  const signature = '89504e470d0a1a0a';
  if (png.length < 24 || png.subarray(0, 8).toString('hex') !== signature || png.toString('ascii', 12, 16) !== 'IHDR')
    throw new PackageError('Not a PNG file.');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export interface BuildOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly manifestDir?: string;
  readonly outFile?: string;
}

export interface BuildResult {
  readonly outFile: string;
  readonly entries: readonly string[];
  readonly manifest: Json;
}

async function readJson(file: string): Promise<Json> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Json;
  } catch (error) {
    throw new PackageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

/** Renders, validates and zips the app package. Throws PackageError on any refusal. */
export async function buildPackage({ env, manifestDir = MANIFEST_DIR, outFile = DEFAULT_OUT_FILE }: BuildOptions): Promise<BuildResult> {
  const settings = resolveSettings(env);
  const manifest = renderTemplate(await readJson(path.join(manifestDir, TEMPLATE_FILE)), { ...settings });
  const localization = await readJson(path.join(manifestDir, 'en-US.json'));

  const errors = [
    ...(await validateManifest(manifest)),
    ...checkChannelSupport(manifest),
    ...(await validateLocalization(localization, manifest)),
  ];
  const files = new Map<string, Buffer>();
  for (const name of PACKAGE_FILES) files.set(name, await readFile(path.join(manifestDir, name)));
  for (const [name, size] of Object.entries(ICON_SIZES)) {
    const { width, height } = pngSize(files.get(name) ?? Buffer.alloc(0));
    if (width !== size || height !== size) errors.push(`${name} is ${width}×${height}, Teams requires ${size}×${size}`);
  }
  if (errors.length > 0) throw new PackageError(`The app package is invalid (${errors.length} problem(s)).`, errors);

  // A fixed date keeps the zip byte-identical for identical input.
  const date = new Date(Date.UTC(2020, 0, 1));
  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date });
  for (const [name, content] of files) zip.file(name, content, { date });
  const content = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });

  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, content);
  return { outFile, entries: ['manifest.json', ...files.keys()], manifest };
}

async function isMain(): Promise<boolean> {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return (await realpath(script)) === (await realpath(fileURLToPath(import.meta.url)));
  } catch {
    return false;
  }
}

if (await isMain()) {
  try {
    const { outFile, entries } = await buildPackage({ env: process.env });
    console.log(`Wrote ${path.relative(process.cwd(), outFile)} (${entries.join(', ')})`);
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    console.error(`package-manifest: ${error.message}`);
    for (const detail of error.details) console.error(`  - ${detail}`);
    process.exitCode = 1;
  }
}
