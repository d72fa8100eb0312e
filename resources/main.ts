import './api/boot'
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router'
import { onUnauthenticated } from './api/http'
import { applyTheme } from './composables/useTheme'
import { useSessionStore } from './stores/session'
import { useTeamsStore } from './stores/teams'
import { useChannelsStore } from './stores/channels'
import './styles/tokens.css'
import './styles/base.css'

applyTheme()

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(router)

// A signed-in request answered 401: the session expired or the account was deactivated.
onUnauthenticated((error) => {
  const session = useSessionStore(pinia)
  if (!session.signedIn) return
  session.lose(error)
  useTeamsStore(pinia).reset()
  useChannelsStore(pinia).reset()
  const redirect = router.currentRoute.value.fullPath
  router.replace({ name: 'signed-out', query: { reason: session.ended ?? 'expired', redirect } })
})

app.mount('#app')
