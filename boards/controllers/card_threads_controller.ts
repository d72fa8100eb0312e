import type { HttpContext } from '@adonisjs/core/http'
import ApiError from '#app/exceptions/api_error'
import Post from '#chat/models/post'
import PostService from '#chat/services/post_service'
import PostReader from '#chat/services/post_reader'
import BoardService from '#boards/services/board_service'
import ChannelPolicy from '#chat/policies/channel_policy'
import { transformPost } from '#chat/transformers/post_transformer'
import { createPostValidator } from '#chat/validators/post_validators'
import { pageValidator } from '#app/helpers/pagination'
import BoardPolicy from '#boards/policies/board_policy'
import CardService from '#boards/services/card_service'
import { findVisibleBoard } from '#boards/services/board_access'
import { cardFromPostValidator } from '#boards/validators/card_validators'

/** Cards in chat: a card's discussion (its thread) and cards made from messages. */
export default class CardThreadsController {
  /** `GET /cards/:id/comments`: the card's post and a page of its thread, as `GET /posts/:id/thread`. */
  async index({ auth, params, request }: HttpContext) {
    const service = new CardService()
    const access = await service.findVisible(auth.user!, params.id)
    const thread = await service.thread(auth.user!, access, params.id)
    const root = await Post.findOrFail(thread.rootId)
    const page = await pageValidator.validate(request.qs())
    const reader = new PostReader()
    const { data, next } = await reader.replies(root, page)
    const extras = await reader.extras([root, ...data], auth.user!)
    return {
      root: transformPost(root, extras),
      data: data.map((reply) => transformPost(reply, extras)),
      next,
    }
  }

  /**
   * `POST /cards/:id/comments`: a reply in the card's thread, for commenters
   * and up who are in the board's channel. The same post as a reply there.
   */
  async store({ auth, bouncer, params, request, response }: HttpContext) {
    const service = new CardService()
    const access = await service.findVisible(auth.user!, params.id)
    await bouncer.with(BoardPolicy).authorize('comment', access)
    await bouncer.with(ChannelPolicy).authorize('participate', access.channel)
    // The thread is the card's: a `rootId` in the body is ignored.
    const { message = '', fileIds, clientId } = await request.validateUsing(createPostValidator)
    const thread = await service.thread(auth.user!, access, params.id)
    const { post, created } = await new PostService().create(auth.user!, access.channel, {
      message,
      fileIds,
      clientId,
      rootId: thread.rootId,
    })
    const extras = await new PostReader().extras([post], auth.user!)
    return response.status(created ? 201 : 200).send(transformPost(post, extras))
  }

  /**
   * `POST /posts/:id/card`: a card from a message, on the board named or
   * the first board of the message's channel, for that board's editors.
   */
  async fromPost({ auth, bouncer, params, request, response }: HttpContext) {
    const { post, access: channel } = await new PostService().findVisible(auth.user!, params.id)
    const { boardId, ...payload } = await request.validateUsing(cardFromPostValidator)
    const channelBoards = boardId ? [] : await new BoardService().list(auth.user!, channel)
    const target = boardId ?? channelBoards[0]?.board.id
    if (!target) {
      throw ApiError.invalid(
        'boardId',
        'no_board',
        'This channel has no board: name the board to add the card to'
      )
    }
    const access = await findVisibleBoard(auth.user!, target)
    await bouncer.with(BoardPolicy).authorize('edit', access)
    const card = await new CardService().createFromPost(
      auth.user!,
      access,
      { post, channel: channel.channel },
      payload
    )
    return response.created(card)
  }
}
