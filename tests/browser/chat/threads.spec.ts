import limiter from '@adonisjs/limiter/services/main'
import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import {
  accessibilityProblems,
  logIn,
  openBrowser,
  screenshots,
  twoInAChannel,
  messageLog as log,
} from '#tests/helpers/browser'

/** Gillian and Bob in a team's Design channel, and a message of Gillian's to reply to. */
async function seed() {
  const cast = await twoInAChannel(['Gillian', 'Bob'], 'Print Shop', {
    name: 'design',
    displayName: 'Design',
  })
  const { first: gillian, second: bob, team, channel: design } = cast
  const { body: root } = await gillian.client.post(`/api/v1/channels/${design.id}/posts`, {
    message: 'Which paper for the posters?',
  })
  return { gillian, bob, team, design, root }
}

const panel = (page: Page) => page.getByRole('complementary', { name: 'Thread' })
const replies = (page: Page) => panel(page).getByRole('log', { name: 'Replies' })
const replyBox = (page: Page) => panel(page).getByRole('textbox', { name: 'Reply…' })

test.group('Threads', (group) => {
  group.each.setup(() => limiter.clear())

  test('a reply written in the thread panel reaches the other person live, in their panel and under the root', async ({
    assert,
  }) => {
    const { gillian, bob, team, design, root } = await seed()
    const one = await openBrowser()
    const two = await openBrowser()
    await logIn(one.page, gillian)
    await logIn(two.page, bob)
    const address = `/teams/${team.id}/channels/${design.id}`
    await one.page.goto(address)
    await two.page.goto(address)

    // Bob opens the thread from the message's actions; the reply box takes focus.
    const message = log(two.page).getByRole('article').filter({ hasText: 'Which paper' })
    await message.hover()
    await message.getByRole('button', { name: 'Reply in thread' }).click()
    await two.page.waitForURL(`**${address}?thread=${root.id}`)
    await replies(two.page).getByText('Which paper for the posters?').waitFor()
    const focused = await two.page.evaluate('document.activeElement?.getAttribute("aria-label")')
    assert.equal(focused, 'Reply…')
    await replyBox(two.page).fill('The heavy matte one')
    await replyBox(two.page).press('Enter')
    await replies(two.page).getByText('The heavy matte one').waitFor()

    // Gillian sees the count under her message, live, and opens the thread from it.
    const count = log(one.page).getByRole('button', { name: '1 reply' })
    await count.waitFor()
    await count.click()
    await replies(one.page).getByText('The heavy matte one').waitFor()
    await replyBox(one.page).fill('Ordering it today')
    await replyBox(one.page).press('Enter')
    await replies(two.page).getByText('Ordering it today').waitFor()
    await panel(two.page).getByText('2 replies').waitFor()
    // Replies stay out of the channel's own list.
    assert.equal(await log(two.page).getByText('Ordering it today').count(), 0)
    await log(two.page).getByRole('button', { name: '2 replies' }).waitFor()

    // Bob follows the thread by replying; the panel says so and can stop it.
    const follow = panel(two.page).getByRole('button', { name: 'Following' })
    assert.equal(await follow.getAttribute('aria-pressed'), 'true')
    await screenshots(two.page, 'thread-panel')
    assert.deepEqual(await accessibilityProblems(two.page), [])

    // The thread is in the address: a reload opens it again, in order.
    await two.page.reload()
    await replies(two.page).getByText('Ordering it today').waitFor()
    const texts = await replies(two.page).locator('.message__text').allTextContents()
    assert.deepEqual(
      texts.map((text) => text.trim()),
      ['Which paper for the posters?', 'The heavy matte one', 'Ordering it today']
    )

    // Escape closes it, and the address forgets it.
    await replyBox(two.page).press('Escape')
    await panel(two.page).waitFor({ state: 'detached' })
    assert.notInclude(two.page.url(), 'thread=')

    const { body } = await gillian.client.get(`/api/v1/posts/${root.id}/thread`)
    assert.deepEqual(
      body.data.map((reply: { message: string }) => reply.message),
      ['The heavy matte one', 'Ordering it today']
    )
    assert.deepEqual([...one.problems, ...two.problems], [])
    await one.context.close()
    await two.context.close()
  })

  test('a thread one cannot see says so in the panel, and the channel still works', async ({
    assert,
  }) => {
    const { gillian, bob, team, design } = await seed()
    const { body: hidden } = await gillian.client.post(`/api/v1/teams/${team.id}/channels`, {
      type: 'private',
      name: 'hidden',
      displayName: 'Hidden',
    })
    const { body: secret } = await gillian.client.post(`/api/v1/channels/${hidden.id}/posts`, {
      message: 'not for Bob',
    })
    const { page, problems, context } = await openBrowser()
    await logIn(page, bob)
    await page.goto(`/teams/${team.id}/channels/${design.id}?thread=${secret.id}`)
    await panel(page).getByText('This thread is not available.').waitFor()
    await log(page).getByText('Which paper for the posters?').waitFor()
    assert.equal(await page.getByText('not for Bob').count(), 0)
    await panel(page).getByRole('button', { name: 'Close thread' }).click()
    await panel(page).waitFor({ state: 'detached' })
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('the threads view lists followed threads with their unread replies and mentions, live, and marks them all read', async ({
    assert,
  }) => {
    const { gillian, bob, team, design, root } = await seed()
    // Bob replied, so he follows the thread; then Gillian answers him by name.
    await bob.client.post(`/api/v1/channels/${design.id}/posts`, {
      message: 'The heavy matte one',
      rootId: root.id,
    })
    const { page, problems, context } = await openBrowser()
    await logIn(page, bob)
    await page.goto(`/teams/${team.id}/channels/${design.id}`)
    const sidebar = page.getByRole('navigation', { name: 'Channels' })
    await sidebar.getByRole('link', { name: 'Threads', exact: true }).waitFor()
    await gillian.client.post(`/api/v1/channels/${design.id}/posts`, {
      message: `@${bob.username} ordering it today`,
      rootId: root.id,
    })
    await sidebar.getByRole('link', { name: 'Threads 1 mention' }).click()
    await page.waitForURL(`**/teams/${team.id}/threads`)
    const list = page.getByRole('list', { name: 'Followed threads' })
    const entry = list.getByRole('link', { name: /Which paper for the posters/ })
    await entry.getByText('1 new').waitFor()
    await entry.getByText('2 replies').waitFor()
    await screenshots(page, 'threads-view')
    assert.deepEqual(await accessibilityProblems(page), [])

    await page.getByRole('button', { name: 'Mark all read' }).click()
    await entry.getByText('1 new').waitFor({ state: 'detached' })
    await sidebar.getByRole('link', { name: 'Threads', exact: true }).waitFor()
    const { body } = await bob.client.get(`/api/v1/teams/${team.id}/threads`)
    assert.equal(body.data[0].unreadReplies, 0)
    assert.equal(body.data[0].mentions, 0)

    await entry.click()
    await page.waitForURL(`**/channels/${design.id}?thread=${root.id}`)
    await replies(page).getByText('ordering it today').waitFor()
    assert.deepEqual(problems, [])
    await context.close()
  })
})
