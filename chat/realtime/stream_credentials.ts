import { credentialKey, stillValid } from '#app/auth/credentials'
import { every } from '#app/helpers/periodic'
import { connections } from '#chat/realtime/connections'

/** How often open streams are checked against the sessions and tokens that opened them. */
export const CREDENTIAL_CHECK_MS = 30_000

/**
 * Ends the streams whose session or token no longer lets them in: ended in
 * a process whose events never reach this one (an ace command), expired,
 * or deleted any other way. Answers how many it ended.
 */
export async function closeStreamsOfEndedCredentials() {
  const open = connections.all()
  if (open.length === 0) return 0
  const valid = await stillValid(
    open.map(({ user, credential }) => ({ userId: user.id, credential }))
  )
  const ended = open.filter(({ credential }) => !valid.has(credentialKey(credential)))
  for (const connection of ended) void connections.end(connection)
  return ended.length
}

/** Runs the check every CREDENTIAL_CHECK_MS, never two at once; answers how to stop it. */
export function watchCredentials() {
  return every(
    CREDENTIAL_CHECK_MS,
    closeStreamsOfEndedCredentials,
    'could not check the credentials of open streams'
  )
}
