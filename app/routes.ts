/*
|--------------------------------------------------------------------------
| Routes of the app module: auth, users, tokens, teams, settings
|--------------------------------------------------------------------------
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { apiThrottle, signupThrottle } from '#start/limiter'

const AuthController = () => import('#app/controllers/auth_controller')
const MeController = () => import('#app/controllers/me_controller')
const TokensController = () => import('#app/controllers/tokens_controller')
const UsersController = () => import('#app/controllers/users_controller')
const TeamsController = () => import('#app/controllers/teams_controller')
const TeamMembersController = () => import('#app/controllers/team_members_controller')
const SettingsController = () => import('#app/controllers/settings_controller')
const SystemTeamsController = () => import('#app/controllers/system_teams_controller')

router
  .group(() => {
    router.get('csrf', [AuthController, 'csrf']).as('csrf')
    router
      .post('signup', [AuthController, 'signup'])
      .as('signup')
      .use([middleware.sessionOnly(), signupThrottle])
    router.post('login', [AuthController, 'login']).as('login').use(middleware.sessionOnly())
    router.post('tokens', [AuthController, 'issueToken']).as('tokens')
    router
      .delete('session', [AuthController, 'logout'])
      .as('logout')
      .use([middleware.sessionOnly(), middleware.auth()])
  })
  .prefix('/api/v1/auth')
  .as('app.auth')

router
  .group(() => {
    router.get('users/me', [MeController, 'show']).as('me.show')
    router.patch('users/me', [MeController, 'update']).as('me.update')
    router.put('users/me/email', [MeController, 'confirmEmail']).as('me.email')
    router
      .put('users/me/password', [MeController, 'changePassword'])
      .as('me.password')
      .use(middleware.sessionOnly())
    router.get('users/me/tokens', [TokensController, 'index']).as('tokens.index')
    router
      .post('users/me/tokens', [TokensController, 'store'])
      .as('tokens.store')
      .use(middleware.sessionOnly())
    router.delete('users/me/tokens/:id', [TokensController, 'destroy']).as('tokens.destroy')

    router.get('users', [UsersController, 'index']).as('users.index')
    router.post('users', [UsersController, 'store']).as('users.store')
    router
      .group(() => {
        router.get('', [UsersController, 'show']).as('show')
        router.patch('', [UsersController, 'update']).as('update')
        router.put('password', [UsersController, 'resetPassword']).as('password')
        router.post('deactivate', [UsersController, 'deactivate']).as('deactivate')
        router.post('reactivate', [UsersController, 'reactivate']).as('reactivate')
      })
      .prefix('users/:id')
      // `users/search` is chat's user search (chat/routes.ts), not a user id.
      .where('id', /^(?!search$)/)
      .as('users')

    router.get('teams', [TeamsController, 'index']).as('teams.index')
    router.post('teams', [TeamsController, 'store']).as('teams.store')
    router.post('teams/join', [TeamsController, 'join']).as('teams.join')

    router
      .group(() => {
        router.get('', [TeamsController, 'show']).as('show')
        router.patch('', [TeamsController, 'update']).as('update')
        router.post('invite', [TeamsController, 'regenerateInvite']).as('invite')
        router.get('members', [TeamMembersController, 'index']).as('members.index')
        router.post('members', [TeamMembersController, 'store']).as('members.store')
        router.patch('members/:userId', [TeamMembersController, 'update']).as('members.update')
        router.delete('members/:userId', [TeamMembersController, 'destroy']).as('members.destroy')
      })
      .prefix('teams/:teamId')
      .as('teams')
      .use(middleware.team())

    router.get('system/teams', [SystemTeamsController, 'index']).as('system.teams')
    router.get('system/settings', [SettingsController, 'show']).as('settings.show')
    router.patch('system/settings', [SettingsController, 'update']).as('settings.update')
  })
  .prefix('/api/v1')
  .as('app')
  .use([middleware.auth(), apiThrottle])
