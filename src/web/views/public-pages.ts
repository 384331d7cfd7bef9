/** The platform's public pages (a profile and a post), with the author's AI signals in `<meta>`. */
import type { ContentItem, Member } from '../../domain/entities.js';
import type { PageSignals } from '../../signals/page-signals.js';
import { html, type Html } from '../html.js';
import { formatDate } from '../i18n.js';
import { page } from '../layout.js';

const MENTION = /@\[([^\]]*)\]\(member:([A-Za-z0-9._:-]+)\)/g;

/** Post text with mentions as links to the mentioned member; everything escaped. */
export function richText(text: string): Html {
  const parts: Html[] = [];
  let last = 0;
  for (const m of text.matchAll(MENTION)) {
    parts.push(html`${text.slice(last, m.index)}`);
    parts.push(html`<a href="/members/${encodeURIComponent(m[2]!)}">${m[1]!}</a>`);
    last = m.index + m[0].length;
  }
  parts.push(html`${text.slice(last)}`);
  return html`${parts}`;
}

const KIND: Record<string, string> = { post: 'Post', article: 'Article', comment: 'Comment', 'poll-response': 'Poll response', profile: 'Profile', 'group-post': 'Group post' };

function signalNote(signals: PageSignals): Html {
  if (signals.meta.length === 0) return html``;
  return html`<p class="small muted">This member does not allow their content to be used to train AI. This page says so to crawlers (<code>Content-Usage: train-ai=n</code>, <code>noai</code>, TDMRep).</p>`;
}

export function memberPage(o: { siteName: string; member: Member; items: ContentItem[]; total: number; signals: PageSignals }): Html {
  const list = o.items.length === 0
    ? html`<p class="muted">No public posts yet.</p>`
    : html`<ul class="feed">${o.items.map((i) => html`<li class="card"><p class="small muted">${KIND[i.kind] ?? i.kind} · ${formatDate('en', i.createdAt)} · <a href="/posts/${encodeURIComponent(i.id)}">Open</a></p><p class="post">${richText(i.text.length > 400 ? `${i.text.slice(0, 397)}...` : i.text)}</p></li>`)}</ul>`;
  return page({
    title: o.member.name,
    lang: 'en',
    siteName: o.siteName,
    meta: o.signals.meta,
    body: html`<div class="card"><h1>${o.member.name}</h1><p class="muted">Member since ${formatDate('en', o.member.joinedAt)} · ${o.total} public post(s)</p>${signalNote(o.signals)}</div>
      <h2>Recent posts</h2>${list}`,
  });
}

export function postPage(o: { siteName: string; author: Member; item: ContentItem; signals: PageSignals; posted: string }): Html {
  return page({
    title: `${KIND[o.item.kind] ?? 'Post'} by ${o.author.name}`,
    lang: 'en',
    siteName: o.siteName,
    meta: o.signals.meta,
    narrow: true,
    body: html`<article class="card"><p class="small muted"><a href="/members/${encodeURIComponent(o.author.id)}">${o.author.name}</a> · <time datetime="${o.posted}">${formatDate('en', o.item.createdAt)}</time></p>
      <p class="post">${richText(o.item.text)}</p>${signalNote(o.signals)}</article>`,
  });
}
