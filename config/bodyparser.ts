import { defineConfig } from '@adonisjs/core/bodyparser'
import filesConfig from '#config/files'

const bodyParserConfig = defineConfig({
  allowedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  form: {
    convertEmptyStringsToNull: true,
    types: ['application/x-www-form-urlencoded'],
    limit: '1mb',
  },
  json: {
    convertEmptyStringsToNull: false,
    types: [
      'application/json',
      'application/json-patch+json',
      'application/vnd.api+json',
      'application/csp-report',
    ],
    limit: '1mb',
  },
  multipart: {
    autoProcess: false,
    convertEmptyStringsToNull: true,
    processManually: [],
    // Uploads stream their parts themselves (app/helpers/uploads.ts) and
    // check the same limit per request; this applies to any auto-processed route.
    limit: filesConfig.maxBytes,
    types: ['multipart/form-data'],
  },
})

export default bodyParserConfig
