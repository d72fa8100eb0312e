import { defineConfig } from '@adonisjs/transmit'

/**
 * Server-Sent Events. One process delivers to its own clients; several
 * instances need a shared transport (Redis), which the scale-out work adds.
 */
export default defineConfig({
  pingInterval: '25s',
  transport: null,
})
