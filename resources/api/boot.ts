import { ME_PATH } from './auth'
import { sidebarPath } from './channels'
import { prefetch } from './http'
import { aroundUnreadPath } from './posts'
import { TEAMS_PATH, teamMembersPath } from './teams'

/**
 * What the first screen of an address reads, started at once and side by side: the session,
 * the teams, and at a channel's address its sidebar, its people and its first messages.
 * Otherwise each waits for the screen before it (session → shell → channel), a round trip
 * apiece before the first message shows. A permalink opens elsewhere in the history.
 */
function prefetchFirstScreen(location: Location) {
  const paths = [ME_PATH]
  if (location.pathname === '/' || location.pathname.startsWith('/teams/')) paths.push(TEAMS_PATH)
  const channel = /^\/teams\/([^/]+)\/channels\/([^/]+)\/?$/.exec(location.pathname)
  if (channel && !new URLSearchParams(location.search).has('post')) {
    const [, teamId, channelId] = channel
    paths.unshift(aroundUnreadPath(channelId))
    paths.push(sidebarPath(teamId), teamMembersPath(teamId))
  }
  // A board's address: the same shell reads, the board's settings, and its screen's code,
  // which would otherwise wait for the session check before it is even asked for.
  const board = /^\/teams\/([^/]+)\/channels\/[^/]+\/boards\/([^/]+)\/?$/.exec(location.pathname)
  if (board) {
    const [, teamId, boardId] = board
    paths.push(sidebarPath(teamId), teamMembersPath(teamId), `/api/v1/boards/${boardId}`)
    void import('../views/BoardView.vue')
  }
  prefetch(paths)
}

// Imported first by main.ts, so these start before the rest of the app is even evaluated.
prefetchFirstScreen(window.location)
