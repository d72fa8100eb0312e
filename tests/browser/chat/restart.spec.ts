import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import env from '#start/env'
import {
  logIn,
  openBrowser,
  person,
  messageLog as log,
  composerBox as composer,
} from '#tests/helpers/browser'
import { ServerProcess } from '#tests/helpers/server_process'

/** Message texts in the list, top to bottom. */
async function texts(page: Page) {
  const all = await log(page).locator('.message__text').allTextContents()
  return all.map((text) => text.replace('(edited)', '').trim())
}

/**
 * What Chrome logs while the server is down (refused connections, a stream cut mid-way) is
 * the outage itself, which the app shows in its banner; anything else is a problem.
 */
const OUTAGE =
  /net::ERR_(CONNECTION_REFUSED|CONNECTION_RESET|EMPTY_RESPONSE|INCOMPLETE_CHUNKED|CONTENT_LENGTH_MISMATCH)/

test.group('A server restart', () => {
  test('mid-conversation: the banner shows, a message typed meanwhile goes out once, and both people end with every message in order', async ({
    assert,
  }) => {
    const server = new ServerProcess((env.get('PORT') ?? 3334) + 17)
    await server.start()
    try {
      // A fresh server: its first account may sign up without an invite.
      const audrey = await person('Audrey', { base: server.url })
      const { body: team } = await audrey.client.post('/api/v1/teams', { name: 'Great Northern' })
      const dale = await person('Dale', { base: server.url, invite: team.inviteCode })
      const { body: channels } = await audrey.client.get(`/api/v1/teams/${team.id}/channels`)
      const lobby = channels.data.find((c: { name: string }) => c.name === 'town-square')
      const path = `/teams/${team.id}/channels/${lobby.id}`

      const one = await openBrowser({ baseURL: server.url })
      const two = await openBrowser({ baseURL: server.url })
      await logIn(one.page, audrey)
      await logIn(two.page, dale)
      await one.page.goto(path)
      await two.page.goto(path)
      await composer(one.page).fill('Before the restart')
      await composer(one.page).press('Enter')
      await log(two.page).getByText('Before the restart').waitFor()

      await server.kill()
      const banner = (page: Page) => page.getByRole('status').filter({ hasText: 'Reconnecting' })
      await banner(one.page).waitFor()
      await banner(two.page).waitFor()
      // Typed while the server is gone: shown as waiting, not lost and not failed.
      await composer(two.page).fill('Typed while it was down')
      await composer(two.page).press('Enter')
      await log(two.page).getByText('Typed while it was down').waitFor()
      await two.page.getByText(/Waiting for the connection|Sending/).waitFor()

      await server.start()
      // Written by a script while the browsers are still reconnecting: catch-up brings it.
      await audrey.client.post(`/api/v1/channels/${lobby.id}/posts`, { message: 'From a script' })
      await banner(one.page).waitFor({ state: 'hidden', timeout: 30_000 })
      await banner(two.page).waitFor({ state: 'hidden', timeout: 30_000 })
      await log(one.page).getByText('Typed while it was down').waitFor()
      await log(two.page).getByText('From a script').waitFor()
      await two.page.getByText(/Waiting for the connection|Sending/).waitFor({ state: 'hidden' })

      // The server holds each message once, in the order they reached it.
      const { body: history } = await audrey.client.get(`/api/v1/channels/${lobby.id}/posts`)
      const stored = history.data.map((post: { message: string }) => post.message)
      assert.deepEqual(stored.slice(-3).toSorted(), [
        'Before the restart',
        'From a script',
        'Typed while it was down',
      ])
      assert.equal(stored.filter((m: string) => m === 'Typed while it was down').length, 1)
      // Both browsers show exactly what the server holds, once each, in its order.
      const expected = stored.slice(-3)
      const shown = async (page: Page) => {
        const all = await texts(page)
        return all.slice(-3)
      }
      assert.deepEqual(await shown(one.page), expected)
      assert.deepEqual(await shown(two.page), expected)

      const problems = [...one.problems, ...two.problems].filter((line) => !OUTAGE.test(line))
      assert.deepEqual(problems, [], problems.join('\n'))
      await one.context.close()
      await two.context.close()
    } finally {
      await server.dispose()
    }
  }).timeout(120_000)
})
