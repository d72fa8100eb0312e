import encryption from '@adonisjs/core/services/encryption'
import logger from '@adonisjs/core/services/logger'
import mail from '@adonisjs/mail/services/main'
import { appUrl } from '#config/app'
import User from '#app/models/user'
import ApiError from '#app/exceptions/api_error'

/** What a confirmation token says: this account may move from one address to another. */
type EmailChange = { userId: string; from: string; to: string }

const PURPOSE = 'email-change'
const LIFETIME = '24 hours'

/**
 * Email changes confirmed from the new address. Asking for one answers the
 * same whether or not the address belongs to another account, so nobody
 * can probe which addresses have accounts: a free address gets a link that
 * makes the change, a taken one a notice that nothing changed.
 */
export default class EmailChangeService {
  /** Use when a signed-in user asks for a new address; the mail goes out in the background. */
  async request(user: User, to: string) {
    const taken = await User.query().where('email', to).whereNot('id', user.id).first()
    const change: EmailChange = { userId: user.id, from: user.email, to }
    const token = taken ? null : encryption.encrypt(change, LIFETIME, PURPOSE)
    this.#send(to, token).catch((error) => {
      logger.error({ err: error, userId: user.id }, 'could not send an email change message')
    })
  }

  /**
   * Makes the change a token from request() describes, for the account it
   * was made for, once: the token names the address it moves away from.
   */
  async confirm(user: User, token: string) {
    const change = encryption.decrypt<EmailChange>(token, PURPOSE)
    if (!change || change.userId !== user.id || change.from !== user.email) {
      throw ApiError.invalid('token', 'invalid_token', 'This link is not valid or has expired')
    }
    user.email = change.to
    return user
  }

  async #send(to: string, token: string | null) {
    await mail.use('smtp').send((message) => {
      message.to(to).subject('Your Hearth email address')
      if (token) {
        const link = `${appUrl}/confirm-email?token=${encodeURIComponent(token)}`
        message.text(
          `Someone asked to make ${to} the email address of their Hearth account.\n\n` +
            `To confirm, open this link within 24 hours:\n${link}\n\n` +
            `Confirmation code: ${token}\n\nIf this was not you, ignore this email.`
        )
      } else {
        message.text(
          `Someone asked to make ${to} the email address of a Hearth account, but it ` +
            `already belongs to an account there. Nothing was changed.\n\n` +
            `If this was not you, you need do nothing.`
        )
      }
    })
  }
}
