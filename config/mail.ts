import env from '#start/env'
import { defineConfig, transports } from '@adonisjs/mail'

/**
 * Outgoing email (mention and direct-message notifications) over SMTP.
 * Without SMTP_HOST, Hearth sends no email at all.
 */
const user = env.get('SMTP_USER')

const mailConfig = defineConfig({
  default: 'smtp',
  from: { address: env.get('MAIL_FROM', 'hearth@localhost'), name: 'Hearth' },
  mailers: {
    smtp: transports.smtp({
      host: env.get('SMTP_HOST', '127.0.0.1'),
      port: env.get('SMTP_PORT', 587),
      secure: env.get('SMTP_SECURE', false),
      auth: user ? { type: 'login', user, pass: env.get('SMTP_PASSWORD', '') } : undefined,
      tls: { rejectUnauthorized: env.get('SMTP_TLS_VERIFY', true) },
    }),
  },
})

export default mailConfig

declare module '@adonisjs/mail/types' {
  export interface MailersList extends InferMailers<typeof mailConfig> {}
}
