/** A server over the test fixture on a free loopback port, for the browser tests. */
import type { App } from '../../src/http/app.js';
import type { AppDeps } from '../../src/http/deps.js';
import { createFixture, createTestApp, type Fixture } from '../../src/http/testing/fixture.js';

export interface TestServer {
  url: string;
  app: App;
  fx: Fixture;
  close(): Promise<void>;
}

export async function startServer(overrides: Partial<AppDeps> = {}): Promise<TestServer> {
  const fx = await createFixture();
  const app = await createTestApp(fx, { demo: true, ...overrides });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: address,
    app,
    fx,
    close: async () => {
      // The browser keeps (pre)connections open; do not wait for them to time out.
      const closing = app.close();
      app.server.closeAllConnections();
      await closing;
      await fx.cleanup();
    },
  };
}
