import type { HttpResponse } from '@adonisjs/core/http'
import type { OpenedBlob } from '#app/services/file_storage'

/** Raster images a browser may show in place; nothing else is ever inline. */
const INLINE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif'])

/**
 * Types served as they are (always as attachments unless inline above):
 * raster images, audio, video, PDF, common archives and plain text. SVG,
 * HTML, XML, scripts and anything else go out as application/octet-stream.
 */
const SERVED_AS_IS =
  /^(image\/(?!svg)[\w.+-]+|audio\/.+|video\/.+|application\/(pdf|zip|gzip|x-tar|x-bzip2|x-xz|x-7z-compressed|zstd))$/

/** The Content-Type a stored file is served with. */
export function servedType(mime: string) {
  if (mime === 'text/plain') return 'text/plain; charset=utf-8'
  return SERVED_AS_IS.test(mime) && !mime.includes('xml') ? mime : 'application/octet-stream'
}

/**
 * A Content-Disposition with the name for every browser (RFC 6266): an
 * ASCII `filename` fallback and the exact UTF-8 name in `filename*`
 * (RFC 5987 percent-encoding).
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string) {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_')
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`
  )
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`
}

/**
 * Streams a stored file to the client with headers that keep browsers from
 * running it: only safe raster images inline (unless `download`), a
 * sandboxing CSP, no sniffing, and a private cache.
 */
export function sendBlob(
  response: HttpResponse,
  blob: OpenedBlob,
  options: { download?: boolean }
) {
  const inline = INLINE_IMAGES.has(blob.mime) && !options.download
  response.header('Content-Type', servedType(blob.mime))
  response.header('Content-Length', blob.size)
  response.header(
    'Content-Disposition',
    contentDisposition(inline ? 'inline' : 'attachment', blob.name)
  )
  response.header('X-Content-Type-Options', 'nosniff')
  response.header('Content-Security-Policy', "default-src 'none'; sandbox")
  response.header('Cache-Control', 'private, max-age=86400')
  response.stream(blob.stream)
}
