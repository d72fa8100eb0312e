/** Where to go after signing in: back where the person was headed, if it is ours. */
export function afterSignIn(redirect: unknown) {
  return typeof redirect === 'string' && /^\/(?![/\\])/.test(redirect) ? redirect : '/'
}
