/**
 * Evidence of a choice made over HTTP (spec §2): user agent, truncated IP, URL, language. It is
 * personal data, kept outside the hash chain and erasable; the IP is cut to its network part
 * (IPv4 /24, IPv6 /48) so it cannot single out a device.
 */
import type { FastifyRequest } from 'fastify';

export function truncateIp(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/i.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0`;
  if (ip.includes(':')) {
    const [head] = ip.split('::');
    const groups = (head ?? '').split(':').filter(Boolean).slice(0, 3);
    return `${groups.join(':')}::`;
  }
  return '';
}

export function evidenceOf(req: FastifyRequest): Record<string, unknown> {
  const e: Record<string, unknown> = {};
  const ua = req.headers['user-agent'];
  if (ua) e.userAgent = ua.slice(0, 400);
  const ip = truncateIp(req.ip);
  if (ip) e.ip = ip;
  e.url = req.url.split('?')[0]!.slice(0, 400);
  const lang = req.headers['accept-language']?.split(',')[0]?.split(';')[0]?.trim();
  if (lang) e.language = lang.slice(0, 35);
  return e;
}
