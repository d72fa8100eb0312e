import limiter from '@adonisjs/limiter/services/main'
import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import {
  accessibilityProblems,
  logIn,
  messageLog as log,
  openBrowser,
  openChannel,
  screenshots,
  twoInAChannel,
  watchProblems,
} from '#tests/helpers/browser'
import {
  clickShown,
  recordNotifications,
  shownIn,
  waitForShown,
} from '#tests/helpers/notifications'

/** Alice and Bob in the Ops team's Dev channel (and its Town Square), with a direct message. */
async function seed() {
  const cast = await twoInAChannel(['Alice', 'Bob'], 'Ops', { name: 'dev', displayName: 'Dev' })
  const { first: alice, second: bob, team } = cast
  const { body: direct } = await alice.client.post(`/api/v1/teams/${team.id}/channels`, {
    type: 'direct',
    userIds: [bob.id],
  })
  return { ...cast, alice, bob, direct }
}

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Channels' })

/** Posts in Town Square and waits until the page shows it live: its streams are up. */
async function live(page: Page, poster: { client: any }, townSquareId: string, text: string) {
  await poster.client.post(`/api/v1/channels/${townSquareId}/posts`, { message: text })
  await log(page).getByText(text).waitFor()
}

test.group('Notifications', (group) => {
  group.each.setup(() => limiter.clear())

  test('a mention raises one browser notification across two tabs, none for the channel on screen, and a click opens the post', async ({
    assert,
  }) => {
    const { alice, bob, team, channel, townSquare } = await seed()
    const { context, page, problems } = await openBrowser()
    await recordNotifications(context)
    await logIn(page, bob)
    await openChannel(page, team.id, townSquare.id)
    const second = await context.newPage()
    watchProblems(second, problems)
    await openChannel(second, team.id, townSquare.id)
    await live(page, alice, townSquare.id, 'Morning all')
    await log(second).getByText('Morning all').waitFor()

    // In the channel Bob looks at: no notification, the message is on screen.
    await alice.client.post(`/api/v1/channels/${townSquare.id}/posts`, {
      message: `@${bob.username} you see this one already`,
    })
    await log(page).getByText('you see this one already').waitFor()

    // In another channel: one notification for the browser, from one of its tabs.
    const { body: post } = await alice.client.post(`/api/v1/channels/${channel.id}/posts`, {
      message: `@${bob.username} can you **review** the [deploy](https://example.com) plan?`,
    })
    await sidebar(page).getByRole('link', { name: 'Dev 1 mention' }).waitFor()
    const { body: later } = await alice.client.post(`/api/v1/channels/${channel.id}/posts`, {
      message: `@${bob.username} and the rollback too`,
    })
    await sidebar(page).getByRole('link', { name: 'Dev 2 mentions' }).waitFor()
    const shown = await waitForShown([page, second], 2)
    assert.deepEqual(shown, [
      {
        title: 'Alice in Dev',
        body: `@${bob.username} can you review the deploy plan?`,
        tag: post.id,
      },
      { title: 'Alice in Dev', body: `@${bob.username} and the rollback too`, tag: later.id },
    ])
    const inFirst = await shownIn(page)
    const holder = inFirst.length > 0 ? page : second
    assert.lengthOf(await shownIn(holder === page ? second : page), 0)

    await clickShown(holder, 0)
    await holder.waitForURL(`**/teams/${team.id}/channels/${channel.id}?post=${post.id}`)
    await log(holder).getByText('can you review the').waitFor()
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('a reply in a thread one follows notifies, and its click opens the thread', async ({
    assert,
  }) => {
    const { alice, bob, team, channel, townSquare } = await seed()
    const { body: root } = await bob.client.post(`/api/v1/channels/${channel.id}/posts`, {
      message: 'Which release goes out today?',
    })
    const { context, page, problems } = await openBrowser()
    await recordNotifications(context)
    await logIn(page, bob)
    await openChannel(page, team.id, townSquare.id)
    await live(page, alice, townSquare.id, 'Coffee is ready')

    const { body: reply } = await alice.client.post(`/api/v1/channels/${channel.id}/posts`, {
      message: 'Version 2.4, after lunch',
      rootId: root.id,
    })
    const shown = await waitForShown([page], 1)
    assert.deepEqual(shown, [
      { title: 'Alice replied in Dev', body: 'Version 2.4, after lunch', tag: reply.id },
    ])
    await clickShown(page, 0)
    await page.waitForURL(
      `**/teams/${team.id}/channels/${channel.id}?post=${reply.id}&thread=${root.id}`
    )
    const thread = page.getByRole('complementary', { name: 'Thread' })
    await thread.getByText('Version 2.4, after lunch').waitFor()
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('the Mentions view lists a mention live, and its entry jumps to the post', async ({
    assert,
  }) => {
    const { alice, bob, team, channel, townSquare } = await seed()
    await alice.client.post(`/api/v1/channels/${channel.id}/posts`, {
      message: `@${bob.username} an older question`,
    })
    const { context, page, problems } = await openBrowser()
    await logIn(page, bob)
    await openChannel(page, team.id, townSquare.id)
    await sidebar(page).getByRole('link', { name: 'Mentions' }).click()
    await page.waitForURL(`**/teams/${team.id}/mentions`)
    const list = page.getByRole('list', { name: 'Mentions and replies' })
    await list.getByText('an older question').waitFor()

    const { body: post } = await alice.client.post(`/api/v1/channels/${channel.id}/posts`, {
      message: `@${bob.username} a new one, live`,
    })
    await list.getByText('a new one, live').waitFor()
    const texts = await list.getByRole('link').allTextContents()
    assert.lengthOf(texts, 2)
    assert.include(texts[0], 'a new one, live')
    assert.include(texts[0], 'Mentioned you')
    assert.include(texts[1], 'an older question')

    await screenshots(page, 'mentions-panel')
    assert.deepEqual(await accessibilityProblems(page), [])
    await list.getByRole('link').first().click()
    await page.waitForURL(`**/teams/${team.id}/channels/${channel.id}?post=${post.id}`)
    await log(page).getByText('a new one, live').waitFor()
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('do-not-disturb set from the avatar menu silences notifications and shows to the other person', async ({
    assert,
  }) => {
    const { alice, bob, team, channel, townSquare } = await seed()
    const bobs = await openBrowser()
    await recordNotifications(bobs.context)
    await logIn(bobs.page, bob)
    await openChannel(bobs.page, team.id, townSquare.id)
    const alices = await openBrowser()
    await logIn(alices.page, alice)
    await openChannel(alices.page, team.id, townSquare.id)
    await live(bobs.page, alice, townSquare.id, 'Standup in five')
    const bobLink = (status: string) =>
      sidebar(alices.page).getByRole('link', { name: `Bob ${status}`, exact: true })
    await bobLink('online').waitFor()

    const menu = bobs.page.getByRole('button', { name: /@bob/ })
    await menu.click()
    const dnd = bobs.page.getByRole('group', { name: 'Do not disturb' })
    await dnd.getByRole('button', { name: '1 hour' }).waitFor()
    await screenshots(bobs.page, 'dnd-menu')
    await dnd.getByRole('button', { name: '1 hour' }).click()
    await bobLink('do not disturb').waitFor()
    assert.include(await menu.textContent(), 'do not disturb')

    await alice.client.post(`/api/v1/channels/${channel.id}/posts`, {
      message: `@${bob.username} while you rest`,
    })
    await sidebar(bobs.page).getByRole('link', { name: 'Dev 1 mention' }).waitFor()

    // Off again from the menu; the next mention notifies, and it is the only one.
    await menu.click()
    await dnd.getByText(/Notifications paused until/).waitFor()
    await dnd.getByRole('button', { name: 'Turn off' }).click()
    await bobLink('online').waitFor()
    await alice.client.post(`/api/v1/channels/${channel.id}/posts`, {
      message: `@${bob.username} back to work`,
    })
    const shown = await waitForShown([bobs.page], 1)
    assert.deepEqual(
      shown.map((entry) => entry.body),
      [`@${bob.username} back to work`]
    )
    assert.deepEqual([...bobs.problems, ...alices.problems], [])
    await bobs.context.close()
    await alices.context.close()
  })

  test('the prompt bar asks for permission only after the first message, and goes once answered', async ({
    assert,
  }) => {
    const { bob, team, channel } = await seed()
    const { context, page, problems } = await openBrowser()
    await logIn(page, bob)
    await openChannel(page, team.id, channel.id)
    const bar = page.getByRole('region', { name: 'Desktop notifications' })
    assert.equal(await bar.count(), 0)

    const composer = page.getByRole('textbox', { name: /^Message / })
    await composer.fill('First words here')
    await composer.press('Enter')
    await bar.waitFor()
    await bar.getByRole('button', { name: 'Not now' }).click()
    await bar.waitFor({ state: 'detached' })
    await page.reload()
    await log(page).getByText('First words here').waitFor()
    await composer.fill('Second words')
    await composer.press('Enter')
    await log(page).getByText('Second words').waitFor()
    assert.equal(await bar.count(), 0)
    assert.deepEqual(problems, [])
    await context.close()
  })
})
