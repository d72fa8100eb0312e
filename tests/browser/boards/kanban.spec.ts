import limiter from '@adonisjs/limiter/services/main'
import { test } from '@japa/runner'
import type { Page, WebSocketRoute } from 'playwright-core'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { createCard } from '#boards/document/index'
import {
  accessibilityProblems,
  logIn,
  openBrowser,
  screenshots,
  twoInAChannel,
} from '#tests/helpers/browser'
import type { WebClient } from '#tests/helpers/web_client'
import { eventually } from '#tests/helpers/realtime'
import {
  boardPath,
  boardWith,
  cardFront as card,
  columnOf as column,
  type Columns,
} from '#tests/helpers/boards'

const status = (page: Page) => page.locator('.board-page__status')

/** The board as the page shows it: each column's card titles, in order. */
function shownColumns(page: Page): Promise<Columns> {
  return page
    .locator('.column')
    .evaluateAll((sections) =>
      Object.fromEntries(
        sections.map((section) => [
          section.querySelector('h3')?.textContent?.trim() ?? '',
          [...section.querySelectorAll('.card__title')].map((title) => title.textContent!.trim()),
        ])
      )
    )
}

/** The board as the REST card list (the SQL projection) has it, by column label. */
async function serverColumns(client: WebClient, boardId: string): Promise<Columns> {
  const { body: doc } = await client.get(`/api/v1/boards/${boardId}/document`)
  const { body: cards } = await client.get(`/api/v1/boards/${boardId}/cards`)
  return Object.fromEntries(
    doc.columns.map((entry: { id: string | null; label: string }) => [
      entry.label,
      cards.data
        .filter(
          (c: { values: Record<string, unknown> }) => (c.values[doc.groupBy] ?? null) === entry.id
        )
        .map((c: { title: string }) => c.title),
    ])
  )
}

/** Waits until every page and the server show the same board, then gives it. */
async function agreed(pages: Page[], client: WebClient, boardId: string) {
  let seen: Columns = {}
  let last: string[] = []
  try {
    await eventually(async () => {
      const server = JSON.stringify(await serverColumns(client, boardId))
      last = [`server ${server}`]
      for (const page of pages) {
        const shown = JSON.stringify(await shownColumns(page))
        last.push(`page ${shown}`)
        if (shown !== server) return false
      }
      seen = JSON.parse(server)
      return true
    }, 10_000)
  } catch (error) {
    throw new Error(`the board did not agree everywhere: ${last.join('; ')}`, { cause: error })
  }
  return seen
}

/** Drops a card into a column's list, at a point near its top (SortableJS in HTML5 mode). */
async function drag(page: Page, title: string, label: string) {
  await card(page, title).dragTo(column(page, label).getByRole('list'), {
    targetPosition: { x: 40, y: 8 },
  })
}

/** Gillian (who made the channel, so a board admin) and Bob (an editor) in a Product channel. */
async function seed() {
  return twoInAChannel(['Gillian', 'Bob'], 'Workshop', { name: 'product', displayName: 'Product' })
}

test.group('Boards: kanban', (group) => {
  group.each.setup(() => limiter.clear())

  test('a board made from a template in the channel shows its columns, and cards added and dragged arrive live for the other person', async ({
    assert,
  }) => {
    const { first: gillian, second: bob, team, channel } = await seed()
    const one = await openBrowser()
    const two = await openBrowser()
    await logIn(one.page, gillian)
    await logIn(two.page, bob)
    await one.page.goto(`/teams/${team.id}/channels/${channel.id}`)
    await two.page.goto(`/teams/${team.id}/channels/${channel.id}`)

    // From the channel's tabs: a new board, the template's columns previewed.
    await one.page.getByRole('button', { name: 'New board' }).click()
    const dialog = one.page.getByRole('dialog', { name: 'New board' })
    await dialog.getByLabel('Board name').fill('Launch plan')
    await dialog.getByRole('radio', { name: /Project tasks/ }).check()
    await dialog.getByText('In progress').waitFor()
    await screenshots(one.page, 'board-create')
    assert.deepEqual(await accessibilityProblems(one.page), [])
    await dialog.getByRole('button', { name: 'Create board' }).click()
    await one.page.waitForURL(/\/boards\//)
    await column(one.page, 'In progress').waitFor()
    await status(one.page).getByText('Live').waitFor()
    const boardId = one.page.url().split('/boards/')[1]

    // Listed in the sidebar and as a tab, for Bob too.
    const sidebar = one.page.getByRole('navigation', { name: 'Channels' })
    await sidebar.getByRole('link', { name: /Launch plan/ }).waitFor()
    // Bob, on the channel, gets the new tab live.
    await two.page
      .getByRole('navigation', { name: 'Channel views' })
      .getByRole('link', { name: 'Launch plan' })
      .click()
    await column(two.page, 'To do').waitFor()

    // Cards added in the UI, at the bottom and at the top of a column.
    await column(one.page, 'To do').getByRole('button', { name: 'Add a card', exact: true }).click()
    const input = column(one.page, 'To do').getByRole('textbox', { name: /New card in To do/ })
    await input.fill('Write the press release')
    await input.press('Enter')
    await input.fill('Book the venue')
    await input.press('Enter')
    await column(one.page, 'To do')
      .getByRole('button', { name: 'Add a card at the top of To do' })
      .click()
    const topInput = column(one.page, 'To do').getByRole('textbox', { name: /at the top of To do/ })
    await topInput.fill('Pick a date')
    await topInput.press('Enter')
    // An empty title is refused with a message, not silently.
    await input.fill('   ')
    await input.press('Enter')
    await column(one.page, 'To do').getByRole('alert').getByText('Give the card a title.').waitFor()
    await input.press('Escape')

    await card(two.page, 'Book the venue').waitFor()
    let board = await agreed([one.page, two.page], gillian.client, boardId)
    assert.deepEqual(board['To do'], ['Pick a date', 'Write the press release', 'Book the venue'])

    // Bob drags a card to another column; Gillian sees it there, and so does the server.
    await drag(two.page, 'Book the venue', 'In progress')
    await card(one.page, 'Book the venue')
      .and(column(one.page, 'In progress').getByRole('article'))
      .waitFor()
    board = await agreed([one.page, two.page], gillian.client, boardId)
    assert.deepEqual(board['In progress'], ['Book the venue'])
    assert.deepEqual(board['To do'], ['Pick a date', 'Write the press release'])
    await one.page.getByRole('button', { name: 'Cancel' }).click()
    // Counts follow.
    await column(one.page, 'In progress').getByLabel('1 cards').waitFor()

    // Columns: one added (a name is needed), one renamed and recoloured; Bob sees both.
    await one.page.getByRole('button', { name: 'Add column' }).click()
    await one.page.getByRole('alert').getByText('Give the column a name.').waitFor()
    await one.page.getByLabel('New column name').fill('Blocked')
    await one.page.getByRole('button', { name: 'Add column' }).click()
    await column(two.page, 'Blocked').waitFor()
    await one.page.getByRole('button', { name: 'Edit column Done' }).click()
    const done = column(one.page, 'Done')
    await done.getByLabel('Column name').fill('Shipped')
    await done.getByLabel('Colour').selectOption('red')
    await done.getByRole('button', { name: 'Save' }).click()
    await column(two.page, 'Shipped').waitFor()
    assert.deepEqual(Object.keys(await shownColumns(two.page)), [
      'No Status',
      'To do',
      'In progress',
      'Shipped',
      'Blocked',
    ])

    // Card fronts: assignees and the due date, red once it has passed.
    const { body: doc } = await gillian.client.get(`/api/v1/boards/${boardId}/document`)
    const fieldId = (name: string) =>
      doc.fields.find((field: { name: string }) => field.name === name).id
    await gillian.client.post(`/api/v1/boards/${boardId}/cards`, {
      title: 'Order the banners',
      column: doc.columns[2].id,
      values: { [fieldId('Assignee')]: [bob.id, gillian.id], [fieldId('Due date')]: '2026-01-15' },
    })
    const banners = card(two.page, 'Order the banners')
    await banners.waitFor()
    assert.match(
      String(await banners.getAttribute('aria-label')),
      /assigned to Bob, Gillian, overdue, was due/
    )
    await banners.locator('.card__due--overdue').waitFor()

    await screenshots(one.page, 'board-kanban')
    assert.deepEqual(await accessibilityProblems(one.page), [])
    assert.deepEqual(one.problems, [])
    assert.deepEqual(two.problems, [])
    await one.context.close()
    await two.context.close()
  })

  test('two people moving the same card at once end with it in one place, as the server has it; a deleted board tells who has it open', async ({
    assert,
  }) => {
    const { first: gillian, second: bob, channel } = await seed()
    const board = await boardWith(gillian.client, channel.id, { 'To do': ['Ship it', 'Test it'] })
    const one = await openBrowser()
    const two = await openBrowser()
    await logIn(one.page, gillian)
    await logIn(two.page, bob)
    await one.page.goto(boardPath(board))
    await two.page.goto(boardPath(board))
    await status(one.page).getByText('Live').waitFor()
    await status(two.page).getByText('Live').waitFor()

    await Promise.all([drag(one.page, 'Ship it', 'In progress'), drag(two.page, 'Ship it', 'Done')])
    const result = await agreed([one.page, two.page], gillian.client, board.id)
    const places = Object.entries(result).filter(([, titles]) => titles.includes('Ship it'))
    assert.lengthOf(places, 1)
    assert.include(['In progress', 'Done'], places[0][0])
    assert.deepEqual(result['To do'], ['Test it'])

    // The board deleted while Bob has it open: he is told, and its tab goes.
    const deleted = await gillian.client.delete(`/api/v1/boards/${board.id}`)
    assert.equal(deleted.status, 204)
    await two.page.getByRole('alert').getByText('This board was deleted').waitFor()
    const tabs = two.page.getByRole('navigation', { name: 'Channel views' })
    await tabs.getByRole('link', { name: 'Messages' }).waitFor()
    await eventually(
      async () => (await tabs.getByRole('link', { name: 'Roadmap' }).count()) === 0,
      5000
    )
    assert.deepEqual(one.problems, [])
    assert.deepEqual(two.problems, [])
    await one.context.close()
    await two.context.close()
  })

  test('a card moves by keyboard (Space picks it up, arrows move it, Space drops it, Escape cancels); Enter opens it, to rename, move and archive', async ({
    assert,
  }) => {
    const { first: gillian, second: bob, channel } = await seed()
    const board = await boardWith(gillian.client, channel.id, {
      'To do': ['First', 'Second'],
      'In progress': ['Third'],
    })
    const one = await openBrowser()
    const two = await openBrowser()
    await logIn(one.page, gillian)
    await logIn(two.page, bob)
    await one.page.goto(boardPath(board))
    await two.page.goto(boardPath(board))
    await status(one.page).getByText('Live').waitFor()

    const live = one.page.locator('.kanban [aria-live]')
    await card(one.page, 'First').focus()
    await one.page.keyboard.press('Space')
    await live.getByText(/Picked up First: To do, position 1 of 2/).waitFor()
    await one.page.keyboard.press('ArrowRight')
    await live.getByText('In progress, position 1 of 2').waitFor()
    await one.page.keyboard.press('ArrowDown')
    await live.getByText('In progress, position 2 of 2').waitFor()
    await one.page.keyboard.press('Space')
    await live.getByText('Dropped First in In progress.').waitFor()
    let result = await agreed([one.page, two.page], gillian.client, board.id)
    assert.deepEqual(result['In progress'], ['Third', 'First'])
    assert.deepEqual(result['To do'], ['Second'])
    // Focus stays on the card that moved.
    assert.match(
      String(await one.page.evaluate('document.activeElement?.getAttribute("aria-label")')),
      /^First/
    )

    // Escape puts it back where it was; nothing is written.
    await one.page.keyboard.press('Space')
    await one.page.keyboard.press('ArrowLeft')
    await live.getByText('To do, position 2 of 2').waitFor()
    await one.page.keyboard.press('Escape')
    await live.getByText(/Move cancelled/).waitFor()
    result = await agreed([one.page, two.page], gillian.client, board.id)
    assert.deepEqual(result['In progress'], ['Third', 'First'])

    // Enter opens the card in the right panel, its address in the URL; it is renamed there
    // and archived from its actions menu.
    await card(one.page, 'Third').focus()
    await one.page.keyboard.press('Enter')
    await one.page.waitForURL(/\?card=/)
    const panel = one.page.getByRole('complementary', { name: 'Card' })
    await panel.getByLabel('Card title').fill('Third, renamed')
    await panel.getByLabel('Card title').press('Enter')
    await card(two.page, 'Third, renamed')
      .and(column(two.page, 'In progress').getByRole('article'))
      .waitFor()
    result = await agreed([one.page, two.page], gillian.client, board.id)
    assert.deepEqual(result['In progress'], ['Third, renamed', 'First'])
    await panel.getByLabel('Card title').fill('')
    await panel.getByLabel('Card title').press('Enter')
    await panel.getByRole('alert').getByText('Give the card a title.').waitFor()
    assert.deepEqual(await accessibilityProblems(one.page), [])
    await panel.getByLabel('Card title').press('Escape')
    await panel.getByRole('button', { name: 'Card actions' }).click()
    await panel.getByRole('menuitem', { name: 'Archive' }).click()
    await one.page.getByRole('status').getByText('Card archived').waitFor()
    await eventually(async () => (await card(two.page, 'Third').count()) === 0, 5000)
    await panel.getByText('Archived', { exact: true }).waitFor()
    assert.deepEqual(one.problems, [])
    assert.deepEqual(two.problems, [])
    await one.context.close()
    await two.context.close()
  })

  test('edits made offline are kept, shown after a reload, and reach everyone when the connection is back', async ({
    assert,
  }) => {
    const { first: gillian, second: bob, channel } = await seed()
    const board = await boardWith(gillian.client, channel.id, { 'To do': ['Alpha', 'Beta'] })
    const one = await openBrowser()
    const two = await openBrowser()
    // The sync socket passes through a route the test can cut while HTTP keeps working.
    let cut = false
    let socket: WebSocketRoute | null = null
    await one.page.routeWebSocket(/\/sync/, (ws) => {
      if (cut) return ws.close()
      socket = ws
      ws.connectToServer()
    })
    await logIn(one.page, gillian)
    await logIn(two.page, bob)
    await one.page.goto(boardPath(board))
    await two.page.goto(boardPath(board))
    await status(one.page).getByText('Live').waitFor()
    await status(two.page).getByText('Live').waitFor()

    // Gillian's network goes: she keeps working.
    await one.context.setOffline(true)
    await status(one.page).getByText('Offline — changes kept on this device').waitFor()
    await drag(one.page, 'Alpha', 'Done')
    await column(one.page, 'Done')
      .getByRole('article', { name: /^Alpha/ })
      .waitFor()
    // Bob moves another card meanwhile.
    await drag(two.page, 'Beta', 'In progress')
    await column(two.page, 'In progress').getByRole('article', { name: /^Beta/ }).waitFor()

    // Back online: both converge, and the server's card list agrees.
    await one.context.setOffline(false)
    await status(one.page).getByText('Live').waitFor()
    let result = await agreed([one.page, two.page], gillian.client, board.id)
    assert.deepEqual(result.Done, ['Alpha'])
    assert.deepEqual(result['In progress'], ['Beta'])

    // Now Hearth cannot be reached over the socket; a card added then survives a reload.
    cut = true
    ;(socket as WebSocketRoute | null)?.close()
    await status(one.page).getByText('Offline — changes kept on this device').waitFor()
    await column(one.page, 'To do').getByRole('button', { name: 'Add a card', exact: true }).click()
    const input = column(one.page, 'To do').getByRole('textbox', { name: /New card in To do/ })
    await input.fill('Written offline')
    await input.press('Enter')
    await card(one.page, 'Written offline').waitFor()
    await one.page.reload()
    await card(one.page, 'Written offline').waitFor()
    assert.equal(await card(two.page, 'Written offline').count(), 0)

    cut = false
    await card(two.page, 'Written offline').waitFor()
    result = await agreed([one.page, two.page], gillian.client, board.id)
    assert.deepEqual(result['To do'], ['Written offline'])

    // Logging out deletes the browser's copies of boards.
    await one.page.getByRole('button', { name: /@gillian/ }).click()
    await one.page.getByRole('button', { name: 'Log out' }).click()
    await one.page.waitForURL(/\/login/)
    await eventually(async () => {
      const names = (await one.page.evaluate(
        'indexedDB.databases().then((list) => list.map((entry) => entry.name ?? ""))'
      )) as string[]
      return !names.some((name) => name.startsWith('hearth-board:'))
    }, 5000)
    // Chrome notes each request the chat made while the network was off (its catch-up, which
    // it retries); anything else is a problem.
    const offline = /net::ERR_INTERNET_DISCONNECTED/
    assert.deepEqual(
      one.problems.filter((problem) => !offline.test(problem)),
      []
    )
    assert.deepEqual(two.problems, [])
    await one.context.close()
    await two.context.close()
  })

  test('someone made a viewer loses the editing controls at once, and sees the board live', async ({
    assert,
  }) => {
    const { first: gillian, second: bob, channel } = await seed()
    const board = await boardWith(gillian.client, channel.id, { 'To do': ['Read me'] })
    const two = await openBrowser()
    await logIn(two.page, bob)
    await two.page.goto(boardPath(board))
    await status(two.page).getByText('Live').waitFor()
    const addButtons = two.page.getByRole('button', { name: 'Add a card', exact: true })
    await addButtons.first().waitFor()

    // Made a viewer while the board is open: the server says so on the socket.
    const role = await gillian.client.put(`/api/v1/boards/${board.id}/members/${bob.id}`, {
      role: 'viewer',
    })
    assert.equal(role.status, 200)
    await two.page.getByText('Read only: your role on this board is viewer').waitFor()
    assert.equal(await addButtons.count(), 0)

    // And from the start on the next visit.
    await two.page.reload()
    await status(two.page).getByText('Live').waitFor()
    await two.page.getByText('You can view this board (viewer).').waitFor()

    const kanban = two.page.locator('.kanban')
    assert.equal(await kanban.getByRole('button').count(), 0)
    assert.equal(await kanban.getByRole('textbox').count(), 0)
    // Space does not pick a card up.
    await card(two.page, 'Read me').focus()
    await two.page.keyboard.press('Space')
    assert.equal(await two.page.locator('.card--held').count(), 0)

    // Still live: a card Gillian adds shows up.
    const { body: doc } = await gillian.client.get(`/api/v1/boards/${board.id}/document`)
    await gillian.client.post(`/api/v1/boards/${board.id}/cards`, {
      title: 'Fresh news',
      column: doc.columns[2].id,
    })
    await card(two.page, 'Fresh news').waitFor()
    await agreed([two.page], gillian.client, board.id)
    assert.deepEqual(await accessibilityProblems(two.page), [])
    assert.deepEqual(two.problems, [])
    await two.context.close()
  })

  test('columns move left and right for everyone, hide in the view and show again, and a deleted one hands its cards to No Status', async ({
    assert,
  }) => {
    const { first: gillian, second: bob, channel } = await seed()
    const board = await boardWith(gillian.client, channel.id, { 'To do': ['A'], 'Done': ['B'] })
    const one = await openBrowser()
    const two = await openBrowser()
    await logIn(one.page, gillian)
    await logIn(two.page, bob)
    await one.page.goto(boardPath(board))
    await two.page.goto(boardPath(board))
    await card(two.page, 'B').waitFor()
    const labels = async (page: Page) => Object.keys(await shownColumns(page))
    const serverLabels = async () => {
      const { body } = await gillian.client.get(`/api/v1/boards/${board.id}/columns`)
      return body.data.map((entry: { label: string }) => entry.label)
    }

    await one.page.getByRole('button', { name: 'Edit column Done' }).click()
    const tools = one.page.getByRole('group', { name: 'Column Done' })
    await tools.getByRole('button', { name: 'Move left' }).click()
    const moved = ['No Status', 'To do', 'Done', 'In progress']
    await eventually(async () => JSON.stringify(await labels(two.page)) === JSON.stringify(moved))
    assert.deepEqual(await serverLabels(), moved)
    assert.isTrue(await tools.getByRole('button', { name: 'Move right' }).isEnabled())
    await screenshots(one.page, 'board-column-edit')
    assert.deepEqual(await accessibilityProblems(one.page), [])

    // Hidden in this view, for everyone on it; listed aside with its cards' count.
    await tools.getByRole('button', { name: 'Hide in this view' }).click()
    const hidden = two.page.getByRole('region', { name: 'Hidden columns' })
    await hidden.getByText('Done').waitFor()
    assert.deepEqual(await labels(two.page), ['No Status', 'To do', 'In progress'])
    assert.equal(await hidden.getByRole('button').count(), 1)
    await one.page.getByRole('button', { name: 'Show column Done' }).click()
    await eventually(async () => {
      const shown = await labels(two.page)
      return shown.includes('Done')
    })
    assert.equal(await hidden.count(), 0)

    // Deleted after a second click: its card goes to No Status everywhere.
    await one.page.getByRole('button', { name: 'Edit column Done' }).click()
    await tools.getByRole('button', { name: 'Delete column…' }).click()
    assert.deepEqual(await serverLabels(), moved)
    await tools.getByRole('button', { name: /Delete it/ }).click()
    const after = await agreed([one.page, two.page], gillian.client, board.id)
    assert.deepEqual(after, { 'No Status': ['B'], 'To do': ['A'], 'In progress': [] })
    assert.deepEqual(one.problems, [])
    assert.deepEqual(two.problems, [])
  })

  test('a viewer’s forced write on the sync socket changes nothing, for anyone', async ({
    assert,
  }) => {
    const { first: gillian, second: bob, channel } = await seed()
    const board = await boardWith(gillian.client, channel.id, { 'To do': ['Read me'] })
    const role = await gillian.client.put(`/api/v1/boards/${board.id}/members/${bob.id}`, {
      role: 'viewer',
    })
    assert.equal(role.status, 200)
    const one = await openBrowser()
    const two = await openBrowser()
    // Bob's socket runs through the test, which can write on it as if the page did.
    let toServer: ((message: Buffer) => void) | null = null
    let answers = 0
    await two.page.routeWebSocket(/\/sync/, (page) => {
      const server = page.connectToServer()
      toServer = (message) => server.send(message)
      page.onMessage((message) => server.send(message))
      server.onMessage((message) => {
        const bytes = typeof message === 'string' ? Buffer.from(message) : message
        if (bytes[0] === 0 && bytes[1] === 1) answers += 1
        page.send(message)
      })
    })
    await logIn(one.page, gillian)
    await logIn(two.page, bob)
    await one.page.goto(boardPath(board))
    await two.page.goto(boardPath(board))
    await two.page.getByText('You can view this board (viewer).').waitFor()
    await status(two.page).getByText('Live').waitFor()

    // A well-formed card made on a replica of its own (an editor's socket would be allowed to
    // send it), sent as a sync update, then a sync step 1 whose answer (step 2) comes after
    // the server has dealt with the update.
    const forged = new Y.Doc()
    createCard(forged, { title: 'Forged' }, { userId: bob.id })
    const update = encoding.createEncoder()
    encoding.writeVarUint(update, 0)
    syncProtocol.writeUpdate(update, Y.encodeStateAsUpdate(forged))
    const ask = encoding.createEncoder()
    encoding.writeVarUint(ask, 0)
    syncProtocol.writeSyncStep1(ask, new Y.Doc())
    const before = answers
    const send = toServer as ((message: Buffer) => void) | null
    send!(Buffer.from(encoding.toUint8Array(update)))
    send!(Buffer.from(encoding.toUint8Array(ask)))
    await eventually(async () => answers > before)

    const { body } = await gillian.client.get(`/api/v1/boards/${board.id}/cards`)
    assert.deepEqual(
      body.data.map((entry: { title: string }) => entry.title),
      ['Read me']
    )
    const shown = await agreed([one.page, two.page], gillian.client, board.id)
    assert.deepEqual(Object.values(shown).flat(), ['Read me'])
    assert.deepEqual(one.problems, [])
  })
})
