import limiter from '@adonisjs/limiter/services/main'

/**
 * Login attempts are limited per account and per client address. Each
 * attempt takes its point *before* the password is checked, so concurrent
 * attempts cannot race past the limit; a successful login gives the points
 * back.
 */
const perAccount = () =>
  limiter.use({ requests: 10, duration: '15 mins', blockDuration: '15 mins' })
const perAddress = () =>
  limiter.use({ requests: 50, duration: '15 mins', blockDuration: '15 mins' })

/**
 * `account` names the account the login resolves to (its id), so typing the
 * username or the email counts against the same limit.
 */
export async function throttleLogin<T>(account: string, ip: string, attempt: () => Promise<T>) {
  const accountKey = `login:account:${account}`
  const addressKey = `login:ip:${ip}`

  await perAddress().consume(addressKey)
  await perAccount().consume(accountKey)

  const result = await attempt()
  await perAccount().delete(accountKey)
  await perAddress().decrement(addressKey)
  return result
}
