import type { Post } from '../../api/types.js'

/**
 * A post's address in the app, as Hearth's emails link it: the channel at the post, and for
 * a reply its thread open beside it.
 */
export function permalink(origin: string, teamId: string, post: Post) {
  const thread = post.rootId ? `&thread=${post.rootId}` : ''
  return `${origin}/teams/${teamId}/channels/${post.channelId}?post=${post.id}${thread}`
}
