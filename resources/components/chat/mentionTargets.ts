import type { MentionTargets } from '@/composables/markdown'
import { useChannelsStore } from '@/stores/channels'

/**
 * Mentions link to the person's direct messages and `~name` to the channel, when the open
 * team's sidebar has them. One object for the app, so the markdown cache survives a switch.
 */
export const mentionTargets: MentionTargets = {
  person(username) {
    const channels = useChannelsStore()
    const person = [...channels.people.values()].find((entry) => entry.username === username)
    if (!person) return null
    const direct = channels.conversations.find((channel) => {
      const others = channels.others(channel)
      return channel.type === 'direct' && others.length === 1 && others[0] === person.id
    })
    return direct ? `/teams/${direct.teamId}/channels/${direct.id}` : null
  },
  channel(name) {
    const channel = useChannelsStore().named.find((entry) => entry.name === name)
    return channel ? `/teams/${channel.teamId}/channels/${channel.id}` : null
  },
}
