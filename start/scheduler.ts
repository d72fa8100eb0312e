/*
|--------------------------------------------------------------------------
| Background work of the web server
|--------------------------------------------------------------------------
|
| Wiring only. Every so often: send the batched notification emails (when
| an SMTP server is configured), delete uploads never attached to a post,
| and remind assignees of cards coming due. Several instances may run these
| at once: NotificationMailer claims each person's batch atomically, the
| sweep deletes rows before bytes, and DueReminders claims each reminder.
|
*/
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import hearthConfig from '#config/hearth'
import NotificationMailer from '#chat/services/notification_mailer'
import FileService from '#chat/services/file_service'
import DueReminders from '#boards/services/due_reminders'

/** Runs `task` every `seconds`, never two at once, until the app stops. */
function every(seconds: number, name: string, task: () => Promise<unknown>) {
  let running = false
  const timer = setInterval(async () => {
    if (running) return
    running = true
    try {
      await task()
    } catch (error) {
      logger.error({ err: error }, `${name} failed`)
    } finally {
      running = false
    }
  }, seconds * 1000)
  timer.unref()
  app.terminating(() => clearInterval(timer))
}

const { emailEnabled, emailPollSeconds } = hearthConfig.notifications
if (emailEnabled) {
  const mailer = new NotificationMailer()
  every(emailPollSeconds, 'notification email round', () => mailer.runOnce())
}

every(3600, 'sweep of unattached uploads', () => new FileService().sweepUnattached())

every(hearthConfig.cards.reminderPollSeconds, 'card due reminders', () =>
  new DueReminders().runOnce()
)
