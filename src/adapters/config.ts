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
  BATON_LLM_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  BATON_LLM_MODEL: Type.Optional(Type.String({ minLength: 1 })),
  BATON_LLM_API_KEY: Type.Optional(Type.String({ minLength: 1 })),
  BATON_LLM_TIMEOUT_MS: Type.Integer({ minimum: 1000, maximum: 600_000, default: 120_000 }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
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
  /** An OpenAI-compatible chat API that prepares handoff briefs; without it the embedded extractor does. */
  llm: { url: string; model: string; apiKey: string | undefined; timeoutMs: number } | undefined;
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
  BATON_LLM_URL: 'must be an http:// or https:// URL (the API base, e.g. http://localhost:11434/v1)',
  BATON_LLM_TIMEOUT_MS: 'must be a whole number of milliseconds from 1000 to 600000',
  LOG_LEVEL: 'must be one of fatal, error, warn, info, debug, trace, silent',
};

/** Reads the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(Env.properties)) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    raw[key] = (key === 'PORT' || key === 'BATON_LLM_TIMEOUT_MS') && /^\d+$/.test(value) ? Number(value) : value;
  }
  const withDefaults = Value.Default(Env, raw);
  if (!Value.Check(Env, withDefaults)) {
    const first = Value.Errors(Env, withDefaults)[0];
    const key = (first?.instancePath ?? '').replace(/^\//, '') as keyof Static<typeof Env>;
    throw new ConfigError(`Invalid configuration: ${key || 'environment'} ${reasons[key] ?? first?.message ?? 'is not valid'}`);
  }
  const parsed = withDefaults as Static<typeof Env>;
  if (parsed.BATON_LLM_URL && !parsed.BATON_LLM_MODEL)
    throw new ConfigError('Invalid configuration: BATON_LLM_MODEL is required when BATON_LLM_URL is set (the model name, e.g. llama3.1)');
  if (parsed.BATON_LLM_MODEL && !parsed.BATON_LLM_URL)
    throw new ConfigError('Invalid configuration: BATON_LLM_URL is required when BATON_LLM_MODEL is set (the API base, e.g. http://localhost:11434/v1)');
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
    llm:
      parsed.BATON_LLM_URL && parsed.BATON_LLM_MODEL
        ? { url: parsed.BATON_LLM_URL, model: parsed.BATON_LLM_MODEL, apiKey: parsed.BATON_LLM_API_KEY, timeoutMs: parsed.BATON_LLM_TIMEOUT_MS }
        : undefined,
    logLevel: parsed.LOG_LEVEL,
  });
}
