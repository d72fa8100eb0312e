/*
|--------------------------------------------------------------------------
| Routes of the chat module
|--------------------------------------------------------------------------
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { apiThrottle } from '#start/limiter'

const ChannelsController = () => import('#chat/controllers/channels_controller')
const ChannelMembersController = () => import('#chat/controllers/channel_members_controller')
const PostsController = () => import('#chat/controllers/posts_controller')
const ThreadsController = () => import('#chat/controllers/threads_controller')
const PostActionsController = () => import('#chat/controllers/post_actions_controller')
const ReadStateController = () => import('#chat/controllers/read_state_controller')
const EventsController = () => import('#chat/controllers/events_controller')
const SignalsController = () => import('#chat/controllers/signals_controller')
const RealtimeController = () => import('#chat/controllers/realtime_controller')
const FilesController = () => import('#chat/controllers/files_controller')
const SearchController = () => import('#chat/controllers/search_controller')
const CommandsController = () => import('#chat/controllers/commands_controller')
const NotificationsController = () => import('#chat/controllers/notifications_controller')
const PeopleController = () => import('#chat/controllers/people_controller')

router
  .group(() => {
    router
      .group(() => {
        router.get('channels', [ChannelsController, 'index']).as('channels.index')
        router.post('channels', [ChannelsController, 'store']).as('channels.store')
        router.get('channels/browse', [ChannelsController, 'browse']).as('channels.browse')
        router.get('threads', [ThreadsController, 'index']).as('threads.index')
        router.post('threads/read', [ThreadsController, 'readAll']).as('threads.read')
        router.get('search', [SearchController, 'index']).as('search')
      })
      .prefix('teams/:teamId')
      .as('teams')
      .use(middleware.team())

    router
      .group(() => {
        router.get('', [ChannelsController, 'show']).as('show')
        router.patch('', [ChannelsController, 'update']).as('update')
        router.post('archive', [ChannelsController, 'archive']).as('archive')
        router.post('unarchive', [ChannelsController, 'unarchive']).as('unarchive')
        router.post('join', [ChannelsController, 'join']).as('join')
        router.get('members', [ChannelMembersController, 'index']).as('members.index')
        router.post('members', [ChannelMembersController, 'store']).as('members.store')
        router.patch('members/:userId', [ChannelMembersController, 'update']).as('members.update')
        router
          .delete('members/:userId', [ChannelMembersController, 'destroy'])
          .as('members.destroy')
        router.get('posts', [PostsController, 'index']).as('posts.index')
        router.post('posts', [PostsController, 'store']).as('posts.store')
        router.post('files', [FilesController, 'store']).as('files.store')
        router.get('pins', [PostActionsController, 'pins']).as('pins')
        router.post('read', [ReadStateController, 'read']).as('read')
        router.post('typing', [SignalsController, 'typing']).as('typing')
        router.post('commands', [CommandsController, 'store']).as('commands')
      })
      .prefix('channels/:id')
      .as('channels')

    router
      .group(() => {
        router.get('', [PostsController, 'show']).as('show')
        router.patch('', [PostsController, 'update']).as('update')
        router.delete('', [PostsController, 'destroy']).as('destroy')
        router.get('edits', [PostsController, 'edits']).as('edits')
        router.get('thread', [ThreadsController, 'show']).as('thread')
        router.post('thread/read', [ThreadsController, 'read']).as('thread.read')
        router.put('thread/follow', [ThreadsController, 'follow']).as('thread.follow')
        router.delete('thread/follow', [ThreadsController, 'unfollow']).as('thread.unfollow')
        router.put('reactions/:emoji', [PostActionsController, 'react']).as('react')
        router.delete('reactions/:emoji', [PostActionsController, 'unreact']).as('unreact')
        router.put('pin', [PostActionsController, 'pin']).as('pin')
        router.delete('pin', [PostActionsController, 'unpin']).as('unpin')
        router.put('save', [PostActionsController, 'save']).as('save')
        router.delete('save', [PostActionsController, 'unsave']).as('unsave')
        router.post('unread', [ReadStateController, 'unread']).as('unread')
      })
      .prefix('posts/:id')
      .as('posts')

    router.get('commands', [CommandsController, 'index']).as('commands.index')
    router.get('users/search', [PeopleController, 'search']).as('users.search')
    router.get('users/me/saved', [PostActionsController, 'saved']).as('saved')
    router.get('users/me/notifications', [NotificationsController, 'index']).as('notifications')
    router
      .get('users/me/notification-settings', [NotificationsController, 'settings'])
      .as('notifications.settings')
    router
      .patch('users/me/notification-settings', [NotificationsController, 'updateSettings'])
      .as('notifications.settings.update')
    router.get('presence', [SignalsController, 'presence']).as('presence.index')
    router.post('users/me/presence', [SignalsController, 'heartbeat']).as('presence.update')
    router.get('events', [EventsController, 'index']).as('events')

    router
      .group(() => {
        router.get('', [FilesController, 'download']).as('download')
        router.get('info', [FilesController, 'info']).as('info')
        router.get('thumbnail', [FilesController, 'thumbnail']).as('thumbnail')
        router.get('preview', [FilesController, 'preview']).as('preview')
      })
      .prefix('files/:id')
      .as('files')
  })
  .prefix('/api/v1')
  .as('chat')
  .use([middleware.auth(), apiThrottle])

router
  .group(() => {
    router.get('events', [RealtimeController, 'stream']).as('stream')
    router.post('subscribe', [RealtimeController, 'subscribe']).as('subscribe')
    router.post('unsubscribe', [RealtimeController, 'unsubscribe']).as('unsubscribe')
  })
  .prefix('/__transmit')
  .as('transmit')
  .use([middleware.auth({ scope: 'read' }), apiThrottle])
