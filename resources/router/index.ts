import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'
import { setPageTitle } from '@/composables/usePageTitle'
import { useSessionStore } from '@/stores/session'
import { useTeamsStore } from '@/stores/teams'
import { openLandingTeam } from './landingTeam'
import ChatChannelView from '@/views/ChatChannelView.vue'
import ChatShellView from '@/views/ChatShellView.vue'
import LoginView from '@/views/LoginView.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** Who may open it: `guest` pages send signed-in people home, `any` is for everyone. */
    access?: 'guest' | 'any'
    title?: string
  }
}

/**
 * The app's addresses. The server answers every one of them with the app (deep links work
 * on reload); channel addresses match the links Hearth puts in emails
 * (`/teams/:teamId/channels/:channelId?post=`).
 */
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: ChatShellView, meta: { title: 'Hearth' } },
    {
      path: '/login',
      name: 'login',
      component: LoginView,
      meta: { access: 'guest', title: 'Log in' },
    },
    {
      path: '/signup',
      name: 'signup',
      component: () => import('@/views/SignupView.vue'),
      meta: { access: 'guest', title: 'Sign up' },
    },
    {
      path: '/invite/:code',
      name: 'invite',
      component: () => import('@/views/InviteView.vue'),
      meta: { access: 'any', title: 'Join a team' },
    },
    {
      path: '/signed-out',
      name: 'signed-out',
      component: () => import('@/views/SignedOutView.vue'),
      meta: { access: 'any', title: 'Signed out' },
    },
    {
      path: '/welcome',
      name: 'welcome',
      component: () => import('@/views/WelcomeView.vue'),
      meta: { title: 'Welcome' },
    },
    {
      path: '/teams/:teamId',
      component: ChatShellView,
      children: [
        {
          path: '',
          name: 'team',
          component: () => import('@/views/ChatTeamHomeView.vue'),
        },
        {
          path: 'threads',
          name: 'threads',
          component: () => import('@/views/ChatThreadsView.vue'),
          meta: { title: 'Threads' },
        },
        {
          path: 'saved',
          name: 'saved',
          component: () => import('@/views/ChatSavedView.vue'),
          meta: { title: 'Saved' },
        },
        {
          path: 'mentions',
          name: 'mentions',
          component: () => import('@/components/notifications/NotificationsView.vue'),
          meta: { title: 'Mentions' },
        },
        {
          path: 'channels/:channelId',
          name: 'channel',
          component: ChatChannelView,
        },
        {
          path: 'channels/:channelId/boards/:boardId',
          name: 'board',
          // Its own chunk, with yjs, y-websocket, y-indexeddb and the drag library.
          component: () => import('@/views/BoardView.vue'),
          meta: { title: 'Board' },
        },
        {
          path: 'channels/:channelId/boards/:boardId/cards/:cardId',
          name: 'card-page',
          // Its own chunk, sharing the board's libraries (it opens the board's document).
          component: () => import('@/views/BoardCardPageView.vue'),
          meta: { title: 'Card' },
        },
      ],
    },
    {
      path: '/settings',
      component: ChatShellView,
      beforeEnter: openLandingTeam,
      children: [
        {
          path: ':section?',
          name: 'settings',
          component: () => import('@/components/settings/SettingsView.vue'),
          meta: { title: 'Settings' },
        },
      ],
    },
    {
      path: '/boards/:boardId/cards/:cardId',
      name: 'card',
      component: () => import('@/views/CardLinkView.vue'),
      meta: { title: 'Card' },
    },
    {
      path: '/admin/:section?',
      name: 'admin',
      component: () => import('@/views/AdminView.vue'),
      meta: { title: 'Admin console' },
    },
    {
      path: '/:path(.*)*',
      name: 'not-found',
      component: () => import('@/views/NotFoundView.vue'),
      meta: { access: 'any', title: 'Not found' },
    },
  ],
})

router.beforeEach(async (to) => {
  const session = useSessionStore()
  if (!session.loaded) await session.load()
  if (session.unreachable) return true

  const access = to.meta.access
  if (access === 'any') return true
  if (access === 'guest') return session.signedIn ? { name: 'home' } : true
  if (!session.signedIn) return signIn(to, session.ended)

  if (to.name === 'home') return landing()
  return true
})

router.afterEach((to) => {
  if (to.meta.title) setPageTitle(to.meta.title === 'Hearth' ? null : to.meta.title)
})

function signIn(to: RouteLocationNormalized, ended: string | null) {
  if (ended) return { name: 'signed-out', query: { reason: ended, redirect: to.fullPath } }
  const redirect = to.fullPath === '/' ? undefined : to.fullPath
  return { name: 'login', query: redirect ? { redirect } : {} }
}

/** `/` opens the last team used, or the first run when there is none yet. */
async function landing() {
  const teams = useTeamsStore()
  if (!teams.loaded) await teams.load().catch(() => (useSessionStore().unreachable = true))
  if (!teams.loaded) return true
  const team = teams.landing()
  return team ? { name: 'team', params: { teamId: team.id } } : { name: 'welcome' }
}
