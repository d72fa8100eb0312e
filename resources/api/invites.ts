/** Invite links are `<origin>/invite/<code>`, made from a team's `inviteCode`. */
export function inviteLink(code: string) {
  return `${window.location.origin}/invite/${encodeURIComponent(code)}`
}

/** The code in what a person pasted: a whole invite link, or the bare code. */
export function inviteCodeFrom(text: string) {
  const trimmed = text.trim()
  const match = /\/invite\/([^/?#\s]+)/.exec(trimmed)
  return match ? decodeURIComponent(match[1]) : trimmed
}
