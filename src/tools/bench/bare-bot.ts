/**
 * The framework's floor for the benchmark: a teams-ai v1 Application on a TeamsAdapter behind restify
 * (the same HTTP setup as the real bot), with no store, that answers every Action.Execute with a
 * small card. Local mode (no app id): requests are not authenticated; loopback only.
 *
 *   PORT=0 node --import tsx src/tools/bench/bare-bot.ts      (prints "listening <port>")
 */
import restify from 'restify';
import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';

const VERBS = ['decision.vote', 'participation.answer'];

export function createBareBot(): restify.Server {
  const adapter = new TeamsAdapter({}, new ConfigurationServiceClientCredentialFactory({}));
  const app = new Application<TurnState>({ adapter, startTypingTimer: false, removeRecipientMention: true });
  for (const verb of VERBS)
    app.adaptiveCards.actionExecute(verb, async (_context, _state, data) => ({
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      body: [{ type: 'TextBlock', text: `Registrerat: ${JSON.stringify(data).slice(0, 80)}`, wrap: true }],
    }));

  const server = restify.createServer({ name: 'bare', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    try {
      await adapter.process(req, res, async (context) => {
        await app.run(context);
      });
    } catch (err) {
      console.error((err as Error).message);
      if (!res.headersSent) res.send(500);
    }
  });
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { ok: true, bare: true });
    return next();
  });
  return server;
}

if ((process.argv[1] ?? '').endsWith('bare-bot.ts')) {
  const server = createBareBot();
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    console.log(`listening ${(server.address() as { port: number }).port}`);
  });
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}
