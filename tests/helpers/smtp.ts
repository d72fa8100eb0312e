import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'

/**
 * A real SMTP server on 127.0.0.1 that the test run starts before the app
 * boots (bin/test.ts points SMTP_HOST/SMTP_PORT at it), keeping every
 * message it receives so tests can read what Hearth sent.
 */
class Mailbox {
  readonly messages: ParsedMail[] = []
  #server?: SMTPServer
  #waiters: Array<() => void> = []

  async start() {
    this.#server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((message) => {
            this.messages.push(message)
            for (const wake of this.#waiters.splice(0)) wake()
            callback()
          })
          .catch(callback)
      },
    })
    const server = this.#server
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return (server.server.address() as { port: number }).port
  }

  async stop() {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(resolve) : resolve()))
  }

  /** Messages sent to an address. */
  to(address: string) {
    return this.messages.filter((message) =>
      [message.to].flat().some((to) => to?.value.some((entry) => entry.address === address))
    )
  }

  /** Waits (up to `ms`) until `check` holds over the received messages. */
  async waitFor<T>(check: () => T | undefined | false, ms = 5000): Promise<T> {
    const deadline = Date.now() + ms
    for (;;) {
      const found = check()
      if (found) return found
      const left = deadline - Date.now()
      if (left <= 0) throw new Error('No such email arrived in time')
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.#waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }
}

export const mailbox = new Mailbox()
