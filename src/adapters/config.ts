// Configuration from the environment, parsed once; a bad value stops start-up with one clear line.
import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

const Env = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  BATON_DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  BATON_BOOTSTRAP_TOKEN: Type.Optional(Type.String({ minLength: 24 })),
  BATON_DEMO: Type.Union([Type.Literal('0'), Type.Literal('1')], { default: '1' }),
  BATON_WORKER: Type.Union([Type.Literal('0'), Type.Literal('1')], { default: '1' }),
  BATON_COOKIE_SECURE: Type.Union([Type.Literal('0'), Type.Literal('1')], { default: '0' }),
  BATON_SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  BATON_MAIL_FROM: Type.String({ minLength: 3, default: 'Baton <baton@localhost>' }),
  LOG_LEVEL: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
});

export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  bootstrapToken: string | undefined;
  demo: boolean;
  worker: boolean;
  cookieSecure: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: Static<typeof Env>['LOG_LEVEL'];
}>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const reasons: Partial<Record<keyof Static<typeof Env>, string>> = {
  PORT: 'must be a whole number from 0 to 65535',
  DATABASE_URL: 'must be a postgres:// or postgresql:// URL',
  BATON_BOOTSTRAP_TOKEN: 'must be at least 24 characters',
  BATON_DEMO: 'must be 0 or 1',
  BATON_WORKER: 'must be 0 or 1',
  BATON_COOKIE_SECURE: 'must be 0 or 1',
  BATON_SMTP_URL: 'must be an smtp:// or smtps:// URL',
  LOG_LEVEL: 'must be one of fatal, error, warn, info, debug, trace, silent',
};

/** Reads the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(Env.properties)) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    raw[key] = key === 'PORT' && /^\d+$/.test(value) ? Number(value) : value;
  }
  const withDefaults = Value.Default(Env, raw);
  if (!Value.Check(Env, withDefaults)) {
    const first = Value.Errors(Env, withDefaults)[0];
    const key = (first?.instancePath ?? '').replace(/^\//, '') as keyof Static<typeof Env>;
    throw new ConfigError(`Invalid configuration: ${key || 'environment'} ${reasons[key] ?? first?.message ?? 'is not valid'}`);
  }
  const parsed = withDefaults as Static<typeof Env>;
  return Object.freeze({
    port: parsed.PORT,
    host: parsed.HOST,
    dataDir: path.resolve(parsed.BATON_DATA_DIR),
    databaseUrl: parsed.DATABASE_URL,
    bootstrapToken: parsed.BATON_BOOTSTRAP_TOKEN,
    demo: parsed.BATON_DEMO === '1',
    worker: parsed.BATON_WORKER === '1',
    cookieSecure: parsed.BATON_COOKIE_SECURE === '1',
    smtpUrl: parsed.BATON_SMTP_URL,
    mailFrom: parsed.BATON_MAIL_FROM,
    logLevel: parsed.LOG_LEVEL,
  });
}
