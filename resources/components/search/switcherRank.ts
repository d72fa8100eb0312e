/**
 * The quick switcher's ranking: how well a channel, a conversation or a person matches what
 * was typed, then how recently it was visited. Pure, unit-tested in tests/unit/web.
 */
import { fold, wordsOf } from '../../composables/autocomplete.js'

/** 0: a name starts with the query; 1: a word of a name does; 2: a name contains it. */
export function matchQuality(query: string, names: readonly string[]): number | null {
  const q = fold(query.trim().replace(/^[@~#]/, ''))
  if (!q) return 0
  const folded = names.map(fold)
  if (folded.some((name) => name.startsWith(q))) return 0
  if (folded.some((name) => wordsOf(name).some((word) => word.startsWith(q)))) return 1
  if (folded.some((name) => name.includes(q))) return 2
  return null
}

export type SwitcherCandidate = {
  id: string
  label: string
  /** Every name it is known by (display name, channel name, username). */
  names: string[]
  /** When it was last visited (ms since the epoch); 0 for never. */
  visitedAt: number
}

/**
 * Candidates matching the query, best first: match quality, then the most recently visited,
 * then by label. At most `limit`.
 */
export function rankSwitcher<T extends SwitcherCandidate>(
  query: string,
  candidates: readonly T[],
  limit = 12
): T[] {
  return candidates
    .map((candidate) => ({ candidate, quality: matchQuality(query, candidate.names) }))
    .filter((entry): entry is { candidate: T; quality: number } => entry.quality !== null)
    .sort(
      (a, b) =>
        a.quality - b.quality ||
        b.candidate.visitedAt - a.candidate.visitedAt ||
        a.candidate.label.localeCompare(b.candidate.label)
    )
    .slice(0, limit)
    .map((entry) => entry.candidate)
}

const RECENT_KEY = 'hearth.recentChannels'
const RECENT_MOST = 50

/** When each channel was last opened in this browser, as the switcher ranks them. */
export function readRecent(storage: Pick<Storage, 'getItem'>): Record<string, number> {
  try {
    const parsed = JSON.parse(storage.getItem(RECENT_KEY) ?? '{}')
    return parsed && typeof parsed === 'object' ? parsed : {}
  } catch {
    return {}
  }
}

/** Notes a visit, keeping the RECENT_MOST most recent. */
export function noteVisit(storage: Pick<Storage, 'getItem' | 'setItem'>, id: string, at: number) {
  const entries = Object.entries({ ...readRecent(storage), [id]: at })
    .sort((a, b) => b[1] - a[1])
    .slice(0, RECENT_MOST)
  storage.setItem(RECENT_KEY, JSON.stringify(Object.fromEntries(entries)))
}
