import type { App } from '../app.js';
import type { AppContext } from '../context.js';

export function registerPortal(_app: App, _ctx: AppContext): void {}
