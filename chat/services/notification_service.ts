import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#app/models/user'
import type Channel from '#chat/models/channel'
import type Post from '#chat/models/post'
import type { EventRecorder } from '#chat/services/event_log'
import { keywordList, matchKeyword } from '#chat/services/mentions'
import { presence } from '#chat/realtime/presence'
import { dbTimestamp } from '#app/helpers/dates'
import { truncate } from '#app/helpers/text'
import hearthConfig from '#config/hearth'
import { QUOTE_LENGTH } from '#chat/services/catch_up_service'

export const NOTIFICATION_KINDS = [
  'direct',
  'mention',
  'channel',
  'keyword',
  'reply',
  'assigned',
  'due',
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

/** Above this many members, @channel, @all and @here notify nobody (as in Mattermost). */
export const CHANNEL_WIDE_LIMIT = 1000

/** Without an SMTP server nothing is queued, so configuring one later sends no backlog. */
const EMAIL_ENABLED = hearthConfig.notifications.emailEnabled

/** The kinds that are also emailed to people who are away from Hearth. */
const EMAILED = new Set<NotificationKind>([
  'direct',
  'mention',
  'channel',
  'keyword',
  'assigned',
  'due',
])

export type PostNotice = {
  post: Post
  channel: Channel
  author: User
  /** Members mentioned by name (never the author). */
  mentioned: string[]
  everyone: boolean
  onlyOnline: boolean
}

/** A post that concerns named people (an assignment, a reminder), whoever else reads it. */
export type UsersNotice = {
  post: Post
  channel: Channel
  /** Who caused it; never notified. */
  author: User
  userIds: string[]
  kind: NotificationKind
  /** The author is notified too when named (a reminder the server writes in their name). */
  includeAuthor?: boolean
}

type Recipient = {
  user_id: string
  notify: string
  muted: boolean | number
  follower: string | null
  desktop: string | null
  email: boolean | number | null
  channel_wide: boolean | number | null
  keywords: string | null
  dnd_until: Date | string | null
}

/**
 * Who hears about a new post, and how: a row in their mentions-and-replies
 * feed, an alert on their stream (a browser notification), and later a
 * batched email. Preferences decide: the channel's level (all, mention,
 * none; default is the user's own), mute, do-not-disturb, channel-wide
 * mentions and keywords. Runs in the post's transaction.
 */
export default class NotificationService {
  constructor(private trx: TransactionClientContract) {}

  /** Records the feed rows and stream events of one new post. */
  async notifyPost(recorder: EventRecorder, notice: PostNotice) {
    const everyone = notice.everyone && (await this.#channelWideAllowed(notice.channel))
    const recipients = await this.#recipients(notice, everyone)
    await this.#deliver(
      recorder,
      notice,
      recipients.map((recipient) => ({ recipient, kind: this.#kind(notice, recipient, everyone) }))
    )
  }

  /**
   * Notifies the named people of a post, as far as they are active members
   * of its channel (never its author), with their preferences applied.
   */
  async notifyUsers(recorder: EventRecorder, notice: UsersNotice) {
    const userIds = [...new Set(notice.userIds)].filter(
      (id) => notice.includeAuthor || id !== notice.author.id
    )
    if (userIds.length === 0) return
    const recipients: Recipient[] = await this.#members(notice.channel.id)
      .whereIn('cm.user_id', userIds)
      .select(db.raw('NULL as follower'))
    await this.#deliver(
      recorder,
      notice,
      recipients.map((recipient) => ({ recipient, kind: notice.kind }))
    )
  }

  /**
   * A feed row (kinds other than null) and a stream event for each
   * recipient; the event alerts unless the channel is muted, the person
   * is resting or their level does not ask for it.
   */
  async #deliver(
    recorder: EventRecorder,
    notice: Pick<PostNotice, 'post' | 'channel' | 'author'>,
    targets: Array<{ recipient: Recipient; kind: NotificationKind | null }>
  ) {
    const now = Date.now()
    const rows = []
    for (const { recipient, kind } of targets) {
      const level =
        recipient.notify !== 'default' ? recipient.notify : (recipient.desktop ?? 'mention')
      const muted = Boolean(recipient.muted)
      const resting = recipient.dnd_until !== null && new Date(recipient.dnd_until).getTime() > now
      const alert = !muted && !resting && level !== 'none' && (kind !== null || level === 'all')
      if (kind === null && !alert) continue
      if (kind !== null) {
        const emailed = EMAILED.has(kind) && recipient.email !== false && recipient.email !== 0
        rows.push({
          user_id: recipient.user_id,
          post_id: notice.post.id,
          channel_id: notice.channel.id,
          team_id: notice.channel.teamId,
          actor_id: notice.author.id,
          kind,
          email_pending: EMAIL_ENABLED && emailed && !muted && level !== 'none',
          created_at: dbTimestamp(this.trx, notice.post.createdAt),
        })
      }
      await recorder.record(
        `users/${recipient.user_id}`,
        'notification.created',
        { kind: kind ?? 'message', alert, ...this.#summary(notice) },
        { refId: notice.post.id }
      )
    }
    if (rows.length === 0) return
    // A post already in someone's feed (a reworded activity post) stays one row.
    await this.trx
      .table('notifications')
      .multiInsert(rows)
      .knexQuery.onConflict(['user_id', 'post_id'])
      .ignore()
  }

  async #channelWideAllowed(channel: Channel) {
    const [{ total }] = await this.trx
      .from('channel_members')
      .where('channel_id', channel.id)
      .count('* as total')
    return Number(total) <= CHANNEL_WIDE_LIMIT
  }

  /**
   * The channel's members who may hear about the post, with their
   * preferences, in one query: everyone in a conversation or on a
   * channel-wide mention, otherwise only those mentioned, following the
   * thread, with keywords, or wanting every message.
   */
  async #recipients(notice: PostNotice, everyone: boolean): Promise<Recipient[]> {
    const rootId = notice.post.rootId
    const query = this.#members(notice.channel.id).whereNot('cm.user_id', notice.author.id)
    if (rootId) {
      query.leftJoin('thread_follows as tf', (join) => {
        join
          .on('tf.user_id', '=', 'cm.user_id')
          .andOnVal('tf.root_id', '=', rootId)
          .andOnVal('tf.following', '=', true)
      })
      query.select('tf.user_id as follower')
    } else {
      query.select(db.raw('NULL as follower'))
    }
    if (!everyone && !notice.channel.isConversation) {
      query.where((inner) => {
        inner
          .where('cm.notify', 'all')
          .orWhere('ns.desktop', 'all')
          .orWhere('ns.keywords', '<>', '')
        if (notice.mentioned.length > 0) inner.orWhereIn('cm.user_id', notice.mentioned)
        if (rootId) inner.orWhereNotNull('tf.user_id')
      })
    }
    return query
  }

  /** Active members of a channel with their notification preferences. */
  #members(channelId: string) {
    return this.trx
      .from('channel_members as cm')
      .join('users as u', 'u.id', 'cm.user_id')
      .leftJoin('notification_settings as ns', 'ns.user_id', 'cm.user_id')
      .where('cm.channel_id', channelId)
      .whereNull('u.deactivated_at')
      .select('cm.user_id', 'cm.notify', 'cm.muted')
      .select('ns.desktop', 'ns.email', 'ns.channel_wide', 'ns.keywords', 'ns.dnd_until')
  }

  #kind(notice: PostNotice, recipient: Recipient, everyone: boolean): NotificationKind | null {
    if (notice.channel.isConversation) return 'direct'
    if (notice.mentioned.includes(recipient.user_id)) return 'mention'
    const wantsChannelWide = recipient.channel_wide !== false && recipient.channel_wide !== 0
    if (everyone && wantsChannelWide) {
      if (!notice.onlyOnline || presence.statusOf(recipient.user_id) === 'online') return 'channel'
    }
    if (matchKeyword(notice.post.message, keywordList(recipient.keywords))) return 'keyword'
    if (recipient.follower) return 'reply'
    return null
  }

  /** What a browser needs to show the notification without another request. */
  #summary({ post, channel, author }: Pick<PostNotice, 'post' | 'channel' | 'author'>) {
    return {
      post: {
        id: post.id,
        channelId: post.channelId,
        rootId: post.rootId,
        seq: post.seq,
        userId: post.userId,
        message: truncate(post.message, QUOTE_LENGTH),
      },
      channel: {
        id: channel.id,
        teamId: channel.teamId,
        name: channel.name,
        displayName: channel.displayName,
        type: channel.type,
      },
      actor: { id: author.id, username: author.username, displayName: author.displayName },
    }
  }
}
