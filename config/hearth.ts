import { isAbsolute, join } from 'node:path'
import env from '#start/env'
import app from '@adonisjs/core/services/app'

/**
 * Where Hearth keeps its state on disk: the embedded SQLite database and
 * local files. Relative paths are resolved against the application root.
 */
function resolveDataDir() {
  const configured = env.get('DATA_DIR', 'data')
  return isAbsolute(configured) ? configured : join(app.appRoot.pathname, configured)
}

const hearthConfig = {
  dataDir: resolveDataDir(),
}

export default hearthConfig
