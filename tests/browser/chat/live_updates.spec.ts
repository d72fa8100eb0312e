import limiter from '@adonisjs/limiter/services/main'
import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import {
  accessibilityProblems,
  composerBox,
  logIn,
  messageLog,
  messageRow,
  openBrowser,
  twoInAChannel,
} from '#tests/helpers/browser'

/** Tessa (who made the Ops team and its Dev channel) and Milo, both in Dev, with a direct message. */
async function seed() {
  const cast = await twoInAChannel(['Tessa', 'Milo'], 'Ops', {
    name: 'dev',
    displayName: 'Dev',
    purpose: 'Building things',
  })
  const { first: tessa, second: milo, team } = cast
  const { body: direct } = await tessa.client.post(`/api/v1/teams/${team.id}/channels`, {
    type: 'direct',
    userIds: [milo.id],
  })
  return { ...cast, tessa, milo, direct }
}

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Channels' })
const header = (page: Page) => page.locator('header').filter({ has: page.locator('h1') })

async function openChannel(page: Page, teamId: string, channelId: string) {
  await page.goto(`/teams/${teamId}/channels/${channelId}`)
  await messageLog(page).waitFor()
}

/** Waits until the tab's title starts with `expected` (a function, never a string: CSP). */
async function titleStarts(page: Page, expected: string) {
  await page.waitForFunction(
    (start) =>
      (globalThis as unknown as { document: { title: string } }).document.title.startsWith(start),
    expected
  )
}

async function channelSettings(page: Page, title: string) {
  await page.getByRole('button', { name: `${title} channel menu` }).click()
  await page.getByRole('menuitem', { name: 'Channel settings' }).click()
  return page.getByRole('dialog', { name: 'Channel settings' })
}

test.group('Live updates', (group) => {
  group.each.setup(() => limiter.clear())

  test('a channel renamed and re-described in one browser changes the other’s sidebar, header and title at once; archiving makes its composer read-only, unarchiving gives it back', async ({
    assert,
  }) => {
    const { tessa, milo, team, channel } = await seed()
    const tessas = await openBrowser()
    const milos = await openBrowser()
    await logIn(tessas.page, tessa)
    await logIn(milos.page, milo)
    await openChannel(tessas.page, team.id, channel.id)
    await openChannel(milos.page, team.id, channel.id)
    await header(milos.page).getByText('Building things').waitFor()
    await titleStarts(milos.page, 'Dev · Ops')
    await composerBox(milos.page).waitFor()

    const settings = await channelSettings(tessas.page, 'Dev')
    await settings.getByLabel('Name', { exact: true }).fill('Release Room')
    await settings.getByLabel('Purpose').fill('Shipping on Fridays')
    await settings.getByRole('button', { name: 'Save' }).click()
    await settings.getByText('Saved.').waitFor()

    await sidebar(milos.page).getByRole('link', { name: 'Release Room' }).waitFor()
    await header(milos.page).getByText('Shipping on Fridays').waitFor()
    await milos.page.getByRole('button', { name: 'Release Room channel menu' }).waitFor()
    await titleStarts(milos.page, 'Release Room · Ops')
    assert.equal(await sidebar(milos.page).getByRole('link', { name: 'Dev' }).count(), 0)
    assert.equal(await header(milos.page).getByText('Building things').count(), 0)

    await settings.getByRole('button', { name: 'Archive channel' }).click()
    await settings.getByRole('button', { name: 'Unarchive channel' }).waitFor()
    await milos.page.getByText('This channel is archived.').waitFor()
    assert.equal(await composerBox(milos.page).count(), 0)
    await header(milos.page).getByText('Archived').waitFor()
    assert.deepEqual(await accessibilityProblems(milos.page), [])

    await settings.getByRole('button', { name: 'Unarchive channel' }).click()
    await settings.getByRole('button', { name: 'Archive channel' }).waitFor()
    await composerBox(milos.page).waitFor()
    assert.equal(await milos.page.getByText('This channel is archived.').count(), 0)

    assert.deepEqual(tessas.problems, [])
    assert.deepEqual(milos.problems, [])
    await tessas.context.close()
    await milos.context.close()
  })

  test('a new display name shows in a teammate’s sidebar direct message and on the person’s messages without a reload', async ({
    assert,
  }) => {
    const { tessa, milo, team, channel } = await seed()
    await milo.client.post(`/api/v1/channels/${channel.id}/posts`, { message: 'Deploy went fine' })
    const tessas = await openBrowser()
    const milos = await openBrowser()
    await logIn(tessas.page, tessa)
    await logIn(milos.page, milo)
    await openChannel(tessas.page, team.id, channel.id)
    await messageRow(tessas.page, 'Deploy went fine').getByText('Milo').waitFor()
    await sidebar(tessas.page).getByRole('link', { name: /Milo/ }).waitFor()

    await openChannel(milos.page, team.id, channel.id)
    await milos.page.keyboard.press('Control+Shift+A')
    await milos.page.waitForURL('**/settings')
    await milos.page.getByLabel('Display name').fill('Marlowe')
    await milos.page.getByRole('button', { name: 'Save profile' }).click()
    await milos.page.locator('.settings-done').waitFor()

    await sidebar(tessas.page)
      .getByRole('link', { name: /Marlowe/ })
      .waitFor()
    await messageRow(tessas.page, 'Deploy went fine').getByText('Marlowe').waitFor()
    assert.equal(await sidebar(tessas.page).getByRole('link', { name: /Milo/ }).count(), 0)

    assert.deepEqual(tessas.problems, [])
    assert.deepEqual(milos.problems, [])
    await tessas.context.close()
    await milos.context.close()
  })

  test('someone removed from a private channel they have open sees it leave the sidebar and become unavailable at once', async ({
    assert,
  }) => {
    const { tessa, milo, team } = await seed()
    const { body: secret } = await tessa.client.post(`/api/v1/teams/${team.id}/channels`, {
      type: 'private',
      name: 'secret',
      displayName: 'Secret Plans',
    })
    await tessa.client.post(`/api/v1/channels/${secret.id}/members`, { userId: milo.id })
    const milos = await openBrowser()
    await logIn(milos.page, milo)
    await openChannel(milos.page, team.id, secret.id)
    await sidebar(milos.page).getByRole('link', { name: 'Secret Plans' }).waitFor()
    await composerBox(milos.page).waitFor()

    const removed = await tessa.client.delete(`/api/v1/channels/${secret.id}/members/${milo.id}`)
    assert.equal(removed.status, 204)

    await milos.page.getByText('This channel is not available').waitFor()
    assert.equal(await sidebar(milos.page).getByRole('link', { name: 'Secret Plans' }).count(), 0)
    assert.equal(await composerBox(milos.page).count(), 0)
    assert.deepEqual(milos.problems, [])
    await milos.context.close()
  })
})
