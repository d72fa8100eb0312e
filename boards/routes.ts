/*
|--------------------------------------------------------------------------
| Routes of the boards module
|--------------------------------------------------------------------------
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { apiThrottle } from '#start/limiter'

const BoardsController = () => import('#boards/controllers/boards_controller')
const BoardMembersController = () => import('#boards/controllers/board_members_controller')
const CardsController = () => import('#boards/controllers/cards_controller')
const CardThreadsController = () => import('#boards/controllers/card_threads_controller')
const ChecklistItemsController = () => import('#boards/controllers/checklist_items_controller')
const BoardSyncController = () => import('#boards/controllers/board_sync_controller')

router
  .group(() => {
    router.get('channels/:id/boards', [BoardsController, 'index']).as('channels.index')
    router.post('channels/:id/boards', [BoardsController, 'store']).as('channels.store')
    router.post('boards', [BoardsController, 'storeStandalone']).as('store')
    router.post('posts/:id/card', [CardThreadsController, 'fromPost']).as('posts.card')
    router
      .get('teams/:teamId/cards', [CardsController, 'find'])
      .as('teams.cards')
      .use(middleware.team())

    router
      .group(() => {
        router.get('', [BoardsController, 'show']).as('show')
        router.patch('', [BoardsController, 'update']).as('update')
        router.delete('', [BoardsController, 'destroy']).as('destroy')
        router.post('archive', [BoardsController, 'archive']).as('archive')
        router.post('unarchive', [BoardsController, 'unarchive']).as('unarchive')
        router.get('members', [BoardMembersController, 'index']).as('members.index')
        router.put('members/:userId', [BoardMembersController, 'update']).as('members.update')
        router.delete('members/:userId', [BoardMembersController, 'destroy']).as('members.destroy')
        router.post('sync-ticket', [BoardSyncController, 'ticket']).as('sync.ticket')
        router.get('document', [CardsController, 'document']).as('document')
        router.get('columns', [CardsController, 'columns']).as('columns')
        router.get('comment-counts', [CardsController, 'commentCounts']).as('comments.counts')
        router.get('cards', [CardsController, 'index']).as('cards.index')
        router.post('cards', [CardsController, 'store']).as('cards.store')
      })
      .prefix('boards/:id')

    router
      .group(() => {
        router.get('', [CardsController, 'show']).as('show')
        router.patch('', [CardsController, 'update']).as('update')
        router.delete('', [CardsController, 'destroy']).as('destroy')
        router.get('comments', [CardThreadsController, 'index']).as('comments.index')
        router.post('comments', [CardThreadsController, 'store']).as('comments.store')
        router.post('checklist', [ChecklistItemsController, 'store']).as('checklist.store')
        router
          .patch('checklist/:itemId', [ChecklistItemsController, 'update'])
          .as('checklist.update')
        router
          .delete('checklist/:itemId', [ChecklistItemsController, 'destroy'])
          .as('checklist.destroy')
      })
      .prefix('cards/:id')
      .as('cards')
  })
  .prefix('/api/v1')
  .as('boards')
  .use([middleware.auth(), apiThrottle])
