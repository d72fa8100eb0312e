import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import {
  accessibilityProblems,
  openBrowser,
  PHONE,
  person,
  screenshots,
  titled,
} from '#tests/helpers/browser'

/**
 * A team seen by its owner, Gillian: a channel with a purpose where Bob mentioned her, a
 * quiet muted channel, and direct messages with Bob, all made through the API.
 */
async function seed() {
  const gillian = await person('Gillian')
  const bob = await person('Bob')
  const { body: team } = await gillian.client.post('/api/v1/teams', { name: 'Field Office' })
  await bob.client.post('/api/v1/teams/join', { invite: team.inviteCode })

  const channel = (name: string, displayName: string, purpose: string, type = 'public') =>
    gillian.client.post(`/api/v1/teams/${team.id}/channels`, { type, name, displayName, purpose })
  const { body: design } = await channel('design', 'Design', 'Sketches, reviews and type')
  const { body: muted } = await channel('random', 'Random', 'Anything goes')
  const { body: secret } = await channel('secret', 'Secret Plans', 'Only us', 'private')
  await gillian.client.patch(`/api/v1/channels/${muted.id}/members/me`, { muted: true })
  await gillian.client.post(`/api/v1/channels/${secret.id}/members`, { userId: bob.id })

  await bob.client.post(`/api/v1/channels/${design.id}/join`)
  await bob.client.post(`/api/v1/channels/${design.id}/posts`, {
    message: `@${gillian.username} can you look at the new logo?`,
  })
  await bob.client.post(`/api/v1/channels/${muted.id}/join`)
  await bob.client.post(`/api/v1/channels/${muted.id}/posts`, { message: 'lunch?' })
  const direct = await gillian.client.post(`/api/v1/teams/${team.id}/channels`, {
    type: 'direct',
    userIds: [bob.id],
  })
  return { gillian, bob, team, design, muted, secret, direct: direct.body }
}

async function logIn(page: Page, someone: { username: string; password: string }) {
  await page.goto('/login')
  await page.getByLabel('Username or email').fill(someone.username)
  await page.getByLabel('Password').fill(someone.password)
  await page.getByRole('button', { name: 'Log in' }).click()
}

test.group('The layout shell', () => {
  test("the sidebar lists the team's channels and direct messages with their unread state", async ({
    assert,
  }) => {
    const { gillian, team } = await seed()
    const { page, problems, context } = await openBrowser()
    await logIn(page, gillian)
    await page.waitForURL(`**/teams/${team.id}`)

    const sidebar = page.getByRole('navigation', { name: 'Channels' })
    await sidebar.getByRole('link', { name: 'Design 1 mention' }).waitFor()
    const names = await sidebar.locator('section .item__name').allTextContents()
    assert.deepEqual(
      names.map((name) => name.trim()),
      ['Design', 'Random', 'Secret Plans', 'Town Square', 'Bob']
    )
    for (const name of ['Random unread, muted', 'Secret Plans', 'Town Square', 'Bob offline']) {
      assert.equal(await sidebar.getByRole('link', { name, exact: true }).count(), 1, name)
    }
    const badge = sidebar.getByRole('link', { name: 'Design 1 mention' }).locator('.item__badge')
    assert.equal(await badge.textContent(), '1')

    await sidebar.getByRole('button', { name: 'Unreads' }).click()
    const unread = await sidebar.locator('section').getByRole('link').count()
    assert.equal(unread, 2)
    await sidebar.getByRole('button', { name: 'Unreads' }).click()
    await screenshots(page, 'shell-sidebar')
    assert.deepEqual(await accessibilityProblems(page), [])
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('a channel opens with its header, and its address works on reload', async ({ assert }) => {
    const { gillian, team, design } = await seed()
    const { page, problems, context } = await openBrowser()
    await logIn(page, gillian)
    await page.waitForURL(`**/teams/${team.id}`)
    // Design holds a mention for this person (its badge below), so the tab counts it.
    await page
      .getByRole('navigation', { name: 'Channels' })
      .getByRole('link', { name: 'Design 1 mention' })
      .waitFor()
    assert.equal(await page.title(), '(1) Field Office · Hearth')

    await page
      .getByRole('main')
      .getByRole('link', { name: /Design/ })
      .click()
    await page.waitForURL(`**/teams/${team.id}/channels/${design.id}`)
    const header = page.getByRole('main').locator('header')
    await header.getByText('2 members').waitFor()
    assert.equal(await header.getByRole('heading', { level: 1 }).textContent(), 'Design')
    await header.getByText('Sketches, reviews and type').waitFor()
    // Read once on screen: the tab stops counting it.
    await titled(page, 'Design · Field Office · Hearth')

    await page.reload()
    await header.getByText('2 members').waitFor()
    const sidebar = page.getByRole('navigation', { name: 'Channels' })
    const current = sidebar.getByRole('link', { name: 'Design', exact: true })
    assert.equal(await current.getAttribute('aria-current'), 'page')
    await screenshots(page, 'shell-channel')
    assert.deepEqual(await accessibilityProblems(page), [])

    await page.goto(`/teams/${team.id}/channels/0196a3c0-0000-7000-8000-000000000000`)
    await page.getByRole('heading', { name: 'This channel is not available' }).waitFor()
    assert.deepEqual(problems, [])
    await context.close()
  })

  test("a card's address opens the card as a page in its team's shell, linking back to its board", async ({
    assert,
  }) => {
    const { gillian, team, design } = await seed()
    const board = await gillian.client.post(`/api/v1/channels/${design.id}/boards`, {
      title: 'Roadmap',
    })
    const card = await gillian.client.post(`/api/v1/boards/${board.body.id}/cards`, {
      title: 'New logo',
    })
    assert.equal(card.status, 201)
    const { page, problems, context } = await openBrowser()
    await logIn(page, gillian)
    await page.waitForURL(`**/teams/${team.id}`)

    await page.goto(new URL(card.body.url).pathname)
    const boardPath = `/teams/${team.id}/channels/${design.id}/boards/${board.body.id}`
    await page.waitForURL(`**${boardPath}/cards/${card.body.id}`)
    await page.getByRole('main').getByRole('heading', { level: 1, name: 'Design' }).waitFor()
    // The card itself, in the shell (its sidebar still there), with a way back to its board.
    const sheet = page.getByRole('region', { name: 'Card' })
    await sheet.getByRole('heading', { level: 2, name: card.body.ref }).waitFor()
    assert.equal(await sheet.getByLabel('Card title').inputValue(), 'New logo')
    await page.getByRole('navigation', { name: 'Channels' }).waitFor()
    await sheet.getByRole('link', { name: 'Roadmap' }).click()
    await page.waitForURL(`**${boardPath}?card=${card.body.id}`)
    await page.getByRole('heading', { level: 2, name: 'Roadmap' }).waitFor()

    await page.goto(`/boards/${board.body.id}/cards/0196a3c0-0000-7000-8000-000000000000`)
    await page.getByRole('heading', { name: 'This card is not available' }).waitFor()
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('at phone width the sidebar is a drawer that closes on navigation', async ({ assert }) => {
    const { gillian, team, direct } = await seed()
    const { page, problems, context } = await openBrowser({ viewport: PHONE })
    await logIn(page, gillian)
    await page.waitForURL(`**/teams/${team.id}`)

    const sidebar = page.getByRole('navigation', { name: 'Channels' })
    assert.isFalse(await sidebar.isVisible())
    await page.getByRole('button', { name: 'Open navigation' }).click()
    await sidebar.waitFor()
    await page.screenshot({
      path: 'tests/browser/screenshots/shell-drawer-phone.png',
      animations: 'disabled',
    })
    await sidebar.getByRole('link', { name: 'Bob offline' }).click()
    await page.waitForURL(`**/channels/${direct.id}`)
    await sidebar.waitFor({ state: 'hidden' })
    const title = page.getByRole('main').getByRole('heading', { level: 1 })
    assert.equal(await title.textContent(), 'Bob')

    // Asked for less motion, the drawer opens without sliding.
    const slide = () =>
      page
        .locator('.shell__nav')
        .evaluate((nav: any) => (globalThis as any).getComputedStyle(nav).transitionDuration)
    assert.notEqual(await slide(), '0s')
    await page.emulateMedia({ reducedMotion: 'reduce' })
    assert.equal(await slide(), '0s')
    assert.deepEqual(problems, [])
    await context.close()
  })
})
