/**
 * Structured logs (pino), one JSON object a line on stderr, so that stdout stays the command's
 * output. `CONSENTGATE_LOG_LEVEL` sets the level (default `info`; `silent` turns logs off).
 *
 * Personal data never goes to logs: the paths below are censored wherever they appear, so a
 * careless `log.info({ body })` of an objection or a consent request cannot leak it.
 */
import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** Fields that may hold personal data or secrets, censored in every log line. */
export const REDACTED_PATHS = [
  'evidence', '*.evidence', 'emails', '*.emails', 'handles', '*.handles', 'urls', '*.urls', 'identifiers', '*.identifiers',
  'name', 'body.name', 'req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie',
  'password', '*.password', 'secret', '*.secret', 'token', '*.token',
];

export interface LoggerConfig {
  level?: string;
  /** A name for the component (`serve`, `import`, `store`...). */
  name?: string;
  /** Where lines go (default stderr, fd 2). */
  destination?: NodeJS.WritableStream | number;
}

export function loggerOptions(config: Omit<LoggerConfig, 'destination'> = {}): LoggerOptions {
  const options: LoggerOptions = {
    level: config.level ?? process.env.CONSENTGATE_LOG_LEVEL ?? 'info',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  };
  if (config.name !== undefined) options.name = config.name;
  return options;
}

export function createLogger(config: LoggerConfig = {}): Logger {
  const dest = config.destination ?? 2;
  const stream = typeof dest === 'number' ? pino.destination({ fd: dest, sync: true }) : dest;
  return pino(loggerOptions(config), stream);
}

let root: Logger | undefined;

/** The process's logger (created on first use); `child({ component })` for a part of the product. */
export function logger(): Logger {
  root ??= createLogger();
  return root;
}
