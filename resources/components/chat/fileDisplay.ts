/** How files read on screen: their size in words, and the box an image is shown in. */

const UNITS = ['KB', 'MB', 'GB', 'TB']

/** A byte count as people read it: `512 B`, `1.5 KB`, `12 MB` (1 KB = 1,024 bytes). */
export function formatSize(bytes: number) {
  if (bytes < 1024) return `${bytes} B`
  let value = bytes / 1024
  let unit = 0
  // 1023.6 KB would round to "1024 KB": it reads as 1 MB.
  while (value >= 1023.5 && unit < UNITS.length - 1) {
    value /= 1024
    unit += 1
  }
  // One decimal below ten (1.5 MB), none above (12 MB); 9.96 rounds up to "10", not "10.0".
  const shown = value < 9.95 ? value.toFixed(1).replace(/\.0$/, '') : String(Math.round(value))
  return `${shown} ${UNITS[unit]}`
}

/**
 * The size an image of `width`×`height` is shown at inside a `box`×`box` square: scaled
 * down to fit, never up, whole pixels, at least 1. The list reserves it before the image
 * loads, so nothing moves when it arrives.
 */
export function fitInBox(width: number, height: number, box: number) {
  if (width <= 0 || height <= 0) return { width: box, height: box }
  const scale = Math.min(1, box / width, box / height)
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  }
}

/** Images shown from the local file while it uploads: the raster types the server renders. */
export function showsLocally(mime: string) {
  return ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif'].includes(mime)
}

/** The most files one message carries (docs/api.md, Posts). */
export const MAX_FILES = 10
