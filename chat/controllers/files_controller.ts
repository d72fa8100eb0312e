import type { HttpContext } from '@adonisjs/core/http'
import { sendBlob } from '#app/helpers/file_responses'
import { receiveFile } from '#app/helpers/uploads'
import type { Variant } from '#app/services/file_storage'
import { transformFile } from '#app/transformers/file_transformer'
import ChannelPolicy from '#chat/policies/channel_policy'
import { findVisibleChannel } from '#chat/services/channel_access'
import FileService from '#chat/services/file_service'
import { readFileValidator } from '#chat/validators/file_validators'

export default class FilesController {
  /** A multipart upload (one part named `file`) into a channel one may post in: 201. */
  async store({ auth, bouncer, params, request, response }: HttpContext) {
    const access = await findVisibleChannel(auth.user!, params.id)
    await bouncer.with(ChannelPolicy).authorize('participate', access)
    const file = await new FileService().upload(auth.user!, access, (limits) =>
      receiveFile(request, 'file', limits)
    )
    return response.status(201).send(transformFile(file))
  }

  async info({ auth, params }: HttpContext) {
    return transformFile(await new FileService().findReadable(auth.user!, params.id))
  }

  async download(ctx: HttpContext) {
    return this.#send(ctx, 'original')
  }

  async thumbnail(ctx: HttpContext) {
    return this.#send(ctx, 'thumbnail')
  }

  async preview(ctx: HttpContext) {
    return this.#send(ctx, 'preview')
  }

  async #send({ auth, params, request, response }: HttpContext, variant: Variant) {
    const { download } = await request.validateUsing(readFileValidator, { data: request.qs() })
    const blob = await new FileService().open(auth.user!, params.id, variant)
    sendBlob(response, blob, { download })
  }
}
