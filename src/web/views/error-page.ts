/** An error as a page, for browsers (the API answers problem+json instead). */
import type { HttpProblem } from '../../http/problem.js';
import { html, type Html } from '../html.js';
import { page } from '../layout.js';

export function errorPage(siteName: string, p: HttpProblem): Html {
  const action = p.status === 401
    ? html`<p><a class="button" href="/">Sign in</a></p>`
    : html`<p><a class="button secondary" href="/">Back to the start</a></p>`;
  return page({
    title: p.title,
    lang: 'en',
    siteName,
    narrow: true,
    body: html`<div class="card"><h1>${p.title}</h1><p class="lead">${p.detail ?? ''}</p><p class="muted small">Error ${p.status} · ${p.code}</p>${action}</div>`,
  });
}
