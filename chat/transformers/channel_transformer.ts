import { iso } from '#app/helpers/dates'
import type Channel from '#chat/models/channel'
import type ChannelMember from '#chat/models/channel_member'

/** A channel; with the caller's membership when they have one. */
export function transformChannel(channel: Channel, membership?: ChannelMember | null) {
  return {
    id: channel.id,
    teamId: channel.teamId,
    type: channel.type,
    name: channel.name,
    displayName: channel.displayName,
    purpose: channel.purpose,
    header: channel.header,
    isDefault: channel.isDefault,
    archived: channel.isArchived,
    archivedAt: iso(channel.archivedAt),
    creatorId: channel.creatorId,
    createdAt: iso(channel.createdAt),
    updatedAt: iso(channel.updatedAt),
    membership: membership ? transformMembership(membership) : null,
  }
}

/**
 * A channel in the caller's sidebar: loaded with their membership columns
 * (ChannelService.listForMember), their unread counts and, for direct and
 * group messages, who is in them (the web app names those by their members).
 */
export function transformSidebarChannel(
  channel: Channel,
  counts: Map<string, { unread: number; mentions: number }>,
  conversationMembers: Map<string, string[]>
) {
  return {
    ...transformChannel(channel),
    memberIds: conversationMembers.get(channel.id) ?? null,
    membership: {
      role: channel.$extras.m_role as ChannelMember['role'],
      notify: channel.$extras.m_notify as ChannelMember['notify'],
      muted: Boolean(channel.$extras.m_muted),
      lastReadSeq: Number(channel.$extras.m_last_read_seq),
    },
    unreadCount: counts.get(channel.id)?.unread ?? 0,
    mentionCount: counts.get(channel.id)?.mentions ?? 0,
  }
}

/** The caller's own membership: role, notifications, read position. */
export function transformMembership(membership: ChannelMember) {
  return {
    role: membership.role,
    notify: membership.notify,
    muted: Boolean(membership.muted),
    lastReadSeq: membership.lastReadSeq,
  }
}

/** A member in a channel's member list. */
export function transformChannelMember(member: ChannelMember) {
  return {
    userId: member.userId,
    username: member.$extras.username as string,
    displayName: member.$extras.display_name as string,
    role: member.role,
    joinedAt: iso(member.createdAt),
  }
}
