import type User from '#app/models/user'
import type Post from '#chat/models/post'
import type { PostLike } from '#chat/transformers/post_transformer'

/**
 * Where other modules extend chat without chat knowing them (boards
 * registers here at boot): previews inside messages, and post types that
 * search indexes. Slash commands have their own registry (commands.ts).
 */

/** A preview attached to a post for one reader, e.g. `{ type: 'card', id, card: {…} }`. */
export type Embed = { type: string; id: string } & Record<string, unknown>

/** At most this many previews per post, whatever the message holds. */
export const MAX_EMBEDS_PER_POST = 5

export interface EmbedResolver {
  /** Cheap and synchronous: whether this post may carry previews of this resolver. */
  mayEmbed(post: PostLike | Post): boolean
  /**
   * The previews of each post as `viewer` may see them, in a bounded number
   * of queries for the whole page. What the viewer may not see is left out.
   */
  resolve(viewer: User, posts: Array<PostLike | Post>): Promise<Map<string, Embed[]>>
}

class EmbedRegistry {
  #resolvers: EmbedResolver[] = []

  register(resolver: EmbedResolver) {
    this.#resolvers.push(resolver)
  }

  mayEmbed(post: PostLike | Post) {
    return !post.deletedAt && this.#resolvers.some((resolver) => resolver.mayEmbed(post))
  }

  /** Every resolver's previews for the posts that may carry any; none asked for the others. */
  async resolve(viewer: User, posts: Array<PostLike | Post>) {
    const result = new Map<string, Embed[]>()
    for (const resolver of this.#resolvers) {
      const candidates = posts.filter((post) => !post.deletedAt && resolver.mayEmbed(post))
      if (candidates.length === 0) continue
      for (const [postId, found] of await resolver.resolve(viewer, candidates)) {
        const list = [...(result.get(postId) ?? []), ...found]
        result.set(postId, list.slice(0, MAX_EMBEDS_PER_POST))
      }
    }
    return result
  }
}

export const embeds = new EmbedRegistry()

/** Post types search indexes besides people's messages (`''`), e.g. a card's own post. */
export const searchableTypes = new Set<string>([''])
