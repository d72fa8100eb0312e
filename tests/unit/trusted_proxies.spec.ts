import { test } from '@japa/runner'
import { parseTrustedProxies, trustProxyFor } from '#app/helpers/trusted_proxies'

test.group('TRUST_PROXY', () => {
  test('unset or false trusts no proxy; true trusts one on the same host', ({ assert }) => {
    for (const value of [undefined, '', 'false', 'FALSE', '0']) {
      assert.deepEqual(parseTrustedProxies('TRUST_PROXY', value), [], String(value))
    }
    for (const value of ['true', 'True', '1']) {
      assert.deepEqual(parseTrustedProxies('TRUST_PROXY', value), ['loopback'], value)
    }
  })

  test('a list of addresses, CIDRs and keywords is kept as given', ({ assert }) => {
    assert.deepEqual(
      parseTrustedProxies('TRUST_PROXY', ' 10.0.0.0/8, 192.168.1.4 ,fd00::/8,uniquelocal, ::1'),
      ['10.0.0.0/8', '192.168.1.4', 'fd00::/8', 'uniquelocal', '::1']
    )
  })

  test('anything else stops the boot with a message naming the entry', ({ assert }) => {
    for (const [value, entry] of [
      ['yes', 'yes'],
      ['10.0.0.0/33', '10.0.0.0/33'],
      ['10.0.0.1,,10.0.0.2', ''],
      ['proxy.internal', 'proxy.internal'],
    ]) {
      assert.throws(
        () => parseTrustedProxies('TRUST_PROXY', value),
        `TRUST_PROXY must be true, false or a comma-separated list of proxy addresses, CIDRs, loopback, linklocal or uniquelocal; "${entry}" is none of these`
      )
    }
  })

  test('only the listed proxies are trusted, every other hop is the client', ({ assert }) => {
    const none = trustProxyFor([])
    const loopback = trustProxyFor(['loopback'])
    const listed = trustProxyFor(['10.0.0.0/8', '192.168.1.4'])

    assert.isFalse(none('127.0.0.1', 0))
    assert.isTrue(loopback('127.0.0.1', 0))
    assert.isTrue(loopback('::1', 0))
    assert.isFalse(loopback('198.51.100.1', 1))
    assert.isTrue(listed('10.20.30.40', 0))
    assert.isTrue(listed('192.168.1.4', 1))
    assert.isFalse(listed('192.168.1.5', 1))
  })
})
