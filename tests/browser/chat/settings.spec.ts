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
} from '#tests/helpers/browser'
import { recordNotifications } from '#tests/helpers/notifications'
import { WebClient } from '#tests/helpers/web_client'

/** Alice and Bob in the Ops team's Dev channel, where Bob said something. */
async function seed() {
  const cast = await twoInAChannel(['Alice', 'Bob'], 'Ops', { name: 'dev', displayName: 'Dev' })
  const { body: post } = await cast.second.client.post(
    `/api/v1/channels/${cast.channel.id}/posts`,
    {
      message: 'Deploy went fine',
    }
  )
  return { ...cast, alice: cast.first, bob: cast.second, post }
}

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 2, name })

/** The settings at a section, from its link in the settings' navigation. */
async function section(page: Page, name: string) {
  await page
    .getByRole('navigation', { name: 'Settings sections' })
    .getByRole('link', { name })
    .click()
  await heading(page, name).waitFor()
}

test.group('Settings', (group) => {
  group.each.setup(() => limiter.clear())

  test('Ctrl+Shift+A opens the settings and closing them returns; a new display name shows, bad input changes nothing', async ({
    assert,
  }) => {
    const { alice, bob, team, channel } = await seed()
    const bobs = await openBrowser()
    await logIn(bobs.page, bob)
    const address = `/teams/${team.id}/channels/${channel.id}`
    await openChannel(bobs.page, team.id, channel.id)
    await log(bobs.page).getByText('Deploy went fine').waitFor()

    await bobs.page.keyboard.press('Control+Shift+A')
    await bobs.page.waitForURL('**/settings')
    await heading(bobs.page, 'Profile').waitFor()
    await screenshots(bobs.page, 'settings-profile')
    assert.deepEqual(await accessibilityProblems(bobs.page), [])

    // A username the server refuses: its message at the field, the account as it was.
    const username = bobs.page.getByLabel('Username')
    await username.fill('b!')
    await bobs.page.getByRole('button', { name: 'Save profile' }).click()
    await bobs.page.locator('[aria-invalid="true"]').waitFor()
    assert.equal(await username.getAttribute('aria-invalid'), 'true')
    const me = await bob.client.get('/api/v1/users/me')
    assert.equal(me.body.username, bob.username)

    await username.fill(bob.username)
    await bobs.page.getByLabel('Display name').fill('Robert')
    await bobs.page.getByRole('button', { name: 'Save profile' }).click()
    await bobs.page.getByRole('status').filter({ hasText: 'Profile saved.' }).waitFor()
    await bobs.page.getByRole('button', { name: /Robert/ }).waitFor()

    // Alice sees the new name once she reads the channel again (the server does not push it).
    const alices = await openBrowser()
    await logIn(alices.page, alice)
    await openChannel(alices.page, team.id, channel.id)
    const message = log(alices.page).getByRole('article').filter({ hasText: 'Deploy went fine' })
    assert.include(await message.textContent(), 'Robert')

    await bobs.page.getByRole('button', { name: 'Close settings' }).click()
    await bobs.page.waitForURL(`**${address}`)
    assert.deepEqual([...bobs.problems, ...alices.problems], [])
    await bobs.context.close()
    await alices.context.close()
  })

  test('a wrong current password is refused at its field, mismatched new ones too, and a right one changes it', async ({
    assert,
  }) => {
    const { bob, team, channel } = await seed()
    const { context, page, problems } = await openBrowser()
    await logIn(page, bob)
    await openChannel(page, team.id, channel.id)
    await page.goto('/settings/profile')
    await heading(page, 'Profile').waitFor()

    const current = page.getByLabel('Current password')
    await current.fill('not my password at all')
    await page.getByLabel('New password', { exact: true }).fill('a brand new long password')
    await page.getByLabel('New password again').fill('a brand new long password')
    await page.getByRole('button', { name: 'Change password' }).click()
    await page.getByText('The current password is wrong').waitFor()
    assert.equal(await current.getAttribute('aria-invalid'), 'true')

    await current.fill(bob.password)
    await page.getByLabel('New password again').fill('something else entirely')
    await page.getByRole('button', { name: 'Change password' }).click()
    await page.getByText('The two new passwords differ.').waitFor()

    await page.getByLabel('New password again').fill('a brand new long password')
    await page.getByRole('button', { name: 'Change password' }).click()
    await page.getByText('Password changed.').waitFor()
    const login = await new WebClient().post('/api/v1/auth/login', {
      login: bob.username,
      password: 'a brand new long password',
    })
    assert.equal(login.status, 200)
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('notification settings are saved to the account, bad keywords change nothing, and the browser permission shows', async ({
    assert,
  }) => {
    const { bob, team, channel } = await seed()
    const { context, page, problems } = await openBrowser()
    await recordNotifications(context)
    await logIn(page, bob)
    await openChannel(page, team.id, channel.id)
    await page.goto('/settings/notifications')
    await heading(page, 'Notifications').waitFor()
    await page.getByText('This browser shows Hearth’s notifications.').waitFor()

    const keywords = page.getByLabel('Keywords')
    await keywords.fill('deploy, @release')
    await page.getByRole('button', { name: 'Save notification settings' }).click()
    await page.locator('textarea[aria-invalid="true"]').waitFor()
    const unchanged = await bob.client.get('/api/v1/users/me/notification-settings')
    assert.deepEqual(unchanged.body.keywords, [])

    await page.getByLabel('All messages').check()
    await page.getByLabel(/Notify me for @channel/).uncheck()
    await keywords.fill('Deploy, rollback')
    await page.getByRole('button', { name: 'Save notification settings' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor()
    const saved = await bob.client.get('/api/v1/users/me/notification-settings')
    assert.equal(saved.body.desktop, 'all')
    assert.isFalse(saved.body.channelWide)
    assert.deepEqual(saved.body.keywords, ['deploy', 'rollback'])
    assert.equal(await keywords.inputValue(), 'deploy, rollback')

    await screenshots(page, 'settings-notifications')
    assert.deepEqual(await accessibilityProblems(page), [])
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('appearance: a dark theme survives a reload, a 24-hour clock shows 15:26, compact rows apply', async ({
    assert,
  }) => {
    const { alice, bob, team, channel, post } = await seed()
    for (const message of ['And the database migrated', 'Nothing to roll back']) {
      await bob.client.post(`/api/v1/channels/${channel.id}/posts`, { message })
    }
    await alice.client.post(`/api/v1/channels/${channel.id}/posts`, { message: 'Great, thanks' })
    const { context, page, problems } = await openBrowser()
    await logIn(page, bob)
    await openChannel(page, team.id, channel.id)
    await page.goto('/settings')
    await section(page, 'Appearance')
    // The avatar menu has theme radios too: these are the settings'.
    const main = page.getByRole('main')

    await main.getByLabel('Dark').check()
    const theme = () => page.evaluate('document.documentElement.dataset.theme')
    assert.equal(await theme(), 'dark')
    await main.getByLabel('24-hour').check()
    await page.getByText('A message sent at 15:26 shows 15:26.').waitFor()
    await main.getByLabel('12-hour').check()
    assert.match(
      (await page.getByText(/^A message sent at 15:26 shows/).textContent())!,
      /3:26\sPM/
    )
    await main.getByLabel('24-hour').check()
    await main.getByLabel('Compact').check()
    await screenshots(page, 'settings-appearance')
    assert.deepEqual(await accessibilityProblems(page), [])

    await page.reload()
    await heading(page, 'Appearance').waitFor()
    assert.equal(await theme(), 'dark')
    assert.isTrue(await main.getByLabel('Dark').isChecked())
    assert.isTrue(await main.getByLabel('24-hour').isChecked())

    await openChannel(page, team.id, channel.id)
    const row = log(page).getByRole('article').filter({ hasText: 'Deploy went fine' })
    const shown = await row.locator('.message__time').textContent()
    const at = new Date(post.createdAt)
    const expected = await page.evaluate((iso) => {
      const date = new Date(iso)
      return [date.getHours(), date.getMinutes()].map((n) => String(n).padStart(2, '0')).join(':')
    }, at.toISOString())
    assert.equal(shown?.trim(), expected)
    assert.equal(await log(page).getAttribute('class'), 'list list--compact')
    const avatar = await row.locator('.ui-avatar').boundingBox()
    assert.equal(avatar?.width, 24)
    await screenshots(page, 'compact-messages')
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('a token made in settings works against the API and stops working once revoked', async ({
    assert,
  }) => {
    const { bob, team, channel } = await seed()
    const { context, page, problems } = await openBrowser()
    await logIn(page, bob)
    await openChannel(page, team.id, channel.id)
    await page.goto('/settings/tokens')
    await heading(page, 'Access tokens').waitFor()
    await page.getByText('No tokens yet.').waitFor()

    // No scope: refused here, nothing made.
    await page.getByLabel('Token name').fill('Deploy bot')
    await page.getByLabel(/^Read/).uncheck()
    await page.getByRole('button', { name: 'Create token' }).click()
    await page.getByText('Choose at least one scope.').waitFor()

    await page.getByLabel(/^Write/).check()
    await page.getByLabel('Expires after').selectOption('7d')
    await page.getByRole('button', { name: 'Create token' }).click()
    const secret = page.getByLabel('New token’s secret')
    await secret.waitFor()
    const token = await secret.inputValue()
    assert.match(token, /^hth_/)
    const list = page.getByRole('list', { name: 'Access tokens' })
    await list.getByText('Deploy bot').waitFor()
    assert.include(await list.textContent(), 'Last used never')

    const me = () =>
      fetch(`${WebClient.baseUrl()}/api/v1/users/me`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      })
    const working = await me()
    assert.equal(working.status, 200)
    const body = (await working.json()) as { username: string }
    assert.equal(body.username, bob.username)
    await screenshots(page, 'settings-tokens')
    assert.deepEqual(await accessibilityProblems(page), [])

    // Escape leaves the confirmation, not the settings; the token stays.
    await list.getByRole('button', { name: 'Revoke Deploy bot' }).click()
    const dialog = page.getByRole('dialog', { name: 'Revoke this token?' })
    await dialog.getByRole('button', { name: 'Cancel' }).waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    assert.match(page.url(), /\/settings\/tokens$/)
    await list.getByRole('button', { name: 'Revoke Deploy bot' }).click()
    await dialog.getByRole('button', { name: 'Revoke token' }).click()
    await page.getByText('No tokens yet.').waitFor()
    const revoked = await me()
    assert.equal(revoked.status, 401)
    assert.deepEqual(problems, [])
    await context.close()
  })
})
