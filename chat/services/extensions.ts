import type User from '#app/models/user'
import type Post from '#chat/models/post'
import type { PostProps } from '#chat/models/post'
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
  /**
   * Keys of `props` that list ids of what this resolver previews (`cardIds`): they name things
   * only some readers may know of, so a reader gets only the ids previewed for them, and a
   * post without a reader (a stream event) none.
   */
  listedProps?: readonly string[]
}

class EmbedRegistry {
  #resolvers: EmbedResolver[] = []

  register(resolver: EmbedResolver) {
    this.#resolvers.push(resolver)
  }

  mayEmbed(post: PostLike | Post) {
    return !post.deletedAt && this.#resolvers.some((resolver) => resolver.mayEmbed(post))
  }

  /**
   * A post's props as its reader may see them: a listed key keeps the ids among `shown` (the
   * reader's previews of the post), and is left out when none remain or there is no reader.
   */
  propsFor(props: PostProps | null, shown: Embed[] | undefined): PostProps | null {
    if (!props) return props
    const listed = this.#resolvers.flatMap((resolver) => resolver.listedProps ?? [])
    if (!listed.some((key) => key in props)) return props
    const seen = new Set((shown ?? []).map((embed) => embed.id))
    const result: PostProps = { ...props }
    for (const key of listed) {
      if (!(key in result)) continue
      const ids = Array.isArray(result[key]) ? (result[key] as unknown[]) : []
      const kept = ids.filter((id) => typeof id === 'string' && seen.has(id))
      if (kept.length > 0) result[key] = kept
      else delete result[key]
    }
    return result
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
