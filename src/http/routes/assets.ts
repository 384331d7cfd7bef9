/** Static assets: the stylesheet, the small scripts, and Chart.js's UMD build from node_modules. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { App } from '../app.js';
import { APP_CSS, EXTRA_CSS } from '../../web/assets/styles.js';
import { CONSOLE_JS, FAVICON_SVG, PORTAL_JS } from '../../web/assets/scripts.js';

let chartJs: Buffer | undefined;
function chartUmd(): Buffer {
  if (!chartJs) {
    const main = createRequire(import.meta.url).resolve('chart.js');
    chartJs = readFileSync(join(dirname(main), 'chart.umd.min.js'));
  }
  return chartJs;
}

export function registerAssets(app: App): void {
  const files: Record<string, { type: string; body: () => string | Buffer }> = {
    'app.css': { type: 'text/css; charset=utf-8', body: () => APP_CSS + EXTRA_CSS },
    'portal.js': { type: 'text/javascript; charset=utf-8', body: () => PORTAL_JS },
    'console.js': { type: 'text/javascript; charset=utf-8', body: () => CONSOLE_JS },
    'chart.umd.min.js': { type: 'text/javascript; charset=utf-8', body: chartUmd },
    'favicon.svg': { type: 'image/svg+xml', body: () => FAVICON_SVG },
  };
  app.get('/favicon.ico', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/assets/favicon.svg', 301));
  app.get('/assets/:file', { schema: { hide: true } }, async (req, reply) => {
    const f = files[(req.params as { file: string }).file];
    if (!f) return reply.callNotFound();
    return reply.type(f.type).header('cache-control', 'public, max-age=3600').send(f.body());
  });
}
