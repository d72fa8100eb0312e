import { isAbsolute, join } from 'node:path'
import env from '#start/env'
import app from '@adonisjs/core/services/app'

/**
 * Where Hearth keeps its state on disk: the embedded SQLite database and
 * local files. Relative paths are resolved against the application root.
 */
function resolveDataDir() {
  const configured = env.get('DATA_DIR', 'data')
  return isAbsolute(configured) ? configured : join(app.appRoot.pathname, configured)
}

const hearthConfig = {
  dataDir: resolveDataDir(),
  notifications: {
    /** Email goes out only when an SMTP server is configured. */
    emailEnabled: Boolean(env.get('SMTP_HOST')),
    /** At most one notification email per user per this many minutes. */
    emailBatchMinutes: env.get('EMAIL_BATCH_MINUTES', 15),
    /** How often pending notification emails are looked for. */
    emailPollSeconds: 30,
  },
  cards: {
    /** A card's assignees are reminded when it is due within this many hours, and when overdue. */
    dueSoonHours: env.get('CARD_DUE_SOON_HOURS', 24),
    /** How often due dates are looked at. */
    reminderPollSeconds: 60,
  },
}

export default hearthConfig
