import { test } from '@japa/runner'
import type { Locator, Page } from 'playwright-core'
import { accessibilityProblems, openBrowser, person, screenshots } from '#tests/helpers/browser'

type Person = Awaited<ReturnType<typeof person>>

/** A person with a team of their own, made through the API. */
async function owner(name: string, teamName: string) {
  const someone = await person(name)
  const team = await someone.client.post('/api/v1/teams', { name: teamName })
  return { ...someone, team: team.body as { id: string; name: string; inviteCode: string } }
}

async function logIn(page: Page, someone: Person) {
  await page.goto('/login')
  await page.getByLabel('Username or email').fill(someone.username)
  await page.getByLabel('Password').fill(someone.password)
  await page.getByRole('button', { name: 'Log in' }).click()
}

/** The text that describes a field to assistive technology: its error or hint. */
async function describedBy(page: Page, field: Locator) {
  const id = await field.getAttribute('aria-describedby')
  const text = await page.locator(`[id="${id}"]`).textContent()
  return text?.trim() ?? ''
}

function sidebar(page: Page) {
  return page.getByRole('navigation', { name: 'Channels' })
}

test.group('Getting in', () => {
  test('a new person signs up, creates a team and lands in its town square', async ({ assert }) => {
    const { page, problems, context } = await openBrowser()

    await page.goto('/')
    await page.waitForURL('**/login')
    await page.getByRole('heading', { name: 'Log in to Hearth' }).waitFor()
    await screenshots(page, 'login')
    assert.deepEqual(await accessibilityProblems(page), [])

    await page.getByRole('link', { name: 'Create an account' }).click()
    await page.getByLabel('Full name').fill('Dana Scully')
    await page.getByLabel('Username', { exact: true }).fill('scully')
    await page.getByLabel('Email').fill('scully@example.com')
    await page.getByLabel('Password').fill('trust no one, ever')
    await screenshots(page, 'signup')
    await page.getByRole('button', { name: 'Create account' }).click()

    await page.getByRole('heading', { name: 'Welcome, Dana Scully' }).waitFor()
    assert.match(page.url(), /\/welcome$/)
    await screenshots(page, 'welcome')
    await page.getByLabel('Team name').fill('X-Files')
    await page.getByRole('button', { name: 'Create team' }).click()

    await page.waitForURL(/\/teams\/[0-9a-f-]{36}$/)
    await sidebar(page).getByRole('link', { name: 'Town Square' }).waitFor()
    assert.equal(await sidebar(page).getByRole('heading', { level: 2 }).textContent(), 'X-Files')
    assert.equal(await page.title(), 'X-Files · Hearth')
    await screenshots(page, 'team-home')
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('a second person joins by the invite link a team admin renews and copies', async ({
    assert,
  }) => {
    const mulder = await owner('Fox', 'Basement')
    const admin = await openBrowser()
    await logIn(admin.page, mulder)
    await sidebar(admin.page).getByRole('button', { name: 'Invite people' }).click()
    const dialog = admin.page.getByRole('dialog', { name: 'Invite people to Basement' })
    const field = dialog.getByLabel('Invite link')
    assert.match(await field.inputValue(), new RegExp(`/invite/${mulder.team.inviteCode}$`))
    await screenshots(admin.page, 'invite-dialog')
    await dialog.getByRole('button', { name: 'New link' }).click()
    // The page's CSP forbids waitForFunction's string evaluation: poll the field instead.
    let link = await field.inputValue()
    for (let turn = 0; turn < 100 && link.endsWith(mulder.team.inviteCode); turn += 1) {
      await admin.page.waitForTimeout(50)
      link = await field.inputValue()
    }
    const { body: renewed } = await mulder.client.get(`/api/v1/teams/${mulder.team.id}`)
    assert.match(link, new RegExp(`/invite/${renewed.inviteCode}$`))

    const guest = await openBrowser()
    await guest.page.goto(link)
    await guest.page.getByRole('heading', { name: "You're invited to Hearth" }).waitFor()
    await guest.page.getByLabel('Full name').fill('Walter Skinner')
    await guest.page.getByLabel('Username', { exact: true }).fill('skinner')
    await guest.page.getByLabel('Email').fill('skinner@example.com')
    await guest.page.getByLabel('Password').fill('assistant director')
    await guest.page.getByRole('button', { name: 'Create account' }).click()

    await guest.page.waitForURL(`**/teams/${mulder.team.id}`)
    await sidebar(guest.page).getByRole('link', { name: 'Town Square' }).waitFor()
    const members = await mulder.client.get(`/api/v1/teams/${mulder.team.id}/members`)
    const joined = members.body.data.find((member: any) => member.user.username === 'skinner')
    assert.equal(joined?.role, 'member')

    assert.deepEqual([...admin.problems, ...guest.problems], [])
    await admin.context.close()
    await guest.context.close()
  })

  test('someone already signed in joins a team from its invite link', async ({ assert }) => {
    const host = await owner('Monica', 'Reyes Team')
    const visitor = await person('John')
    const { page, problems, context } = await openBrowser()
    await logIn(page, visitor)
    await page.getByRole('heading', { name: 'Welcome, John' }).waitFor()

    await page.goto(`/invite/${host.team.inviteCode}`)
    await page.getByRole('button', { name: 'Join the team' }).click()
    await page.waitForURL(`**/teams/${host.team.id}`)
    await page
      .getByRole('navigation', { name: 'Teams' })
      .getByRole('link', { name: 'Reyes Team' })
      .waitFor()

    await page.goto('/invite/not-a-real-code')
    await page.getByRole('button', { name: 'Join the team' }).click()
    await page.getByRole('alert').getByText('This invite link is not valid').waitFor()
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('a person picks a theme, logs out and back in, and lands in the team they had open', async ({
    assert,
  }) => {
    const someone = await owner('Dale', 'Twin Peaks')
    const { page, problems, context } = await openBrowser()
    await logIn(page, someone)
    await page.waitForURL(`**/teams/${someone.team.id}`)

    await page.getByRole('button', { name: /Dale/ }).click()
    await screenshots(page, 'user-menu')
    await page.getByText('Dark', { exact: true }).click()
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark')
    await page.getByText('System', { exact: true }).click()
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'light')
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.waitForURL('**/login')
    await page.reload()
    await page.getByRole('heading', { name: 'Log in to Hearth' }).waitFor()
    const me = await page.request.get('/api/v1/users/me')
    assert.equal(me.status(), 401)

    await logIn(page, someone)
    await page.waitForURL(`**/teams/${someone.team.id}`)
    await sidebar(page).getByRole('link', { name: 'Town Square' }).waitFor()
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('a wrong password and a taken username are explained where they happened', async ({
    assert,
  }) => {
    const someone = await person('Audrey')
    const { page, problems, context } = await openBrowser()

    await logIn(page, { ...someone, password: 'not the password at all' })
    const alert = page.getByRole('alert')
    await alert.waitFor()
    assert.equal(await alert.innerText(), 'Invalid login or password')
    assert.match(page.url(), /\/login$/)
    await screenshots(page, 'login-error')

    await page.goto('/signup')
    const username = page.getByLabel('Username', { exact: true })
    const password = page.getByLabel('Password')
    await username.fill(someone.username)
    await page.getByLabel('Email').fill('another@example.com')
    await password.fill('short')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.locator('[aria-invalid="true"]').waitFor()
    assert.equal(await password.getAttribute('aria-invalid'), 'true')
    assert.match(await describedBy(page, password), /at least 8 characters/)

    await password.fill('a long enough password')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.locator('input[autocomplete="username"][aria-invalid="true"]').waitFor()
    assert.isNull(await password.getAttribute('aria-invalid'))
    assert.equal(await describedBy(page, username), 'This username is already taken')
    await screenshots(page, 'signup-errors')
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('a deactivated account and an ended session each get a page that says so', async ({
    assert,
  }) => {
    const leaving = await owner('Laura', 'Palmer House')
    const first = await openBrowser()
    const following = first.page.waitForResponse(
      (answer) =>
        answer.url().endsWith('/__transmit/subscribe') &&
        Boolean(answer.request().postData()?.includes(`users/${leaving.id}`))
    )
    await logIn(first.page, leaving)
    await first.page.waitForURL(`**/teams/${leaving.team.id}`)
    await following
    const deactivated = await leaving.client.post(`/api/v1/users/${leaving.id}/deactivate`)
    assert.equal(deactivated.status, 200)
    // The open tab's stream says why before it ends; logging in again says so too.
    await first.page.getByRole('heading', { name: 'This account is deactivated' }).waitFor()
    await first.page.getByRole('link', { name: 'Log in with another account' }).click()
    await logIn(first.page, leaving)
    await first.page.getByRole('heading', { name: 'This account is deactivated' }).waitFor()
    await screenshots(first.page, 'deactivated')

    const staying = await owner('Bobby', 'Double R')
    const second = await openBrowser()
    await logIn(second.page, staying)
    await second.page.waitForURL(`**/teams/${staying.team.id}`)
    // The session cookie goes while the page is closed (an answer still on its way to an open
    // page would set it again): the next visit finds it gone.
    await second.page.goto('about:blank')
    await second.context.clearCookies({ name: 'hearth-session' })
    await second.page.goto(`/teams/${staying.team.id}`)
    await second.page.getByRole('heading', { name: 'Your session has ended' }).waitFor()
    await screenshots(second.page, 'session-ended')
    await second.page.getByRole('link', { name: 'Log in again' }).click()
    await second.page.getByLabel('Username or email').fill(staying.username)
    await second.page.getByLabel('Password').fill(staying.password)
    await second.page.getByRole('button', { name: 'Log in' }).click()
    await second.page.waitForURL(`**/teams/${staying.team.id}`)

    assert.deepEqual([...first.problems, ...second.problems], [])
    await first.context.close()
    await second.context.close()
  })

  test('a server that cannot answer gets a page saying so, with a way to try again', async ({
    assert,
  }) => {
    const { page, problems, context } = await openBrowser()
    await page.route('**/api/v1/users/me', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ errors: [{ code: 'unavailable', message: 'Restarting' }] }),
      })
    )
    await page.goto('/login')
    await page.getByRole('heading', { name: 'Hearth cannot be reached' }).waitFor()

    await page.unroute('**/api/v1/users/me')
    await page.getByRole('button', { name: 'Try again' }).click()
    await page.getByRole('heading', { name: 'Log in to Hearth' }).waitFor()
    // Chrome logs the refused answer itself; the app adds nothing.
    assert.deepEqual(
      problems.filter((problem) => !problem.includes('status of 503')),
      []
    )
    await context.close()
  })
})
