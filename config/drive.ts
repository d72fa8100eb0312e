import { join } from 'node:path'
import env from '#start/env'
import { defineConfig, services } from '@adonisjs/drive'
import hearthConfig from '#config/hearth'

/**
 * Where uploaded files live: on local disk under DATA_DIR/files by default,
 * or in an S3-compatible bucket (AWS, MinIO, Ceph, R2...) with
 * FILES_DRIVER=s3. Files are never served by the storage itself: every
 * download goes through Hearth's permission checks.
 */
const driveConfig = defineConfig({
  default: env.get('FILES_DRIVER', 'fs'),
  services: {
    fs: services.fs({
      location: join(hearthConfig.dataDir, 'files'),
      visibility: 'private',
      serveFiles: false,
    }),
    s3: services.s3({
      credentials: {
        accessKeyId: env.get('S3_ACCESS_KEY_ID', ''),
        secretAccessKey: env.get('S3_SECRET_ACCESS_KEY', ''),
      },
      region: env.get('S3_REGION', 'us-east-1'),
      bucket: env.get('S3_BUCKET', ''),
      endpoint: env.get('S3_ENDPOINT') || undefined,
      forcePathStyle: env.get('S3_FORCE_PATH_STYLE', false),
      // Stores without object ACLs (Cloudflare R2, some MinIO set-ups) need this off.
      supportsACL: env.get('S3_SUPPORTS_ACL', true),
      visibility: 'private',
    }),
  },
})

export default driveConfig

declare module '@adonisjs/drive/types' {
  export interface DriveDisks extends InferDriveDisks<typeof driveConfig> {}
}
