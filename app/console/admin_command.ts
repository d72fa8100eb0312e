import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { errors as vineErrors } from '@vinejs/vine'
import type { VineValidator } from '@vinejs/vine'
import ApiError from '#app/exceptions/api_error'

/**
 * Base of every admin command: the app is started, and any refusal (bad
 * input, unknown user, a rule of the domain) is printed as one clear
 * message with a non-zero exit code. Commands validate with the same
 * validators and call the same services as the HTTP API, so they refuse
 * exactly what the API refuses and change nothing when they do.
 */
export abstract class AdminCommand extends BaseCommand {
  static options: CommandOptions = { startApp: true }

  abstract handle(): Promise<void>

  async run() {
    try {
      await this.handle()
    } catch (error) {
      this.exitCode = 1
      for (const line of this.#explain(error)) this.logger.error(line)
    }
  }

  /** Validates input with one of the API's validators. */
  validate<Validator extends VineValidator<any, any>>(validator: Validator, data: unknown) {
    return validator.validate(data) as ReturnType<Validator['validate']>
  }

  #explain(error: unknown): string[] {
    if (error instanceof vineErrors.E_VALIDATION_ERROR) {
      return (error.messages as Array<{ field: string; message: string }>).map(
        (entry) => `${entry.field}: ${entry.message}`
      )
    }
    if (error instanceof ApiError) return [error.message]
    throw error
  }
}
