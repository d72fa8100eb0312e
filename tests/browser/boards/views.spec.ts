import limiter from '@adonisjs/limiter/services/main'
import { test } from '@japa/runner'
import type { Locator, Page } from 'playwright-core'
import {
  accessibilityProblems,
  logIn,
  openBrowser,
  screenshots,
  twoInAChannel,
} from '#tests/helpers/browser'
import { boardPath, boardWith } from '#tests/helpers/boards'
import { createCard } from '#boards/document/index'
import { documentStore } from '#boards/services/document_store'
import type { WebClient } from '#tests/helpers/web_client'
import { eventually } from '#tests/helpers/realtime'

type Board = { id: string; channelId: string; teamId: string }

/** Gillian (who made the channel, so a board admin) and Bob (an editor) in a Product channel. */
async function seed() {
  return twoInAChannel(['Gillian', 'Bob'], 'Workshop', { name: 'product', displayName: 'Product' })
}

const status = (page: Page) => page.locator('.board-page__status')
const grid = (page: Page) => page.getByRole('grid')

/** Opens a board's view by its tab, live. */
async function openView(page: Page, board: Board, view: string) {
  await page.goto(boardPath(board))
  await status(page).getByText('Live').waitFor()
  await page.getByRole('tab', { name: view }).click()
  await page.getByRole('tab', { name: view, selected: true }).waitFor()
}

/** The table's column names, in order. */
async function headers(page: Page) {
  const names = await grid(page).getByRole('columnheader').allTextContents()
  return names.map((name) => name.trim()).filter(Boolean)
}

/** The cell of a card's row (by its title) under a column (by its name). */
async function cell(page: Page, title: string, column: string): Promise<Locator> {
  const names = await headers(page)
  const index = names.indexOf(column)
  if (index < 0) throw new Error(`no column ${column} in ${names}`)
  return grid(page)
    .getByRole('row')
    .filter({ has: page.locator('.cell__title', { hasText: new RegExp(`^\\s*${title}\\s*$`) }) })
    .getByRole('gridcell')
    .nth(index)
}

/** The card titles of the table's rows, top to bottom. */
function rowTitles(page: Page) {
  return grid(page)
    .locator('.cell__title')
    .allTextContents()
    .then((all) => all.map((t) => t.trim()))
}

/** Waits until `read` gives `expected` (compared as JSON), and says what it saw if not. */
async function until<T>(read: () => Promise<T>, expected: T, timeoutMs = 10_000) {
  let seen: T | undefined
  try {
    await eventually(async () => {
      seen = await read()
      return JSON.stringify(seen) === JSON.stringify(expected)
    }, timeoutMs)
  } catch (error) {
    throw new Error(`expected ${JSON.stringify(expected)}, saw ${JSON.stringify(seen)}`, {
      cause: error,
    })
  }
}

/** The REST card list's value of a field (by name) on a card (by title). */
async function restValue(client: WebClient, boardId: string, title: string, fieldName: string) {
  const { body: doc } = await client.get(`/api/v1/boards/${boardId}/document`)
  const { body: cards } = await client.get(`/api/v1/boards/${boardId}/cards`)
  const field = doc.fields.find((entry: { name: string }) => entry.name === fieldName)
  const card = cards.data.find((entry: { title: string }) => entry.title === title)
  return card?.values[field.id] ?? null
}

/** Cards made through the API, with values by field name (select values by option label). */
async function cardsWith(
  client: WebClient,
  board: Board,
  cards: Array<[string, Record<string, string | number>]>
) {
  const { body: doc } = await client.get(`/api/v1/boards/${board.id}/document`)
  const fieldOf = (name: string) =>
    doc.fields.find((entry: { name: string }) => entry.name === name)
  for (const [title, named] of cards) {
    const values: Record<string, unknown> = {}
    for (const [name, value] of Object.entries(named)) {
      const field = fieldOf(name)
      const option = field.options?.find((entry: { label: string }) => entry.label === value)
      values[field.id] = option ? option.id : value
    }
    const made = await client.post(`/api/v1/boards/${board.id}/cards`, { title, values })
    if (made.status !== 201) throw new Error(`card not made: ${JSON.stringify(made.body)}`)
  }
}

/** The kanban's card titles, column after column. */
function kanbanTitles(page: Page) {
  return page
    .locator('.kanban .card__title')
    .allTextContents()
    .then((all) => all.map((title) => title.trim()))
}

/** The width a column's header has on screen, in whole pixels. */
async function widthOf(page: Page, column: string) {
  const box = await grid(page)
    .getByRole('columnheader', { name: new RegExp(`^${column}`) })
    .boundingBox()
  return Math.round(box?.width ?? 0)
}

/** Adds a property from the table's header. */
async function addProperty(page: Page, name: string, type: string) {
  await page.getByRole('button', { name: 'Add a property' }).click()
  const form = page.getByRole('form', { name: 'New property' })
  await form.getByLabel('Name').fill(name)
  await form.getByLabel('Type').selectOption({ label: type })
  await form.getByRole('button', { name: 'Add property' }).click()
  await grid(page)
    .getByRole('columnheader', { name: new RegExp(name) })
    .first()
    .waitFor()
}

test.group('Boards: views and the table', (group) => {
  group.each.setup(() => limiter.clear())

  test('a table view made in the tabs edits a cell of every type, live for the other person and in the REST card list', async ({
    assert,
  }) => {
    const { first: gillian, second: bob, channel } = await seed()
    const board = await boardWith(gillian.client, channel.id, { 'To do': ['Launch', 'Docs'] })
    const one = await openBrowser()
    const two = await openBrowser()
    await logIn(one.page, gillian)
    await logIn(two.page, bob)
    await openView(one.page, board, 'Board')

    // A new view from the tabs: its name and layout; it opens at once, by its address.
    await one.page.getByRole('button', { name: 'Add a view' }).click()
    const form = one.page.getByRole('form', { name: 'New view' })
    await form.getByLabel('Name').fill('Grid')
    await form.getByRole('radio', { name: 'Table' }).check()
    await form.getByRole('button', { name: 'Create view' }).click()
    await one.page.getByRole('tab', { name: 'Grid', selected: true }).waitFor()
    await grid(one.page).waitFor()
    assert.match(one.page.url(), /[?&]view=/)
    await openView(two.page, board, 'Grid')

    for (const [name, type] of [
      ['Notes', 'Text'],
      ['Points', 'Number'],
      ['Tags', 'Multi-select'],
      ['Shipped', 'Checkbox'],
      ['Link', 'URL'],
    ]) {
      await addProperty(one.page, name, type)
    }
    await until(() => headers(two.page), await headers(one.page))

    // Text: Enter opens the editor, Enter commits.
    const target1 = await cell(one.page, 'Launch', 'Notes')
    await target1.click()
    await one.page.keyboard.press('Enter')
    await one.page.keyboard.type('Ship it')
    await one.page.keyboard.press('Enter')
    // Number, by double click; a word is refused with a message and nothing is written.
    const target2 = await cell(one.page, 'Launch', 'Points')
    await target2.dblclick()
    await one.page.keyboard.type('five')
    await one.page.keyboard.press('Enter')
    await one.page.getByRole('alert').getByText('Enter a number').waitFor()
    await one.page.getByRole('textbox', { name: 'Points' }).fill('5')
    await one.page.keyboard.press('Enter')
    // Select: pick from the list.
    const target3 = await cell(one.page, 'Launch', 'Priority')
    await target3.dblclick()
    await one.page.getByRole('option', { name: 'High' }).click()
    // Multi-select: options made inline, then Done.
    const target4 = await cell(one.page, 'Launch', 'Tags')
    await target4.dblclick()
    await one.page.getByRole('combobox', { name: 'Search Tags' }).fill('web')
    await one.page.keyboard.press('Enter')
    await one.page.getByRole('combobox', { name: 'Search Tags' }).fill('api')
    await one.page.keyboard.press('Enter')
    await one.page.getByRole('option', { name: 'web' }).waitFor()
    await one.page.getByRole('button', { name: 'Done' }).click()
    // Person: the channel's members.
    const target5 = await cell(one.page, 'Launch', 'Assignee')
    await target5.dblclick()
    await one.page.getByRole('option', { name: 'Bob' }).click()
    await one.page.keyboard.press('Enter')
    // Date.
    const target6 = await cell(one.page, 'Launch', 'Due date')
    await target6.dblclick()
    await one.page.getByRole('textbox', { name: 'Due date' }).fill('2031-03-01')
    await one.page.keyboard.press('Enter')
    // Checkbox: Enter toggles it.
    const target7 = await cell(one.page, 'Launch', 'Shipped')
    await target7.click()
    await one.page.keyboard.press('Enter')
    // Url: a bad one is refused with the document's message.
    const target8 = await cell(one.page, 'Launch', 'Link')
    await target8.dblclick()
    await one.page.keyboard.type('not a link')
    await one.page.keyboard.press('Enter')
    await one.page.getByRole('alert').getByText('Must be an http or https URL').waitFor()
    await one.page.getByRole('textbox', { name: 'Link' }).fill('https://example.com/launch')
    await one.page.keyboard.press('Enter')
    // The title, inline.
    const target9 = await cell(one.page, 'Launch', 'Title')
    await target9.dblclick()
    await one.page.getByRole('textbox', { name: 'Title' }).fill('Launch day')
    await one.page.keyboard.press('Enter')

    const expected = {
      'Notes': 'Ship it',
      'Points': '5',
      'Priority': 'High',
      'Tags': 'webapi',
      'Assignee': 'BOBob',
      'Due date': new Intl.DateTimeFormat('en-US', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
      }).format(new Date(2031, 2, 1)),
      'Link': 'example.com/launch',
    }
    const shown = async (page: Page) => {
      const values: Record<string, string> = {}
      for (const name of Object.keys(expected)) {
        const target = await cell(page, 'Launch day', name)
        values[name] = ((await target.textContent()) ?? '').trim()
      }
      return values
    }
    await until(() => shown(one.page), expected)
    await until(() => shown(two.page), expected)
    const box = await cell(two.page, 'Launch day', 'Shipped')
    await box.getByRole('img', { name: 'Yes' }).waitFor()
    const linkCell = await cell(two.page, 'Launch day', 'Link')
    const link = linkCell.getByRole('link')
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer')

    // The server's card list (the SQL projection) agrees.
    await until(() => restValue(gillian.client, board.id, 'Launch day', 'Notes'), 'Ship it')
    assert.equal(await restValue(gillian.client, board.id, 'Launch day', 'Points'), 5)
    assert.equal(await restValue(gillian.client, board.id, 'Launch day', 'Shipped'), true)
    assert.equal(await restValue(gillian.client, board.id, 'Launch day', 'Due date'), '2031-03-01')
    assert.deepEqual(await restValue(gillian.client, board.id, 'Launch day', 'Assignee'), [bob.id])
    assert.lengthOf(await restValue(gillian.client, board.id, 'Launch day', 'Tags'), 2)
    assert.equal(
      await restValue(gillian.client, board.id, 'Launch day', 'Link'),
      'https://example.com/launch'
    )

    const target10 = await cell(one.page, 'Docs', 'Title')
    await target10.click()
    await screenshots(one.page, 'board-table')
    assert.deepEqual(await accessibilityProblems(one.page), [])
    assert.deepEqual(await accessibilityProblems(two.page), [])
    assert.deepEqual(one.problems, [])
    assert.deepEqual(two.problems, [])
    await one.context.close()
    await two.context.close()
  })

  test('a filter saved on a view is there for the other person after a reload, on the kanban and the table', async ({
    assert,
  }) => {
    const { first: gillian, second: bob, channel } = await seed()
    const board = await boardWith(gillian.client, channel.id, {})
    await cardsWith(gillian.client, board, [
      ['Alpha', { Priority: 'High', Status: 'To do' }],
      ['Beta', { Priority: 'Low', Status: 'To do' }],
      ['Gamma', { Status: 'Done' }],
    ])
    const one = await openBrowser()
    const two = await openBrowser()
    await logIn(one.page, gillian)
    await logIn(two.page, bob)
    await openView(one.page, board, 'Board')
    await openView(two.page, board, 'Board')
    // Columns in order, each in position order.
    await until(() => kanbanTitles(two.page), ['Alpha', 'Beta', 'Gamma'])
    await one.page.getByText('Sorted by position on the board').waitFor()

    await one.page.getByRole('button', { name: 'Filter' }).click()
    const filters = one.page.getByRole('dialog', { name: 'Filters' })
    await filters.getByRole('button', { name: 'Add a filter' }).click()
    await filters.getByLabel('Property').selectOption({ label: 'Priority' })
    await filters.getByLabel('Condition').selectOption({ label: 'is any of' })
    await filters.getByRole('button', { name: 'High' }).click()
    await filters.getByRole('button', { name: 'High', pressed: true }).waitFor()
    await until(() => kanbanTitles(one.page), ['Alpha'])
    await screenshots(one.page, 'board-view-filters')
    assert.deepEqual(await accessibilityProblems(one.page), [])
    await one.page.keyboard.press('Escape')

    await until(() => kanbanTitles(two.page), ['Alpha'])
    await two.page.reload()
    await status(two.page).getByText('Live').waitFor()
    await until(() => kanbanTitles(two.page), ['Alpha'])
    await two.page.getByRole('button', { name: /^Filter\s*1/ }).waitFor()

    // Filters belong to their view: the table shows every card until it has its own (unsorted,
    // in position order: Alpha and Gamma lead their columns, Beta is second in To do).
    await two.page.getByRole('tab', { name: 'Table' }).click()
    await until(() => rowTitles(two.page), ['Alpha', 'Gamma', 'Beta'])
    await two.page.getByRole('button', { name: 'Filter' }).click()
    const theirs = two.page.getByRole('dialog', { name: 'Filters' })
    await theirs.getByRole('button', { name: 'Add a filter' }).click()
    await theirs.getByLabel('Property').selectOption({ label: 'Status' })
    await theirs.getByLabel('Condition').selectOption({ label: 'is none of' })
    await theirs.getByRole('button', { name: 'Done' }).click()
    await until(() => rowTitles(two.page), ['Alpha', 'Beta'])
    await one.page.getByRole('tab', { name: 'Table' }).click()
    await until(() => rowTitles(one.page), ['Alpha', 'Beta'])
    assert.deepEqual(one.problems, [])
    assert.deepEqual(two.problems, [])
    await one.context.close()
    await two.context.close()
  })

  test('the table sorts by its headers, hides, reorders and resizes columns, and groups rows, for everyone', async ({
    assert,
  }) => {
    const { first: gillian, second: bob, channel } = await seed()
    const board = await boardWith(gillian.client, channel.id, {})
    await cardsWith(gillian.client, board, [
      ['Alpha', { Priority: 'Urgent', Status: 'Done' }],
      ['Beta', { Priority: 'Low', Status: 'To do' }],
      ['Gamma', { Priority: 'High', Status: 'To do' }],
    ])
    const one = await openBrowser()
    const two = await openBrowser()
    await logIn(one.page, gillian)
    await logIn(two.page, bob)
    await openView(one.page, board, 'Table')
    await openView(two.page, board, 'Table')
    await until(() => rowTitles(one.page), ['Alpha', 'Beta', 'Gamma'])

    // Sort: asc → desc → none, saved in the view.
    const priority = grid(one.page).getByRole('columnheader', { name: /^Priority/ })
    await priority.getByRole('button', { name: 'Priority', exact: true }).click()
    await until(() => rowTitles(one.page), ['Beta', 'Gamma', 'Alpha'])
    assert.equal(await priority.getAttribute('aria-sort'), 'ascending')
    await until(() => rowTitles(two.page), ['Beta', 'Gamma', 'Alpha'])
    await priority.getByRole('button', { name: 'Priority', exact: true }).click()
    await until(() => rowTitles(one.page), ['Alpha', 'Gamma', 'Beta'])
    assert.equal(await priority.getAttribute('aria-sort'), 'descending')
    await priority.getByRole('button', { name: 'Priority', exact: true }).click()
    await until(() => rowTitles(two.page), ['Alpha', 'Beta', 'Gamma'])
    assert.equal(await priority.getAttribute('aria-sort'), 'none')

    // Hide from the header's menu, show again from Properties.
    assert.deepEqual(await headers(one.page), [
      'Title',
      'Status',
      'Assignee',
      'Due date',
      'Priority',
    ])
    await one.page.getByRole('button', { name: 'Priority options' }).click()
    await one.page.getByRole('menuitem', { name: 'Hide in this view' }).click()
    await until(() => headers(two.page), ['Title', 'Status', 'Assignee', 'Due date'])
    await one.page.getByRole('button', { name: 'Properties' }).click()
    await one.page.getByRole('dialog', { name: 'Properties' }).getByLabel('Priority').check()
    await one.page.keyboard.press('Escape')
    await until(() => headers(two.page), ['Title', 'Status', 'Assignee', 'Due date', 'Priority'])

    // Reorder: by the menu (keyboard), then by dragging a header onto another.
    await one.page.getByRole('button', { name: 'Status options' }).focus()
    await one.page.keyboard.press('Enter')
    await one.page.getByRole('menuitem', { name: 'Move right' }).waitFor()
    await one.page.getByRole('menuitem', { name: 'Move right' }).press('Enter')
    await until(() => headers(two.page), ['Title', 'Assignee', 'Status', 'Due date', 'Priority'])
    await grid(one.page)
      .getByRole('columnheader', { name: /^Priority/ })
      .dragTo(grid(one.page).getByRole('columnheader', { name: /^Assignee/ }), {
        targetPosition: { x: 10, y: 10 },
      })
    await until(() => headers(two.page), ['Title', 'Priority', 'Assignee', 'Status', 'Due date'])

    // Resize: by keyboard on the header's edge, and by dragging it.
    const edge = one.page.getByRole('separator', { name: 'Resize Status' })
    await edge.focus()
    for (let i = 0; i < 3; i++) await one.page.keyboard.press('ArrowRight')
    await until(() => widthOf(two.page, 'Status'), 240)
    const dueEdge = one.page.getByRole('separator', { name: 'Resize Due date' })
    await dueEdge.scrollIntoViewIfNeeded()
    const box = await dueEdge.boundingBox()
    if (!box) throw new Error('the edge of Due date is not on screen')
    await one.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await one.page.mouse.down()
    await one.page.mouse.move(box.x + box.width / 2 - 60, box.y + box.height / 2, { steps: 4 })
    await one.page.mouse.up()
    await until(() => widthOf(one.page, 'Due date'), 120)
    await two.page.reload()
    await status(two.page).getByText('Live').waitFor()
    await until(() => widthOf(two.page, 'Status'), 240)
    await until(() => widthOf(two.page, 'Due date'), 120)

    // Group by a select field: a header row per option, rows under their group.
    await one.page.getByLabel('Group by').selectOption({ label: 'Group by Status' })
    const groups = (page: Page) =>
      grid(page)
        .getByRole('row')
        .evaluateAll((rows) =>
          rows
            .map(
              (row) => row.querySelector('.group__cell, .cell__title')?.textContent?.trim() ?? ''
            )
            .filter(Boolean)
        )
    const expected = ['No Status0', 'To do2', 'Beta', 'Gamma', 'In progress0', 'Done1', 'Alpha']
    await until(() => groups(one.page), expected)
    await until(() => groups(two.page), expected)
    await screenshots(one.page, 'board-table-grouped')
    assert.deepEqual(await accessibilityProblems(one.page), [])
    assert.deepEqual(one.problems, [])
    assert.deepEqual(two.problems, [])
    await one.context.close()
    await two.context.close()
  })

  test('views are made, renamed, duplicated and deleted from the tabs by keyboard, and a new row adds a card', async ({
    assert,
  }) => {
    const { first: gillian, second: bob, channel } = await seed()
    const board = await boardWith(gillian.client, channel.id, { 'To do': ['Alpha'] })
    const one = await openBrowser()
    const two = await openBrowser()
    await logIn(one.page, gillian)
    await logIn(two.page, bob)
    await openView(one.page, board, 'Board')
    await openView(two.page, board, 'Board')
    const tabNames = (page: Page) =>
      page
        .getByRole('tablist', { name: 'Views' })
        .getByRole('tab')
        .allTextContents()
        .then((all) => all.map((name) => name.trim()))

    // Arrow keys move between the tabs and show each view.
    await one.page.getByRole('tab', { name: 'Board' }).focus()
    await one.page.keyboard.press('ArrowRight')
    await one.page.getByRole('tab', { name: 'Table', selected: true }).waitFor()
    await grid(one.page).waitFor()
    assert.equal(
      await one.page.locator(':focus').getAttribute('data-view-id'),
      await one.page.getByRole('tab', { name: 'Table' }).getAttribute('data-view-id')
    )

    // The shown view's menu, by keyboard: rename, duplicate, delete (confirmed).
    await one.page.getByRole('button', { name: 'View options for Table' }).focus()
    await one.page.keyboard.press('ArrowDown')
    await one.page.getByRole('menuitem', { name: 'Rename view' }).waitFor()
    await screenshots(one.page, 'board-view-tabs-menu')
    assert.deepEqual(await accessibilityProblems(one.page), [])
    await one.page.keyboard.press('Enter')
    const rename = one.page.getByRole('form', { name: 'Rename view' })
    await rename.getByLabel('Name').fill('Everything')
    await one.page.keyboard.press('Enter')
    await until(() => tabNames(two.page), ['Board', 'Everything', 'Calendar'])

    await one.page.getByRole('button', { name: 'View options for Everything' }).focus()
    await one.page.keyboard.press('ArrowDown')
    await one.page.keyboard.press('ArrowDown')
    await one.page.keyboard.press('Enter')
    await one.page.getByRole('tab', { name: 'Everything copy', selected: true }).waitFor()
    await until(() => tabNames(two.page), ['Board', 'Everything', 'Calendar', 'Everything copy'])

    await one.page.getByRole('button', { name: 'View options for Everything copy' }).focus()
    await one.page.keyboard.press('ArrowUp')
    await one.page.keyboard.press('Enter')
    const confirm = one.page.getByRole('dialog', { name: 'Delete this view?' })
    await confirm.getByRole('button', { name: 'Delete view' }).click()
    await until(() => tabNames(two.page), ['Board', 'Everything', 'Calendar'])
    await one.page.getByRole('tab', { name: 'Board', selected: true }).waitFor()

    // A new row: a title typed inline becomes a card, everywhere.
    await one.page.getByRole('tab', { name: 'Everything' }).click()
    await one.page.getByRole('button', { name: 'New', exact: true }).click()
    await one.page.getByRole('textbox', { name: 'New card title' }).fill('Fresh idea')
    await one.page.keyboard.press('Enter')
    await until(() => rowTitles(one.page), ['Alpha', 'Fresh idea'])
    await two.page.getByRole('tab', { name: 'Everything' }).click()
    await until(() => rowTitles(two.page), ['Alpha', 'Fresh idea'])
    await until(async () => {
      const { body } = await gillian.client.get(`/api/v1/boards/${board.id}/cards`)
      return body.data.map((card: { title: string }) => card.title).sort()
    }, ['Alpha', 'Fresh idea'])
    assert.deepEqual(one.problems, [])
    assert.deepEqual(two.problems, [])
    await one.context.close()
    await two.context.close()
  })

  test('a viewer sees the table and its views with no editing control', async ({ assert }) => {
    const { first: gillian, second: bob, channel } = await seed()
    const board = await boardWith(gillian.client, channel.id, { 'To do': ['Alpha', 'Beta'] })
    const role = await gillian.client.put(`/api/v1/boards/${board.id}/members/${bob.id}`, {
      role: 'viewer',
    })
    assert.equal(role.status, 200)
    const two = await openBrowser()
    await logIn(two.page, bob)
    await openView(two.page, board, 'Table')
    await two.page.getByText('You can view this board (viewer).').waitFor()
    await until(() => rowTitles(two.page), ['Alpha', 'Beta'])

    const page = two.page
    // Only the buttons that open a card are in the grid.
    const buttons = grid(page).getByRole('button')
    assert.equal(
      await buttons.count(),
      await grid(page)
        .getByRole('button', { name: /^Open / })
        .count()
    )
    assert.equal(await grid(page).getByRole('separator').count(), 0)
    assert.equal(await page.getByRole('button', { name: 'New', exact: true }).count(), 0)
    assert.equal(await page.getByRole('button', { name: 'Add a view' }).count(), 0)
    assert.equal(await page.getByRole('button', { name: /^View options/ }).count(), 0)
    assert.equal(await page.getByRole('toolbar').getByRole('button').count(), 0)
    assert.equal(await page.getByRole('toolbar').getByRole('combobox').count(), 0)
    // Keys move focus but open no editor.
    const target = await cell(page, 'Alpha', 'Status')
    await target.click()
    await page.keyboard.press('Enter')
    await target.dblclick()
    await page.keyboard.press('ArrowDown')
    assert.equal(await grid(page).getByRole('textbox').count(), 0)
    assert.equal(await grid(page).getByRole('combobox').count(), 0)
    assert.equal(await page.locator(':focus').getAttribute('role'), 'gridcell')
    assert.deepEqual(await accessibilityProblems(page), [])
    assert.deepEqual(two.problems, [])
    await two.context.close()
  })

  test('a table of 2,000 cards keeps its rows in the DOM bounded, scrolled to the end', async ({
    assert,
  }) => {
    const { first: gillian, channel } = await seed()
    const board = await boardWith(gillian.client, channel.id, {})
    // Written through the server's document service: 2,000 cards in one transaction.
    await documentStore.transact(board.id, (doc) => {
      for (let i = 1; i <= 2000; i++) {
        createCard(doc, { title: `Card ${String(i).padStart(4, '0')}` }, { userId: gillian.id })
      }
    })
    const one = await openBrowser()
    await logIn(one.page, gillian)
    await openView(one.page, board, 'Table')
    await grid(one.page).getByText('Card 0001').waitFor()
    assert.equal(await grid(one.page).getAttribute('aria-rowcount'), '2001')
    const rows = () => grid(one.page).getByRole('row').count()
    assert.isBelow(await rows(), 100)

    await one.page.locator('.table__scroller').evaluate((scroller) => {
      scroller.scrollTop = scroller.scrollHeight
    })
    await grid(one.page).getByText('Card 2000').waitFor()
    assert.isBelow(await rows(), 100)
    assert.equal(await grid(one.page).getByText('Card 0001').count(), 0)

    // By keyboard too: Page Down walks the rows and focus stays on screen.
    const target = await cell(one.page, 'Card 2000', 'Title')
    await target.click()
    await one.page.keyboard.press('PageUp')
    await one.page.keyboard.press('ArrowUp')
    assert.match((await one.page.locator(':focus').textContent()) ?? '', /^\s*Card 1989/)
    assert.isBelow(await rows(), 100)
    assert.deepEqual(one.problems, [])
    await one.context.close()
  })

  test('a board view grouped by another select field moves cards between its options; a property is renamed and deleted from its header', async ({
    assert,
  }) => {
    const { first: gillian, second: bob, channel } = await seed()
    const board = await boardWith(gillian.client, channel.id, { 'To do': ['Alpha', 'Beta'] })
    const one = await openBrowser()
    const two = await openBrowser()
    await logIn(one.page, gillian)
    await logIn(two.page, bob)
    await openView(one.page, board, 'Board')
    await openView(two.page, board, 'Board')
    const columnNames = (page: Page) =>
      page
        .locator('.kanban .column h3')
        .allTextContents()
        .then((all) => all.map((name) => name.trim()))

    await one.page.getByLabel('Group by').selectOption({ label: 'Group by Priority' })
    const priorities = ['No Priority', 'Low', 'Medium', 'High', 'Urgent']
    await until(() => columnNames(one.page), priorities)
    await until(() => columnNames(two.page), priorities)
    await one.page
      .locator('.kanban')
      .getByRole('article', { name: /^Alpha/ })
      .dragTo(one.page.getByRole('region', { name: 'High' }).getByRole('list'), {
        targetPosition: { x: 40, y: 8 },
      })
    const high = (page: Page) =>
      page
        .getByRole('region', { name: 'High' })
        .locator('.card__title')
        .allTextContents()
        .then((all) => all.map((title) => title.trim()))
    await until(() => high(two.page), ['Alpha'])
    const { body: doc } = await gillian.client.get(`/api/v1/boards/${board.id}/document`)
    const option = (field: string, label: string) =>
      doc.fields
        .find((entry: { name: string }) => entry.name === field)
        .options.find((entry: { label: string }) => entry.label === label).id
    await until(
      () => restValue(gillian.client, board.id, 'Alpha', 'Priority'),
      option('Priority', 'High')
    )
    // The board's own columns are untouched.
    assert.equal(
      await restValue(gillian.client, board.id, 'Alpha', 'Status'),
      option('Status', 'To do')
    )

    // Rename and delete properties from a table header's menu.
    await one.page.getByRole('tab', { name: 'Table' }).click()
    await two.page.getByRole('tab', { name: 'Table' }).click()
    await one.page.getByRole('button', { name: 'Priority options' }).click()
    await one.page.getByRole('menuitem', { name: 'Rename property' }).click()
    await one.page.getByRole('textbox', { name: 'Rename Priority' }).fill('Importance')
    await one.page.keyboard.press('Enter')
    await until(() => headers(two.page), ['Title', 'Status', 'Assignee', 'Due date', 'Importance'])
    await one.page.getByRole('button', { name: 'Due date options' }).click()
    await one.page.getByRole('menuitem', { name: 'Delete property' }).click()
    const confirm = one.page.getByRole('dialog', { name: 'Delete this property?' })
    await confirm.getByRole('button', { name: 'Delete property' }).click()
    await until(() => headers(two.page), ['Title', 'Status', 'Assignee', 'Importance'])
    const { body: after } = await gillian.client.get(`/api/v1/boards/${board.id}/document`)
    assert.deepEqual(
      after.fields.map((field: { name: string }) => field.name),
      ['Status', 'Assignee', 'Importance']
    )
    assert.deepEqual(one.problems, [])
    assert.deepEqual(two.problems, [])
    await one.context.close()
    await two.context.close()
  })
})
