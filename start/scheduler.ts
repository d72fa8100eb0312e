/*
|--------------------------------------------------------------------------
| Background work of the web server
|--------------------------------------------------------------------------
|
| Wiring only: every so often, send the batched notification emails (when
| an SMTP server is configured). Several instances may run this at once:
| NotificationMailer claims each person's batch atomically.
|
*/
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import hearthConfig from '#config/hearth'
import NotificationMailer from '#chat/services/notification_mailer'

const { emailEnabled, emailPollSeconds } = hearthConfig.notifications

if (emailEnabled) {
  const mailer = new NotificationMailer()
  let running = false
  const timer = setInterval(async () => {
    if (running) return
    running = true
    try {
      await mailer.runOnce()
    } catch (error) {
      logger.error({ err: error }, 'notification email round failed')
    } finally {
      running = false
    }
  }, emailPollSeconds * 1000)
  timer.unref()
  app.terminating(() => clearInterval(timer))
}
