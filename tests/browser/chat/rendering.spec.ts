import limiter from '@adonisjs/limiter/services/main'
import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import {
  accessibilityProblems,
  logIn,
  openBrowser,
  person,
  screenshots,
  messageLog as log,
} from '#tests/helpers/browser'

type Someone = Awaited<ReturnType<typeof person>>

const CODE = [
  'Release check:',
  '',
  '```ts',
  'export function ship(version: string): boolean {',
  '  // "<img src=x onerror=alert(1)>" stays text',
  '  return version.length > 0',
  '}',
  '```',
].join('\n')

const TASKS = ['Before Friday:', '', '- [x] write the notes', '- [ ] tag **1.2**'].join('\n')

/** Gillian and Bob in the Field Office team's Launch channel, which has the OPS board. */
async function seed() {
  const gillian = await person('Gillian')
  const bob = await person('Bob')
  const { body: team } = await gillian.client.post('/api/v1/teams', { name: 'Field Office' })
  await bob.client.post('/api/v1/teams/join', { invite: team.inviteCode })
  const { body: launch } = await gillian.client.post(`/api/v1/teams/${team.id}/channels`, {
    type: 'public',
    name: 'launch',
    displayName: 'Launch',
  })
  await bob.client.post(`/api/v1/channels/${launch.id}/join`)
  const { body: board } = await gillian.client.post(`/api/v1/channels/${launch.id}/boards`, {
    title: 'Operations',
    key: 'OPS',
    template: 'project_tasks',
  })
  await gillian.client.patch(`/api/v1/boards/${board.id}`, { channelActivity: 'all' })
  return { gillian, bob, team, launch, board }
}

/** Use to make a card through the API and wait until its thread (and number) exists. */
async function makeCard(someone: Someone, boardId: string, fields: Record<string, unknown>) {
  const { body: card } = await someone.client.post(`/api/v1/boards/${boardId}/cards`, fields)
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    const { body } = await someone.client.get(`/api/v1/cards/${card.id}`)
    if (body.threadId) return body
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('the card never got its thread')
}

async function say(someone: Someone, channelId: string, message: string) {
  const { status } = await someone.client.post(`/api/v1/channels/${channelId}/posts`, { message })
  if (status !== 201) throw new Error(`posting failed: ${status}`)
}

const message = (page: Page, text: string) =>
  log(page).locator('article.message').filter({ hasText: text })

test.group('Rich messages', (group) => {
  group.each.setup(() => limiter.clear())

  test('code is highlighted, task lists are checkboxes, :tada: is 🎉, cards show as previews and OPS-1 links to its card', async ({
    assert,
  }) => {
    const { gillian, bob, team, launch, board } = await seed()
    const { body: document } = await gillian.client.get(`/api/v1/boards/${board.id}/document`)
    const fieldOf = (name: string) => document.fields.find((f: any) => f.name === name).id
    const status = document.fields.find((f: any) => f.name === 'Status')
    const optionOf = (label: string) => status.options.find((o: any) => o.label === label).id

    const card = await makeCard(gillian, board.id, {
      title: 'Write the release notes',
      description: 'For **1.2**',
      column: optionOf('To do'),
      values: { [fieldOf('Assignee')]: [bob.id], [fieldOf('Due date')]: '2026-12-10' },
    })
    await say(gillian, launch.id, TASKS)
    await say(bob, launch.id, ':tada:')

    const { page, context, problems } = await openBrowser()
    await logIn(page, gillian)
    await page.goto(`/teams/${team.id}/channels/${launch.id}`)
    await message(page, 'tag').waitFor()

    // The card's own post: a readable line and a preview linking to the card.
    const created = message(page, 'created OPS-1')
    await created.waitFor()
    const preview = created.getByRole('list', { name: 'Card previews' }).getByRole('listitem')
    await preview.getByText('Operations').waitFor()
    const cardPath = `/boards/${board.id}/cards/${card.id}`
    const title = preview.getByRole('link', { name: /OPS-1\s+Write the release notes/ })
    assert.equal(await title.getAttribute('href'), cardPath)
    assert.include(await preview.textContent(), 'Assigned to Bob')
    assert.include(await preview.textContent(), 'To do')

    // A task list: disabled checkboxes named by their text.
    const written = page.getByRole('checkbox', { name: 'write the notes' })
    assert.isTrue(await written.isChecked())
    assert.isTrue(await written.isDisabled())
    assert.isFalse(await page.getByRole('checkbox', { name: 'tag 1.2' }).isChecked())

    // :tada: alone: the glyph, large, with its shortcode as the title.
    const tada = log(page).locator('.emoji[title=":tada:"]')
    await tada.waitFor()
    assert.equal(await tada.textContent(), '🎉')
    assert.include(await tada.getAttribute('class'), 'emoji--large')

    // Live from here: a code block arrives and is highlighted (how long it takes is
    // bench/web_chat.ts's business, never a timed assertion here).
    await say(bob, launch.id, CODE)
    const code = message(page, 'Release check').locator('pre code')
    await code.locator('.hljs-keyword').first().waitFor()
    assert.includeMembers(
      await code.locator('span').evaluateAll((spans) => spans.map((span) => span.className)),
      ['hljs-keyword', 'hljs-title', 'hljs-comment']
    )
    assert.include(await code.textContent(), '"<img src=x onerror=alert(1)>" stays text')
    assert.equal(await message(page, 'Release check').locator('img').count(), 0)

    // The stream carries no previews: the app reads them for the rows on screen.
    await say(bob, launch.id, 'OPS-1 is ready for review, OPS-999 is not a card')
    await gillian.client.patch(`/api/v1/cards/${card.id}`, { column: optionOf('Done') })

    const ref = message(page, 'ready for review').getByRole('link', { name: 'OPS-1', exact: true })
    await ref.waitFor()
    assert.equal(await ref.getAttribute('href'), cardPath)
    assert.equal(await message(page, 'ready for review').getByRole('link').count(), 2)
    assert.include(await message(page, 'ready for review').textContent(), 'OPS-999 is not')

    // The activity post reads as a sentence, its reference linked to the card.
    const moved = message(page, 'moved OPS-1 to Done')
    await moved.waitFor()
    assert.equal(
      await moved.getByRole('link', { name: 'OPS-1', exact: true }).getAttribute('href'),
      cardPath
    )

    await ref.click()
    // The card's address opens the card as a page of its own, its title there.
    await page.waitForURL((url) => url.pathname.endsWith(`/boards/${board.id}/cards/${card.id}`))
    const cardTitle = page.getByRole('region', { name: 'Card' }).getByLabel('Card title')
    await cardTitle.waitFor()
    assert.equal(await cardTitle.inputValue(), 'Write the release notes')

    await page.goto(`/teams/${team.id}/channels/${launch.id}`)
    await message(page, 'ready for review')
      .getByRole('link', { name: 'OPS-1', exact: true })
      .waitFor()
    await code.locator('.hljs-keyword').first().waitFor()
    assert.deepEqual(await accessibilityProblems(page), [])
    await screenshots(page, 'rich-messages')
    assert.deepEqual(problems, [])
    await context.close()
  }).timeout(90_000)
})
