import { createReadStream } from 'node:fs'
import { fileTypeFromFile } from 'file-type'
import { extensionOf } from '#app/helpers/file_names'

/** Images we read the size of and make webp thumbnails and previews from. */
export const RASTER_IMAGES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/tiff',
])

/**
 * Executable formats and the extensions they may be named with. Uploading
 * one under any other extension (`photo.png`) is refused; without an
 * extension it claims nothing and is accepted (Linux binaries have none).
 */
const EXECUTABLE_EXTENSIONS = new Map(
  Object.entries({
    'application/x-elf': 'elf so o ko bin out axf prx run appimage',
    'application/x-msdownload': 'exe dll sys scr com cpl ocx drv efi mui pyd node',
    'application/x-mach-binary': 'macho dylib bundle o so node',
    'application/java-vm': 'class',
    'application/x-ms-shortcut': 'lnk',
    'application/vnd.android.package-archive': 'apk',
  }).map(([mime, extensions]) => [mime, extensions.split(' ')])
)

/** How much of a text file is kept to tell SVG from other text. */
const TEXT_HEAD = 64 * 1024

/**
 * A file's type, from its content only (never its name or the type a
 * client declared): the magic bytes `file-type` knows; without any, valid
 * UTF-8 with no NUL is `text/plain`, or `image/svg+xml` when its root
 * element is `<svg`; anything else is `application/octet-stream`. Text
 * that merely starts like an executable (`MZ…`) is text.
 */
export async function sniffType(path: string) {
  const detected = await fileTypeFromFile(path)
  const maybeText = !detected || detected.mime === 'application/xml' || isExecutable(detected.mime)
  if (detected && !maybeText) return detected.mime
  const head = await textHead(path)
  if (head === null) return detected?.mime ?? 'application/octet-stream'
  if (hasSvgRoot(head)) return 'image/svg+xml'
  return detected?.mime === 'application/xml' ? 'application/xml' : 'text/plain'
}

/** Whether a sniffed type is an executable format. */
export function isExecutable(mime: string) {
  return EXECUTABLE_EXTENSIONS.has(mime)
}

/**
 * Whether an executable is named as something else: its extension is not
 * one of its format's (`libz.so.1` counts as `so`).
 */
export function isDisguisedExecutable(mime: string, name: string) {
  const allowed = EXECUTABLE_EXTENSIONS.get(mime)
  if (!allowed) return false
  const extension = extensionOf(name.replace(/\.so(\.\d+)+$/i, '.so'))
  return extension !== '' && !allowed.includes(extension)
}

/**
 * The first characters of a file that is entirely valid UTF-8 without NUL
 * bytes, or null for anything else. Reads the file to its end, or to the
 * first byte that is not text.
 */
async function textHead(path: string) {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let head = ''
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: TEXT_HEAD })) {
      if ((chunk as Buffer).includes(0)) return null
      const text = decoder.decode(chunk as Buffer, { stream: true })
      if (head.length < TEXT_HEAD) head += text.slice(0, TEXT_HEAD - head.length)
    }
    decoder.decode()
  } catch {
    return null
  }
  return head
}

/**
 * Whether the first element of an XML-ish text is `<svg` (or `<x:svg`),
 * after a BOM, an XML declaration, processing instructions, comments and a
 * doctype (internal subset included).
 */
function hasSvgRoot(text: string) {
  let rest = text.replace(/^\uFEFF/, '').trimStart()
  for (;;) {
    const skipped = skipProlog(rest)
    if (skipped === rest) break
    rest = skipped.trimStart()
  }
  return /^<([\w.-]+:)?svg[\s>/]/i.test(rest)
}

function skipProlog(text: string) {
  if (text.startsWith('<?')) return after(text, '?>')
  if (text.startsWith('<!--')) return after(text, '-->')
  if (/^<!doctype/i.test(text)) {
    const subset = text.indexOf('[')
    const close = text.indexOf('>')
    return subset !== -1 && subset < close ? after(after(text, ']'), '>') : after(text, '>')
  }
  return text
}

function after(text: string, marker: string) {
  const index = text.indexOf(marker)
  return index === -1 ? '' : text.slice(index + marker.length)
}
