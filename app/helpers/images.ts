import sharp, { type Sharp } from 'sharp'

/** libvips keeps no input file open once an image is done with (uploads are moved away). */
sharp.cache({ files: 0 })

export type ImageLimits = { maxPixels: number; thumbnail: number; preview: number }

export type RenderedImage = {
  width: number | null
  height: number | null
  thumbnail: Buffer | null
  preview: Buffer | null
}

/**
 * Reads a raster image's size (as displayed, EXIF orientation applied) and
 * renders a webp preview and, from it, a thumbnail, each fitting inside its
 * square box and never enlarged. An image sharp cannot read (corrupt, over
 * the pixel limit) gets what could be read and no variants: never an error.
 */
export async function renderImage(path: string, limits: ImageLimits): Promise<RenderedImage> {
  const options = { limitInputPixels: limits.maxPixels, failOn: 'error' as const }
  const size = await sharp(path, options)
    .metadata()
    .then((meta) => meta.autoOrient ?? meta)
    .catch(() => null)
  const preview = size ? await toWebp(sharp(path, options), limits.preview) : null
  const thumbnail = preview ? await toWebp(sharp(preview, options), limits.thumbnail) : null
  return {
    width: size?.width ?? null,
    height: size?.height ?? null,
    thumbnail,
    preview: thumbnail ? preview : null,
  }
}

function toWebp(image: Sharp, box: number) {
  return image
    .autoOrient()
    .resize(box, box, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer()
    .catch(() => null)
}
