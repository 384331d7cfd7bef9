/** The page shell shared by the portal, the console and the public pages. */
import { html, raw, type Html } from './html.js';
import { LANG_NAMES, LANGS, type Lang, type Translate } from './i18n.js';

export interface NavLink {
  href: string;
  label: string;
}

export interface PageOptions {
  title: string;
  lang: Lang;
  siteName: string;
  /** Small text beside the site name (e.g. "Privacy console"). */
  area?: string;
  /** Where the brand links to. */
  home?: string;
  nav?: NavLink[];
  /** The path of this page, to mark the current nav link. */
  current?: string;
  /** Right side of the header: who is signed in, a sign-out button. */
  who?: Html;
  body: Html;
  narrow?: boolean;
  meta?: { name: string; content: string }[];
  scripts?: string[];
  /** Offer the language switch (portal pages); with `t` for its label. */
  langSwitch?: { t: Translate; path: string };
}

export function page(o: PageOptions): Html {
  const nav = o.nav?.length
    ? html`<nav class="main" aria-label="Main">${o.nav.map((l) => html`<a href="${l.href}"${l.href === o.current ? raw(' aria-current="page"') : ''}>${l.label}</a>`)}</nav>`
    : html`<span class="main"></span>`;
  const langSwitch = o.langSwitch
    ? html`<form class="lang" method="get" action="${o.langSwitch.path}">
        <label for="lang-select" class="sr-only">${o.langSwitch.t('lang.label')}</label>
        <select id="lang-select" name="lang">${LANGS.map((l) => html`<option value="${l}"${l === o.lang ? raw(' selected') : ''} lang="${l}">${LANG_NAMES[l]}</option>`)}</select>
        <button type="submit" class="secondary small-button">OK</button>
      </form>`
    : '';
  const skip = o.langSwitch ? o.langSwitch.t('nav.skip') : 'Skip to content';
  return html`<!doctype html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · ${o.siteName}</title>
${(o.meta ?? []).map((m) => html`<meta name="${m.name}" content="${m.content}">\n`)}<link rel="stylesheet" href="/assets/app.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
${(o.scripts ?? []).map((s) => html`<script src="${s}" defer></script>\n`)}</head>
<body>
<a class="skip" href="#content">${skip}</a>
<header class="top"><div class="bar">
  <a class="brand" href="${o.home ?? '/'}"><span class="logo" aria-hidden="true">${o.siteName.slice(0, 1).toUpperCase()}</span>${o.siteName}${o.area ? html` <small>${o.area}</small>` : ''}</a>
  ${nav}
  <div class="who">${langSwitch}${o.who ?? ''}</div>
</div></header>
<main id="content"${o.narrow ? raw(' class="narrow"') : ''}>
${o.body}
</main>
<footer class="foot"><div class="bar">
  <span>${o.siteName} · consent and AI training, provable</span>
  <a href="/objection">Data Processing Objection form</a>
  <a href="/robots.txt">robots.txt</a>
  <a href="/docs">API</a>
</div></footer>
</body>
</html>`;
}

/** A hidden CSRF field for a form. */
export function csrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}
