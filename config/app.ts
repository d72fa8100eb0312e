import env from '#start/env'
import { defineConfig } from '@adonisjs/core/http'
import { trustProxyFor } from '#app/helpers/trusted_proxies'

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
  /**
   * Idle keep-alive connections stay open 65 s (Node's default is 5 s), longer than the
   * usual 60 s of proxies and load balancers in front: a connection the server closes just
   * as a client reuses it fails that request with a reset.
   */
  keepAliveTimeout: 65_000,
  headersTimeout: 66_000,
  allowMethodSpoofing: false,
  useAsyncLocalStorage: false,
  /** Only the proxies TRUST_PROXY names; see app/helpers/trusted_proxies.ts. */
  trustProxy: trustProxyFor(env.get('TRUST_PROXY')),
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
