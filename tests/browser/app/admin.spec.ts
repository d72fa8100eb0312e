import limiter from '@adonisjs/limiter/services/main'
import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import {
  accessibilityProblems,
  logIn,
  openBrowser as openAnyBrowser,
  person,
  screenshots,
  systemAdmin,
} from '#tests/helpers/browser'

let teams = 0

/** The run's system admin, in a team of their own so they land in the chat. */
async function admin() {
  const root = await systemAdmin()
  teams += 1
  await root.client.post('/api/v1/teams', { name: `Control Room ${teams}` })
  return root
}

/** Someone in a team of their own. */
async function someone(name: string) {
  const them = await person(name)
  const { body: team } = await them.client.post('/api/v1/teams', { name: `${name}'s Team` })
  return { ...them, team }
}

/** Opens the admin console from the avatar menu, as an admin would. */
async function openConsole(page: Page, section: string) {
  await page.locator('.user-menu__button').click()
  await page.getByRole('link', { name: 'Admin console' }).click()
  await page.getByRole('heading', { name: 'Admin console' }).waitFor()
  await page
    .getByRole('navigation', { name: 'Admin sections' })
    .getByRole('link', { name: section })
    .click()
}

async function userAction(page: Page, query: string, name: string, action: string) {
  await page.getByLabel('Search accounts').fill(query)
  const row = page
    .getByRole('list', { name: 'Accounts' })
    .getByRole('listitem')
    .filter({ hasText: name })
  await row.waitFor()
  await row.getByRole('button', { name: `Actions for ${name}` }).click()
  await page.getByRole('menuitem', { name: action }).click()
  return row
}

/**
 * A browser as openBrowser gives it, with motion reduced: colours never caught mid-transition
 * by the accessibility checks after a theme switch.
 */
async function openBrowser() {
  const opened = await openAnyBrowser()
  await opened.page.emulateMedia({ reducedMotion: 'reduce' })
  return opened
}

test.group('The admin console', (group) => {
  group.each.setup(() => limiter.clear())

  test('an admin deactivates someone, whose open tab is signed out at once, and reactivates them', async ({
    assert,
  }) => {
    const root = await admin()
    const vera = await someone('Vera')
    const victim = await openBrowser()
    const following = victim.page.waitForResponse(
      (answer) =>
        answer.url().endsWith('/__transmit/subscribe') &&
        Boolean(answer.request().postData()?.includes(`users/${vera.id}`))
    )
    await logIn(victim.page, vera)
    await following
    await victim.page
      .getByRole('navigation', { name: 'Channels' })
      .getByRole('link', { name: 'Town Square' })
      .waitFor()

    const console = await openBrowser()
    await logIn(console.page, root)
    await openConsole(console.page, 'Users')
    const row = await userAction(console.page, vera.username, 'Vera', 'Deactivate')
    await row.getByText('Deactivated').waitFor()
    await console.page.getByText('Vera is deactivated.').waitFor()
    await screenshots(console.page, 'admin-users')
    assert.deepEqual(await accessibilityProblems(console.page), [])
    await console.page.setViewportSize({ width: 360, height: 740 })
    const width = await console.page.evaluate('document.documentElement.scrollWidth')
    assert.isAtMost(Number(width), 360, 'nothing runs past a 360 px screen')
    await console.page.setViewportSize({ width: 1280, height: 800 })

    await victim.page.waitForURL('**/signed-out?**')
    await victim.page.getByRole('heading', { name: 'This account is deactivated' }).waitFor()

    await row.getByRole('button', { name: 'Actions for Vera' }).click()
    await console.page.getByRole('menuitem', { name: 'Reactivate' }).click()
    await console.page.getByText('Vera can sign in again.').waitFor()
    assert.equal(await row.getByText('Deactivated').count(), 0)
    await logIn(victim.page, vera)

    assert.deepEqual(console.problems, [])
    assert.deepEqual(victim.problems, [])
    await console.context.close()
    await victim.context.close()
  })

  test('an admin creates an account and resets its password; the person logs in with the new one', async ({
    assert,
  }) => {
    const root = await admin()
    const { page, problems, context } = await openBrowser()
    await logIn(page, root)
    await openConsole(page, 'Users')

    await page.getByRole('button', { name: 'Create user' }).click()
    const create = page.getByRole('dialog', { name: 'Create a user' })
    await create.getByLabel('Username').fill('carl')
    await create.getByLabel('Email').fill('carl@example.com')
    await create.getByLabel('Password').fill('short')
    await create.getByRole('button', { name: 'Create user' }).click()
    await create
      .getByText(/at least 8|minimum|8 characters/i)
      .first()
      .waitFor()
    await create.getByLabel('Password').fill('carl first password')
    await create.getByRole('button', { name: 'Create user' }).click()
    await page.getByText('Created @carl.').waitFor()

    await userAction(page, 'carl', 'carl', 'Reset password…')
    const reset = page.getByRole('dialog', { name: 'Reset the password of @carl' })
    assert.deepEqual(await accessibilityProblems(page), [])
    await reset.getByLabel('New password').fill('carl second password')
    await reset.getByRole('button', { name: 'Reset password' }).click()
    await reset.getByText('The password is reset.').waitFor()
    await reset.getByRole('button', { name: 'Close' }).last().click()

    const carl = await openBrowser()
    await carl.page.goto('/login')
    await carl.page.getByLabel('Username or email').fill('carl')
    await carl.page.getByLabel('Password').fill('carl second password')
    await carl.page.getByRole('button', { name: 'Log in' }).click()
    await carl.page.waitForURL('**/welcome')

    assert.deepEqual(problems, [])
    assert.deepEqual(carl.problems, [])
    await context.close()
    await carl.context.close()
  })

  test("an admin lists every team, opens one's members and adds an account to it", async ({
    assert,
  }) => {
    const root = await admin()
    const owner = await someone('Olga')
    const pat = await person('Pat')
    const { page, problems, context } = await openBrowser()
    await logIn(page, root)
    await openConsole(page, 'Teams')

    const list = page.getByRole('list', { name: 'Every team' })
    await list.getByRole('button', { name: /Olga's Team\s+1 member/ }).click()
    await page
      .getByRole('list', { name: "Members of Olga's Team" })
      .getByText(`@${owner.username}`)
      .waitFor()
    await page.getByLabel(/^Add an account/).fill(pat.username)
    await page.getByLabel('Role').selectOption('guest')
    await page.getByRole('button', { name: 'Find' }).click()
    await page.getByRole('button', { name: `Add @${pat.username} to Olga's Team` }).click()
    await page.getByText(`@${pat.username} is a guest of Olga's Team.`).waitFor()
    await list.getByRole('button', { name: /Olga's Team\s+2 members/ }).waitFor()
    await screenshots(page, 'admin-teams')
    assert.deepEqual(await accessibilityProblems(page), [])
    await page.setViewportSize({ width: 360, height: 740 })
    assert.isAtMost(Number(await page.evaluate('document.documentElement.scrollWidth')), 360)

    const { body: mine } = await pat.client.get('/api/v1/teams')
    assert.deepEqual(
      mine.data.map((team: { id: string; role: string }) => [team.id, team.role]),
      [[owner.team.id, 'guest']]
    )
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('closing sign-up in the system settings takes effect on the sign-up page', async ({
    assert,
  }) => {
    const root = await admin()
    const { page, problems, context } = await openBrowser()
    await logIn(page, root)
    await openConsole(page, 'System settings')
    const toggle = page.getByRole('switch', { name: /Open sign-up/ })
    try {
      assert.isTrue(await toggle.isChecked())
      await toggle.uncheck()
      await page.getByRole('button', { name: 'Save settings' }).click()
      await page.getByText('Saved.').waitFor()
      await screenshots(page, 'admin-settings')
      assert.deepEqual(await accessibilityProblems(page), [])

      const visitor = await openBrowser()
      await visitor.page.goto('/signup')
      await visitor.page.getByLabel('Username').fill('latecomer')
      await visitor.page.getByLabel('Email').fill('latecomer@example.com')
      await visitor.page.getByLabel('Password').fill('a long enough password')
      await visitor.page.getByRole('button', { name: /Sign up|Create account/ }).click()
      await visitor.page.getByText('Signing up needs an invite link').first().waitFor()
      assert.deepEqual(visitor.problems, [])
      await visitor.context.close()

      await toggle.check()
      await page.getByRole('button', { name: 'Save settings' }).click()
      await page.getByText('Saved.').waitFor()
    } finally {
      await root.client.patch('/api/v1/system/settings', { openSignup: true })
    }
    const { body } = await root.client.get('/api/v1/system/settings')
    assert.isTrue(body.openSignup)
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('someone who is not a system admin has no admin link and a clear page at /admin', async ({
    assert,
  }) => {
    const nina = await someone('Nina')
    const { page, problems, context } = await openBrowser()
    await logIn(page, nina)
    await page.locator('.user-menu__button').click()
    await page.getByRole('button', { name: 'Log out' }).waitFor()
    assert.equal(await page.getByRole('link', { name: 'Admin console' }).count(), 0)
    await page.goto('/admin/users')
    await page.getByRole('heading', { name: 'The admin console is not available' }).waitFor()
    assert.equal(await page.getByLabel('Search accounts').count(), 0)
    assert.deepEqual(await accessibilityProblems(page), [])
    assert.deepEqual(problems, [])
    await context.close()
  })
})
