import restify from 'restify';
import type { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import type { Logger } from '../log.js';

export interface Health {
  ok: boolean;
  [key: string]: unknown;
}

/** The HTTP face: Bot Framework activities in, a health check for the operator. */
export function createServer(deps: {
  adapter: TeamsAdapter;
  app: Application<TurnState>;
  log: Logger;
  health: () => Health;
  routes?: (server: restify.Server) => void;
  /** With real credentials: refuse with 401 any request whose token the adapter does not accept. */
  authenticate?: boolean;
}): restify.Server {
  const server = restify.createServer({ name: 'samverkan', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));

  server.post('/api/messages', async (req, res) => {
    if (deps.authenticate) {
      // The adapter's own validation, asked first: it answers 401 only for its own AuthenticationError and
      // 500 for a token jsonwebtoken rejects (a wrong signature); every refused token must be a 401.
      const auth = (deps.adapter as unknown as { botFrameworkAuthentication: { authenticateRequest(a: unknown, h: string): Promise<unknown> } })
        .botFrameworkAuthentication;
      try {
        await auth.authenticateRequest(req.body, String(req.headers.authorization ?? ''));
      } catch (err) {
        deps.log.warn({ reason: (err as Error).message?.slice(0, 120) }, 'request refused: not a valid Bot Framework token');
        res.send(401);
        return;
      }
    }
    // Not an activity (its type missing or not a string): botbuilder would throw, and that became a 500.
    const type = (req.body as { type?: unknown } | undefined)?.type;
    if (typeof type !== 'string' || !type) {
      res.send(400, { code: 'BadRequest', message: 'not a Bot Framework activity: type is missing' });
      return;
    }
    try {
      await deps.adapter.process(req, res, async (context) => {
        await deps.app.run(context);
      });
    } catch (err) {
      deps.log.error({ err: (err as Error).message }, 'activity processing failed');
      if (!res.headersSent) res.send(500);
    }
  });

  server.get('/healthz', (_req, res, next) => {
    const health = deps.health();
    res.send(health.ok ? 200 : 503, health);
    return next();
  });

  deps.routes?.(server);
  return server;
}
