import env from '#start/env'
import { defineConfig } from '@adonisjs/core/http'

/**
 * The application key signs and encrypts cookies and sessions. `npm start`
 * writes a random one into `.env` on first run.
 */
export const appKey = env.get('APP_KEY')

export const appUrl = env.get('APP_URL', `http://localhost:${env.get('PORT', 3333)}`)

/**
 * Cookies are marked Secure (and HSTS is sent) only when Hearth is served
 * over HTTPS: a browser drops Secure cookies on plain http://host:3333, and
 * signing in would silently fail on a fresh install reached by its address.
 */
export const servedOverHttps = appUrl.startsWith('https://')

export const http = defineConfig({
  generateRequestId: true,
  allowMethodSpoofing: false,
  useAsyncLocalStorage: false,
  trustProxy: env.get('TRUST_PROXY', false) ? () => true : () => false,
  redirect: { forwardQueryString: true },
  cookie: {
    domain: '',
    path: '/',
    maxAge: '2h',
    httpOnly: true,
    secure: servedOverHttps,
    sameSite: 'lax',
  },
})
