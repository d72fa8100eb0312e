import { flags } from '@adonisjs/core/ace'
import { SingleBar, Presets } from 'cli-progress'
import db from '@adonisjs/lucid/services/db'
import { AdminCommand } from '#app/console/admin_command'
import ApiError from '#app/exceptions/api_error'
import SearchIndex from '#chat/services/search/search_index'

export default class SearchReindex extends AdminCommand {
  static commandName = 'search:reindex'
  static description =
    'Rebuild the search index from the posts, in place (search keeps working meanwhile)'

  @flags.number({ description: 'Posts per batch', default: 1000 })
  declare batchSize: number

  @flags.boolean({ description: 'No progress bar (for logs and scripts)' })
  declare quiet: boolean

  async handle() {
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1 || this.batchSize > 10000) {
      throw ApiError.invalid('batchSize', 'invalid', '--batch-size must be between 1 and 10000')
    }
    const [{ total }] = await db.from('posts').count('* as total')
    const bar = new SingleBar(
      { format: 'reindexing {bar} {percentage}% | {value}/{total} posts | {eta_formatted} left' },
      Presets.shades_classic
    )
    if (!this.quiet) bar.start(Number(total), 0)
    const started = performance.now()
    const done = await new SearchIndex().rebuild({
      batchSize: this.batchSize,
      onProgress: (count) => this.quiet || bar.update(count),
    })
    if (!this.quiet) bar.stop()
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    this.logger.success(`Indexed ${done} posts in ${seconds} s`)
  }
}
