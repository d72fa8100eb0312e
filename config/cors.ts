import { defineConfig } from '@adonisjs/cors'

/**
 * The web app is served from the same origin, so cross-origin browser
 * requests are refused. Scripts and bots are not browsers and are unaffected.
 */
const corsConfig = defineConfig({
  enabled: false,
  origin: [],
  methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  headers: true,
  exposeHeaders: [],
  credentials: true,
  maxAge: 90,
})

export default corsConfig
