import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'manifest/build/**', 'test-results/**', 'devTools/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  { files: ['src/tools/**', 'tests/**', '.ci/**'], rules: { 'no-console': 'off' } },
  ...importRules(),
);

/**
 * Which way the code may point (see src/features/README.md): transport (src/teams, src/http) →
 * features → domain; features → the store's port (src/store/port.ts and the record types of
 * schema.ts), never an implementation of it; the domain imports nothing of Teams, HTTP, lowdb, the
 * store or the clock; a feature reaches another only through its index.ts, and the shared kit reaches
 * none. Nothing outside src/store reads the store's data directly. A wrong arrow fails `npm test` here.
 */
function importRules() {
  /** A pattern on the import string; `what` says why it is refused. */
  const restrict = (files, patterns, extra = {}) => ({
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: patterns.map(([regex, message]) => ({ regex, message })) }],
      ...extra,
    },
  });
  const layers = (...names) => `^(\\.\\.?/)+(${names.join('|')})/`;
  const teamsLibs = '^(botbuilder|botframework-|@microsoft/|restify)';
  // `store.data`, `ctx.store.data`, `this.store.data`: a read past the port (a second implementation would not have it).
  const storeData = [
    { selector: "MemberExpression[property.name='data'][object.name='store']", message: 'read the store through the repository port (src/store/port.ts), not store.data' },
    { selector: "MemberExpression[property.name='data'][object.property.name='store']", message: 'read the store through the repository port (src/store/port.ts), not store.data' },
  ];
  const noStoreData = { 'no-restricted-syntax': ['error', ...storeData] };
  const throughPort = ['^(\\.\\./)+store/(?!(port|schema)\\.js$)', 'features reach the store only through its port (store/port.js) and record types (store/schema.js)'];
  const noClock = {
    'no-restricted-syntax': [
      'error',
      ...storeData,
      { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'the domain gets the time passed in (a Clock), never reads it' },
      { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'the domain gets the time passed in (a Clock), never reads it' },
    ],
  };
  return [
    { files: ['src/**'], ignores: ['src/store/**', 'src/domain/**'], rules: noStoreData },
    restrict(
      ['src/domain/**'],
      [
        [layers('teams', 'features', 'http', 'scheduler', 'store'), 'the domain is pure rules: it imports no transport, feature or store'],
        ['^(\\.\\.?/)+(clock|log)\\.js$', 'the domain gets the time passed in and does not log'],
        [teamsLibs, 'the domain imports nothing of Teams or HTTP'],
        ['^(lowdb|node:fs)', 'the domain imports no lowdb or file system'],
      ],
      noClock,
    ),
    restrict(['src/config/**', 'src/i18n/**'], [[layers('teams', 'features', 'http', 'scheduler', 'store'), 'config and texts depend on nothing but the domain'], [teamsLibs, 'config and texts import nothing of Teams']]),
    restrict(['src/store/**'], [[layers('teams', 'features', 'http', 'scheduler', 'i18n'), 'the store knows no transport, feature or text'], [teamsLibs, 'the store imports nothing of Teams']]),
    restrict(['src/scheduler/**'], [[layers('teams', 'features', 'http'), 'the ticker is generic: the features give it their jobs']]),
    restrict(['src/http/**'], [[layers('features', 'teams'), 'HTTP routes are given what they serve by the features']]),
    restrict(
      ['src/features/*/**'],
      [
        ['^\\.\\./(?!kit/)[^./][^/]*/(?!index\\.js$)', 'a feature reaches another only through its index.ts'],
        [layers('teams'), 'features do not import the transport (src/teams): it calls them'],
        throughPort,
      ],
    ),
    // After the rule for every feature folder (a later rule replaces an earlier one for the same files).
    restrict(['src/features/kit/**'], [['^\\.\\./(?!kit/)[^./][^/]*/', 'the kit is shared by every feature and knows none of them'], [layers('teams'), 'features do not import the transport (src/teams): it calls them'], throughPort]),
    restrict(['src/features/*.ts'], [[layers('teams'), 'features do not import the transport (src/teams): it calls them'], throughPort]),
  ];
}
