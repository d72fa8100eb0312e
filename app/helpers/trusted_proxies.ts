import proxyaddr from 'proxy-addr'

/**
 * The proxies whose `X-Forwarded-For` hops Hearth believes, read from
 * TRUST_PROXY: unset or `false` believes none (the client address is the
 * socket's); `true` means a proxy on the same host (`loopback`); anything
 * else is a comma-separated list of addresses, CIDRs and proxy-addr's
 * keywords `loopback`, `linklocal` and `uniquelocal`. The client address is
 * then the nearest hop that is not a trusted proxy, so a client cannot pick
 * its own address (and dodge per-address limits) by writing the header.
 * Throws a message naming the bad entry, so the server refuses to boot.
 */
export function parseTrustedProxies(key: string, value?: string): string[] {
  const text = (value ?? '').trim().toLowerCase()
  if (text === '' || text === 'false' || text === '0') return []
  if (text === 'true' || text === '1') return ['loopback']

  const entries = text.split(',').map((entry) => entry.trim())
  for (const entry of entries) {
    try {
      proxyaddr.compile(entry)
    } catch {
      throw new Error(
        `${key} must be true, false or a comma-separated list of proxy addresses, CIDRs, ` +
          `loopback, linklocal or uniquelocal; "${entry}" is none of these`
      )
    }
  }
  return entries
}

/** The `trustProxy` function of config/app.ts for a list from parseTrustedProxies. */
export function trustProxyFor(trusted: string[]) {
  return trusted.length === 0 ? () => false : proxyaddr.compile(trusted)
}
