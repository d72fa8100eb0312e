import { stripInvisible } from '#app/helpers/text'

/** Longest display name, in characters (the `files.name` column). */
export const MAX_FILE_NAME_LENGTH = 255

/**
 * The name a file is shown and downloaded under, made from what the client
 * sent: its last path segment only (`/` and `\` both separate), without
 * invisible or direction-override characters (stripInvisible), trimmed, at
 * most 255 characters (keeping the extension), and `file` when nothing is
 * left. It is never used to build a storage path.
 */
export function sanitizeFileName(raw: string | null | undefined) {
  const cleaned = stripInvisible((raw ?? '').normalize('NFC'))
  const segments = cleaned.split(/[/\\]/).filter((segment) => segment.trim() !== '')
  const base = (segments.pop() ?? '').trim()
  if (base === '' || base === '.' || base === '..') return 'file'
  return truncate(base, MAX_FILE_NAME_LENGTH)
}

/** The lowercased extension of a name (`archive.tar.gz` → `gz`), or '' without one. */
export function extensionOf(name: string) {
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : ''
}

/** Cuts a name to `max` characters (code points) and keeps a short extension. */
function truncate(name: string, max: number) {
  const chars = [...name]
  if (chars.length <= max) return name
  const extension = extensionOf(name)
  const keep = extension && extension.length <= 16 ? [...name.slice(name.lastIndexOf('.'))] : []
  return [...chars.slice(0, max - keep.length), ...keep].join('').trim()
}
