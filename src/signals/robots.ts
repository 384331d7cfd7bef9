/**
 * robots.txt with the site's AIPREF default (draft-ietf-aipref-attach, which updates RFC 9309):
 * `Content-Usage: <prefs>` in the `User-Agent: *` group. Private parts of the product (the API, the
 * portal, the console) are disallowed for crawlers; public pages are crawlable and carry their own
 * per-member `Content-Usage` headers.
 */
export interface RobotsOptions {
  /** The site default, an RFC 9651 dictionary such as `train-ai=n`. */
  contentUsage: string;
  /** Absolute URL of the sitemap, if any. */
  sitemap?: string;
}

export const PRIVATE_PATHS = ['/api/', '/portal', '/console', '/demo', '/docs'] as const;

export function robotsTxt(options: RobotsOptions): string {
  const lines = [
    '# consentgate: AI usage preferences (IETF AIPREF) for this site.',
    '# Members who said no to AI training also get `Content-Usage: train-ai=n` on their own pages.',
    'User-Agent: *',
    'Allow: /',
    ...PRIVATE_PATHS.map((p) => `Disallow: ${p}`),
    `Content-Usage: ${options.contentUsage}`,
  ];
  if (options.sitemap) lines.push('', `Sitemap: ${options.sitemap}`);
  return `${lines.join('\n')}\n`;
}
