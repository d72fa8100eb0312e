/*
|--------------------------------------------------------------------------
| Environment variables
|--------------------------------------------------------------------------
|
| Every variable Hearth reads, validated at boot. `.env.example` documents
| each one; the README has the full table.
|
*/
import { Env } from '@adonisjs/core/env'
import { parseTrustedProxies } from '#app/helpers/trusted_proxies'

export default await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum(['development', 'production', 'test'] as const),
  PORT: Env.schema.number.optional(),
  HOST: Env.schema.string.optional({ format: 'host' }),
  APP_KEY: Env.schema.secret(),
  APP_URL: Env.schema.string.optional(),
  LOG_LEVEL: Env.schema.string.optional(),
  DATA_DIR: Env.schema.string.optional(),
  TRUST_PROXY: parseTrustedProxies,

  DB_CONNECTION: Env.schema.enum.optional(['sqlite', 'pg', 'mysql'] as const),
  DB_HOST: Env.schema.string.optional({ format: 'host' }),
  DB_PORT: Env.schema.number.optional(),
  DB_USER: Env.schema.string.optional(),
  DB_PASSWORD: Env.schema.string.optional(),
  DB_DATABASE: Env.schema.string.optional(),
  DB_DEBUG: Env.schema.boolean.optional(),

  SESSION_AGE: Env.schema.string.optional(),
  API_RATE_LIMIT: Env.schema.number.optional(),
  BOARD_UPDATE_RATE_LIMIT: Env.schema.number.optional(),

  FILES_DRIVER: Env.schema.enum.optional(['fs', 's3'] as const),
  FILES_MAX_SIZE_MB: Env.schema.number.optional(),
  S3_BUCKET: Env.schema.string.optional(),
  S3_REGION: Env.schema.string.optional(),
  S3_ENDPOINT: Env.schema.string.optional(),
  S3_ACCESS_KEY_ID: Env.schema.string.optional(),
  S3_SECRET_ACCESS_KEY: Env.schema.string.optional(),
  S3_FORCE_PATH_STYLE: Env.schema.boolean.optional(),
  S3_SUPPORTS_ACL: Env.schema.boolean.optional(),

  SMTP_HOST: Env.schema.string.optional({ format: 'host' }),
  SMTP_PORT: Env.schema.number.optional(),
  SMTP_SECURE: Env.schema.boolean.optional(),
  SMTP_TLS_VERIFY: Env.schema.boolean.optional(),
  SMTP_USER: Env.schema.string.optional(),
  SMTP_PASSWORD: Env.schema.string.optional(),
  MAIL_FROM: Env.schema.string.optional(),
  EMAIL_BATCH_MINUTES: Env.schema.number.optional(),

  CARD_DUE_SOON_HOURS: Env.schema.number.optional(),
})
