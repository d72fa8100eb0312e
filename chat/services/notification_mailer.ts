import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import logger from '@adonisjs/core/services/logger'
import { appUrl } from '#config/app'
import hearthConfig from '#config/hearth'
import { dbTimestamp } from '#app/helpers/dates'
import { affectedRows } from '#app/helpers/database'
import { presence } from '#chat/realtime/presence'
import { truncate } from '#app/helpers/text'

/** Most notifications one email lists; the rest wait for the next one. */
const PER_EMAIL = 50
/** Most users served by one round. */
const PER_ROUND = 200

type Pending = {
  id: number | string
  kind: string
  post_id: string
  message: string
  seq: number | string
  root_id: string | null
  deleted_at: unknown
  channel_id: string
  team_id: string
  channel_name: string | null
  channel_display_name: string
  channel_type: string
  actor_username: string
  member_id: number | null
  channel_read_seq: number | string | null
  thread_read_seq: number | string | null
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)

/**
 * Emails people who are away about their unread mentions and direct
 * messages: at most one email per person per batch window, listing what
 * piled up. Safe with several server instances: a person's window is
 * claimed with one conditional UPDATE, so only one instance sends.
 */
export default class NotificationMailer {
  constructor(private batchMinutes = hearthConfig.notifications.emailBatchMinutes) {}

  /**
   * One round: returns how many emails went out. People online are passed
   * over (their rows stay pending) without using up the round.
   */
  async runOnce() {
    let sent = 0
    let served = 0
    let after: string | null = null
    while (served < PER_ROUND) {
      const query = db
        .from('notifications')
        .where('email_pending', true)
        .distinct('user_id')
        .orderBy('user_id')
        .limit(PER_ROUND)
      if (after !== null) query.where('user_id', '>', after)
      const users: Array<{ user_id: string }> = await query
      if (users.length === 0) break
      for (const { user_id: userId } of users) {
        after = userId
        if (presence.statusOf(userId) === 'online') continue
        served += 1
        try {
          if (await this.#serve(userId)) sent += 1
        } catch (error) {
          logger.error({ err: error, userId }, 'could not send a notification email')
        }
        if (served >= PER_ROUND) break
      }
    }
    return sent
  }

  async #serve(userId: string) {
    const user = await db
      .from('users as u')
      .leftJoin('notification_settings as ns', 'ns.user_id', 'u.id')
      .where('u.id', userId)
      .select(
        'u.email',
        'u.username',
        'u.deactivated_at',
        'ns.email as wants_email',
        'ns.email_sent_at'
      )
      .first()
    const pending = await this.#pending(userId)
    const unread = pending.filter((row) => this.#unread(row))
    const wants =
      user && !user.deactivated_at && user.wants_email !== false && user.wants_email !== 0
    if (!wants || unread.length === 0) {
      await this.#done(pending)
      return false
    }
    if (!(await this.#claim(userId))) return false
    try {
      await mail.use('smtp').send((message) => {
        message.to(user.email).subject(this.#subject(unread))
        message.text(this.#text(user.username, unread)).html(this.#html(user.username, unread))
      })
    } catch (error) {
      await this.#release(userId, user.email_sent_at)
      throw error
    }
    await this.#done(pending)
    return true
  }

  async #pending(userId: string): Promise<Pending[]> {
    return db
      .from('notifications as n')
      .join('posts as p', 'p.id', 'n.post_id')
      .join('channels as c', 'c.id', 'n.channel_id')
      .join('users as a', 'a.id', 'n.actor_id')
      .leftJoin('channel_members as cm', (join) => {
        join.on('cm.channel_id', '=', 'n.channel_id').andOn('cm.user_id', '=', 'n.user_id')
      })
      .leftJoin('thread_follows as tf', (join) => {
        join.on('tf.root_id', '=', 'p.root_id').andOn('tf.user_id', '=', 'n.user_id')
      })
      .where('n.user_id', userId)
      .where('n.email_pending', true)
      .orderBy('n.id', 'asc')
      .limit(PER_EMAIL)
      .select('n.id', 'n.kind', 'n.post_id', 'p.message', 'p.seq', 'p.root_id', 'p.deleted_at')
      .select('c.id as channel_id', 'c.team_id', 'c.name as channel_name', 'c.type as channel_type')
      .select('c.display_name as channel_display_name', 'a.username as actor_username')
      .select('cm.id as member_id', 'cm.last_read_seq as channel_read_seq')
      .select('tf.last_read_seq as thread_read_seq')
  }

  /** Still worth an email: not deleted, still a member, not read since. */
  #unread(row: Pending) {
    if (row.deleted_at || row.member_id === null) return false
    const read = row.root_id ? row.thread_read_seq : row.channel_read_seq
    return Number(row.seq) > Number(read ?? 0)
  }

  /** Takes this person's batch window, unless another round (or instance) took it lately. */
  async #claim(userId: string) {
    const now = DateTime.now()
    const client = db.connection()
    await db
      .table('notification_settings')
      .insert({ user_id: userId, updated_at: dbTimestamp(client, now) })
      .knexQuery.onConflict('user_id')
      .ignore()
    const cutoff = dbTimestamp(client, now.minus({ minutes: this.batchMinutes }))
    const claimed = await db
      .from('notification_settings')
      .where('user_id', userId)
      .where((query) => query.whereNull('email_sent_at').orWhere('email_sent_at', '<=', cutoff))
      .update({ email_sent_at: dbTimestamp(client, now) })
    return affectedRows(claimed) === 1
  }

  async #release(userId: string, previous: unknown) {
    await db
      .from('notification_settings')
      .where('user_id', userId)
      .update({ email_sent_at: previous ?? null })
  }

  async #done(rows: Pending[]) {
    if (rows.length === 0) return
    await db
      .from('notifications')
      .whereIn(
        'id',
        rows.map((row) => row.id)
      )
      .update({ email_pending: false })
  }

  #where(row: Pending) {
    return row.channel_type === 'direct' || row.channel_type === 'group'
      ? 'a direct message'
      : `~${row.channel_name ?? row.channel_display_name}`
  }

  #subject(rows: Pending[]) {
    if (rows.length > 1) return `${rows.length} new mentions and messages in Hearth`
    const [row] = rows
    switch (row.kind) {
      case 'direct':
        return `New direct message from @${row.actor_username}`
      case 'assigned':
        return `@${row.actor_username} assigned you a card in ${this.#where(row)}`
      case 'due':
        return `A card assigned to you is due, in ${this.#where(row)}`
      default:
        return `@${row.actor_username} mentioned you in ${this.#where(row)}`
    }
  }

  #link(row: Pending) {
    return `${appUrl}/teams/${row.team_id}/channels/${row.channel_id}?post=${row.post_id}`
  }

  #excerpt(row: Pending) {
    const text = row.message.replace(/\s+/g, ' ').trim()
    if (text.length <= 300) return text
    // A cut between the halves of a surrogate pair (an emoji) would leave a broken character.
    return `${truncate(text, 300)}…`
  }

  #text(username: string, rows: Pending[]) {
    const items = rows.map(
      (row) =>
        `@${row.actor_username} in ${this.#where(row)}:\n${this.#excerpt(row)}\n${this.#link(row)}`
    )
    return `Hi @${username}, while you were away:\n\n${items.join('\n\n')}\n\n— Hearth\n`
  }

  #html(username: string, rows: Pending[]) {
    const items = rows
      .map(
        (row) =>
          `<li><strong>@${escapeHtml(row.actor_username)}</strong> in ${escapeHtml(this.#where(row))}:` +
          `<br>${escapeHtml(this.#excerpt(row))}<br><a href="${escapeHtml(this.#link(row))}">Open in Hearth</a></li>`
      )
      .join('')
    return `<p>Hi @${escapeHtml(username)}, while you were away:</p><ul>${items}</ul><p>— Hearth</p>`
  }
}
