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
  messageRow as message,
  composerBox as composer,
} from '#tests/helpers/browser'

const popup = (page: Page) => page.getByRole('listbox')
const option = (page: Page, name: string | RegExp) => popup(page).getByRole('option', { name })
/** The rows' accessible names, in order (avatars are hidden from assistive technology). */
async function optionNames(page: Page) {
  const snapshot = await popup(page).ariaSnapshot()
  return [...snapshot.matchAll(/- option "([^"]*)"/g)].map((match) => match[1])
}

/** Alice and Bob in a team's "Planning" channel, each in a browser of their own, signed in. */
async function aliceAndBob() {
  const seeded = await twoInAChannel(['Alice', 'Bob'], 'Orchard', {
    name: 'planning',
    displayName: 'Planning',
  })
  const one = await openBrowser()
  const two = await openBrowser()
  await logIn(one.page, seeded.first)
  await logIn(two.page, seeded.second)
  const address = (channel: { id: string }) => `/teams/${seeded.team.id}/channels/${channel.id}`
  return { ...seeded, one, two, address }
}

test.group('Composer', (group) => {
  group.each.setup(() => limiter.clear())

  test('@ suggests people; the one picked by keyboard is mentioned and gets a mention badge', async ({
    assert,
  }) => {
    const {
      first: alice,
      second: bob,
      channel,
      townSquare,
      one,
      two,
      address,
    } = await aliceAndBob()
    await one.page.goto(address(channel))
    await two.page.goto(address(townSquare))

    // Before a letter: the team's people, then the special mentions; ↓ moves, ↑ wraps.
    const field = composer(one.page)
    await field.pressSequentially('Thanks @')
    const bobRow = option(one.page, new RegExp(`Bob.*@${bob.username}`))
    await bobRow.waitFor()
    assert.deepEqual(await optionNames(one.page), [
      `Alice @${alice.username}`,
      `Bob @${bob.username}`,
      '@here Notifies everyone online in this channel',
      '@channel Notifies everyone in this channel',
      '@all Notifies everyone in this channel',
    ])
    await field.press('ArrowDown')
    assert.equal(await bobRow.getAttribute('aria-selected'), 'true')
    await field.press('ArrowUp')
    await field.press('ArrowUp')
    assert.equal(await option(one.page, /^@all/).getAttribute('aria-selected'), 'true')
    await field.press('ArrowDown')
    await field.press('ArrowDown')

    // Letters ask the server; Enter inserts the highlighted person and sends nothing.
    await field.pressSequentially(bob.username.slice(0, 2))
    await popup(one.page).getByRole('option').first().filter({ hasText: 'Bob' }).waitFor()
    assert.equal(await popup(one.page).getByRole('option').count(), 1)
    assert.equal(await bobRow.getAttribute('aria-selected'), 'true')
    assert.equal(await field.getAttribute('aria-autocomplete'), 'list')
    assert.equal(
      await field.getAttribute('aria-controls'),
      await popup(one.page).getAttribute('id')
    )
    assert.equal(await field.getAttribute('aria-activedescendant'), await bobRow.getAttribute('id'))
    await screenshots(one.page, 'composer-people')
    assert.deepEqual(await accessibilityProblems(one.page), [])
    await field.press('Enter')
    await popup(one.page).waitFor({ state: 'detached' })
    assert.equal(await field.inputValue(), `Thanks @${bob.username} `)
    assert.equal(await log(one.page).getByRole('article').count(), 0)

    await field.pressSequentially('for the plan')
    await field.press('Enter')
    await message(one.page, 'for the plan').getByText(`@${bob.username}`).waitFor()
    await two.page.getByRole('link', { name: /Planning.*1 mention/ }).waitFor()

    assert.deepEqual([...one.problems, ...two.problems], [])
    await one.context.close()
    await two.context.close()
  })

  test('~ inserts a channel and :emoji: a shortcode, by Tab and by click; Escape closes the list', async ({
    assert,
  }) => {
    const { first: alice, channel, one, two, address } = await aliceAndBob()
    await two.context.close()
    await one.page.goto(address(channel))

    const field = composer(one.page)
    await field.pressSequentially('See ~pla')
    await option(one.page, /Planning.*~planning/).waitFor()
    await field.press('Tab')
    assert.equal(await field.inputValue(), 'See ~planning ')

    await field.pressSequentially('now :tad')
    const tada = option(one.page, /:tada:/)
    await tada.waitFor()
    assert.include(await tada.textContent(), '🎉')
    await screenshots(one.page, 'composer-emoji')
    await tada.click()
    assert.equal(await field.inputValue(), 'See ~planning now :tada: ')

    await field.pressSequentially('@')
    await popup(one.page).waitFor()
    await field.press('Escape')
    await popup(one.page).waitFor({ state: 'detached' })
    assert.equal(await field.inputValue(), 'See ~planning now :tada: @')

    await field.press('Backspace')
    await field.press('Enter')
    await message(one.page, 'See').getByRole('link', { name: '~planning' }).waitFor()
    const { body: page } = await alice.client.get(`/api/v1/channels/${channel.id}/posts`)
    assert.equal(page.data[0].message, 'See ~planning now :tada:')

    assert.deepEqual(one.problems, [])
    await one.context.close()
  })

  test('/ lists the commands; one that runs answers its sender only and posts nothing', async ({
    assert,
  }) => {
    const { channel, one, two, address } = await aliceAndBob()
    await one.page.goto(address(channel))
    await two.page.goto(address(channel))

    const field = composer(one.page)
    await field.pressSequentially('/')
    await option(one.page, /\/card new <title>/).waitFor()
    await option(one.page, /\/board list/).waitFor()
    await screenshots(one.page, 'composer-commands')
    assert.deepEqual(await accessibilityProblems(one.page), [])

    await field.pressSequentially('boa')
    assert.equal(await popup(one.page).getByRole('option').count(), 1)
    await field.press('Enter')
    assert.equal(await field.inputValue(), '/board list ')
    await field.press('Enter')
    const notice = one.page.getByRole('status').filter({ hasText: 'Only visible to you' })
    await notice.getByText('This channel has no boards yet.').waitFor()
    assert.equal(await field.inputValue(), '')
    await screenshots(one.page, 'composer-command-answer')

    // Typed out in full, Enter runs it at once.
    await notice.getByRole('button', { name: 'Dismiss' }).click()
    await notice.waitFor({ state: 'detached' })
    await field.fill('/board list')
    await option(one.page, /\/board list/).waitFor()
    await field.press('Enter')
    await notice.getByText('This channel has no boards yet.').waitFor()
    assert.equal(await field.inputValue(), '')

    // An unknown command says so, keeps the text and posts nothing either.
    await field.fill('/nope now')
    await field.press('Enter')
    await notice.getByText('Unknown command /nope.').waitFor()
    assert.equal(await field.inputValue(), '/nope now')
    await notice.getByRole('button', { name: 'Dismiss' }).click()
    await notice.waitFor({ state: 'detached' })

    // What Alice sends next reaches Bob, and nothing before it did.
    await field.fill('After the commands')
    await field.press('Enter')
    await message(two.page, 'After the commands').waitFor()
    assert.equal(await log(two.page).getByRole('article').count(), 1)
    assert.equal(await log(one.page).getByRole('article').count(), 1)

    assert.deepEqual([...one.problems, ...two.problems], [])
    await one.context.close()
    await two.context.close()
  })

  test('typing in one browser shows "Alice is typing…" in the other until her message arrives', async ({
    assert,
  }) => {
    const { channel, one, two, address } = await aliceAndBob()
    await one.page.goto(address(channel))
    await two.page.goto(address(channel))
    await composer(two.page).waitFor()

    const line = (page: Page) => page.locator('.typing')
    assert.equal(await line(two.page).textContent(), '')
    await composer(one.page).pressSequentially('Hello Bo')
    await line(two.page).getByText('Alice is typing…').waitFor()
    assert.equal(await line(one.page).textContent(), '')
    await screenshots(two.page, 'composer-typing')

    await composer(one.page).pressSequentially('b')
    await composer(one.page).press('Enter')
    await message(two.page, 'Hello Bob').waitFor()
    await line(two.page).getByText('Alice is typing…').waitFor({ state: 'detached' })
    assert.equal(await line(two.page).textContent(), '')

    assert.deepEqual([...one.problems, ...two.problems], [])
    await one.context.close()
    await two.context.close()
  })

  test('typing in a thread shows in that thread only; Escape closes the list, not the panel', async ({
    assert,
  }) => {
    const { first: alice, channel, one, two, address } = await aliceAndBob()
    const { body: root } = await alice.client.post(`/api/v1/channels/${channel.id}/posts`, {
      message: 'Which day for the harvest?',
    })
    const inThread = `${address(channel)}?thread=${root.id}`
    await one.page.goto(inThread)
    await two.page.goto(inThread)
    const panel = (page: Page) => page.getByRole('complementary', { name: 'Thread' })
    const replyBox = (page: Page) => panel(page).getByRole('textbox', { name: 'Reply…' })
    await replyBox(two.page).waitFor()

    await replyBox(one.page).pressSequentially('Saturday :sun')
    await popup(one.page).waitFor()
    await replyBox(one.page).press('Escape')
    await popup(one.page).waitFor({ state: 'detached' })
    assert.isTrue(await panel(one.page).isVisible())

    await panel(two.page).getByText('Alice is typing…').waitFor()
    assert.equal(await two.page.locator('.channel__main .typing').textContent(), '')
    await replyBox(one.page).press('Enter')
    await panel(two.page).getByRole('log', { name: 'Replies' }).getByText('Saturday').waitFor()
    await panel(two.page).getByText('Alice is typing…').waitFor({ state: 'detached' })

    assert.deepEqual([...one.problems, ...two.problems], [])
    await one.context.close()
    await two.context.close()
  })

  test('a person whose browser opens shows online in the other’s sidebar; the leader tab beats online', async ({
    assert,
  }) => {
    const seeded = await twoInAChannel(['Alice', 'Bob'], 'Quarry', {
      name: 'planning',
      displayName: 'Planning',
    })
    const { first: alice, second: bob, team, channel } = seeded
    await alice.client.post(`/api/v1/teams/${team.id}/channels`, {
      type: 'direct',
      userIds: [bob.id],
    })
    const one = await openBrowser()
    await logIn(one.page, alice)
    await one.page.goto(`/teams/${team.id}/channels/${channel.id}`)
    await one.page.getByRole('link', { name: /^Bob\s*offline/ }).waitFor()

    const two = await openBrowser()
    const beat = two.page.waitForRequest(
      (request) =>
        request.url().endsWith('/api/v1/users/me/presence') && request.method() === 'POST'
    )
    await logIn(two.page, bob)
    const firstBeat = await beat
    assert.deepEqual(firstBeat.postDataJSON(), { status: 'online' })
    await one.page.getByRole('link', { name: /^Bob\s*online/ }).waitFor()
    await one.page
      .getByRole('button', { name: new RegExp(`^Alice @${alice.username} online`) })
      .waitFor()

    // Bob says he is away (as his idle leader tab would): Alice's dot for him follows.
    await bob.client.post('/api/v1/users/me/presence', { status: 'away' })
    await one.page.getByRole('link', { name: /^Bob\s*away/ }).waitFor()
    await screenshots(one.page, 'composer-presence')

    await two.context.close()
    await one.page.getByRole('link', { name: /^Bob\s*offline/ }).waitFor()
    assert.deepEqual([...one.problems, ...two.problems], [])
    await one.context.close()
  })
})
