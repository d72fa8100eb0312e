import limiter from '@adonisjs/limiter/services/main'
import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import {
  accessibilityProblems,
  logIn,
  openBrowser as openAnyBrowser,
  person,
  screenshots,
} from '#tests/helpers/browser'
import { WebClient } from '#tests/helpers/web_client'

/** Tessa made a team and Milo joined it by its invite; both through the API. */
async function seed(teamName: string) {
  const tessa = await person('Tessa')
  const milo = await person('Milo')
  const { body: team } = await tessa.client.post('/api/v1/teams', { name: teamName })
  await milo.client.post('/api/v1/teams/join', { invite: team.inviteCode })
  const channel = (name: string, displayName: string, type = 'public', purpose = '') =>
    tessa.client
      .post(`/api/v1/teams/${team.id}/channels`, { type, name, displayName, purpose })
      .then((response) => response.body)
  return { tessa, milo, team, channel }
}

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Channels' })

async function fromChannelMenu(page: Page, title: string, item: string) {
  await page.getByRole('button', { name: `${title} channel menu` }).click()
  await page.getByRole('menuitem', { name: item }).click()
}

async function fromTeamMenu(page: Page, team: string, item: string) {
  await page.getByRole('button', { name: `${team} menu` }).click()
  await page.getByRole('menuitem', { name: item }).click()
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

test.group('Managing channels and teams', (group) => {
  group.each.setup(() => limiter.clear())

  test('a team admin creates a private channel with the URL name rules shown, sets its purpose, adds a member, makes them channel admin and archives it', async ({
    assert,
  }) => {
    const { tessa, milo, team, channel } = await seed('Harbour')
    await channel('general-chat', 'General Chat')
    const { page, problems, context } = await openBrowser()
    await logIn(page, tessa)

    await sidebar(page).getByRole('button', { name: 'Add channels' }).click()
    await page.getByRole('menuitem', { name: 'Create a channel' }).click()
    const create = page.getByRole('dialog', { name: 'Create a channel' })
    await create.getByLabel('Name', { exact: true }).fill('General Chat')
    const urlName = create.getByLabel('URL name')
    assert.equal(await urlName.inputValue(), 'general-chat')
    await create.getByText(/Lowercase letters, digits, - and _/).waitFor()
    await urlName.fill('-oops')
    await create.getByText('Start with a letter or a digit.').waitFor()
    await urlName.fill('general-chat')
    await create.getByRole('button', { name: 'Create channel' }).click()
    await create.getByText('A channel of this team already has this name').waitFor()

    await create.getByLabel('Name', { exact: true }).fill('Launch Plans')
    await urlName.fill('launch-plans')
    await create.getByRole('switch', { name: /Private channel/ }).check()
    await screenshots(page, 'channel-create')
    assert.deepEqual(await accessibilityProblems(page), [])
    await create.getByRole('button', { name: 'Create channel' }).click()
    await page.getByRole('button', { name: 'Launch Plans channel menu' }).waitFor()
    assert.equal(await sidebar(page).getByRole('link', { name: 'Launch Plans' }).count(), 1)
    const channelId = page.url().split('/channels/')[1]

    await fromChannelMenu(page, 'Launch Plans', 'Channel settings')
    const settings = page.getByRole('dialog', { name: 'Channel settings' })
    await settings.getByLabel('Purpose').fill('Everything about the launch')
    await settings.getByRole('button', { name: 'Save' }).click()
    await settings.getByText('Saved.').waitFor()
    await screenshots(page, 'channel-settings')
    assert.deepEqual(await accessibilityProblems(page), [])
    await page.keyboard.press('Escape')
    await page.locator('header').getByText('Everything about the launch').waitFor()

    await page.getByRole('button', { name: 'Launch Plans channel menu' }).click()
    await page.getByRole('menu', { name: 'Launch Plans channel menu' }).waitFor()
    await screenshots(page, 'channel-menu')
    await page.keyboard.press('Escape')
    await fromChannelMenu(page, 'Launch Plans', 'Members')
    const members = page.getByRole('dialog', { name: 'Members of Launch Plans' })
    await members.getByLabel('Add people').fill('mil')
    await members.getByRole('button', { name: 'Add Milo' }).click()
    await members.getByRole('button', { name: 'Make admin: Milo' }).click()
    await members
      .getByRole('list', { name: 'Members' })
      .getByText('Channel admin')
      .first()
      .waitFor()
    await members.getByRole('button', { name: 'Make member: Milo' }).waitFor()
    await screenshots(page, 'channel-members')
    assert.deepEqual(await accessibilityProblems(page), [])
    await page.keyboard.press('Escape')
    // Focus goes back to the menu button that opened the dialog.
    await page.locator('[aria-label="Launch Plans channel menu"]:focus').waitFor()

    const { body: listed } = await milo.client.get(`/api/v1/channels/${channelId}/members`)
    const miloThere = listed.data.find((entry: { userId: string }) => entry.userId === milo.id)
    assert.equal(miloThere.role, 'admin')

    await fromChannelMenu(page, 'Launch Plans', 'Channel settings')
    await settings.getByRole('button', { name: 'Archive channel' }).click()
    await settings.getByRole('button', { name: 'Unarchive channel' }).waitFor()
    await settings.getByText('This channel is archived: it is read-only.').waitFor()
    await page.keyboard.press('Escape')
    await page.getByRole('status').getByText('This channel is archived.').waitFor()
    await page.getByText('2 members').waitFor()
    await screenshots(page, 'channel-archived')
    assert.deepEqual(await accessibilityProblems(page), [])
    assert.equal(await page.getByRole('textbox', { name: /^Message / }).count(), 0)
    const { body: stored } = await tessa.client.get(`/api/v1/channels/${channelId}`)
    assert.isTrue(stored.archived)
    assert.equal(stored.purpose, 'Everything about the launch')
    assert.equal(team.name, 'Harbour')

    assert.deepEqual(problems, [])
    await context.close()
  })

  test('another person browses the public channels, filters them, joins one and mutes it', async ({
    assert,
  }) => {
    const { milo, team, channel } = await seed('Lighthouse')
    const roadmap = await channel('roadmap', 'Roadmap', 'public', 'Where we are headed')
    await channel('random-stuff', 'Random Stuff')
    await channel('hidden-room', 'Hidden Room', 'private')
    const { page, problems, context } = await openBrowser()
    await logIn(page, milo)

    await sidebar(page).getByRole('button', { name: 'Add channels' }).click()
    await page.getByRole('menuitem', { name: 'Browse channels' }).click()
    const browse = page.getByRole('dialog', { name: 'Browse channels' })
    const list = browse.getByRole('list', { name: 'Public channels' })
    await list.getByRole('button', { name: 'Join Roadmap' }).waitFor()
    assert.equal(await list.getByRole('listitem').count(), 3)
    assert.equal(await list.getByText('Hidden Room').count(), 0)
    await browse.getByLabel('Filter channels').fill('head')
    assert.equal(await list.getByRole('listitem').count(), 1)
    await screenshots(page, 'channel-browse')
    assert.deepEqual(await accessibilityProblems(page), [])
    await list.getByRole('button', { name: 'Join Roadmap' }).click()
    await page.waitForURL(`**/channels/${roadmap.id}`)
    await sidebar(page).getByRole('link', { name: 'Roadmap' }).waitFor()
    await page.getByRole('textbox', { name: /^Message / }).waitFor()

    await fromChannelMenu(page, 'Roadmap', 'Notification preferences')
    const prefs = page.getByRole('dialog', { name: 'Notification preferences' })
    await prefs.getByRole('radio', { name: /Mentions/ }).check()
    await prefs.getByRole('checkbox', { name: /Mute this channel/ }).check()
    assert.deepEqual(await accessibilityProblems(page), [])
    await prefs.getByRole('button', { name: 'Save' }).click()
    await prefs.waitFor({ state: 'hidden' })
    await sidebar(page).getByRole('link', { name: 'Roadmap muted' }).waitFor()
    const { body: stored } = await milo.client.get(`/api/v1/channels/${roadmap.id}`)
    assert.deepInclude(stored.membership, { notify: 'mention', muted: true })
    assert.isString(team.id)

    assert.deepEqual(problems, [])
    await context.close()
  })

  test('a team admin makes a member a guest, who then sees only the channels they were added to', async ({
    assert,
  }) => {
    const { tessa, milo, team, channel } = await seed('Quay')
    const open = await channel('open-floor', 'Open Floor')
    const inner = await channel('inner-circle', 'Inner Circle', 'private')
    const admin = await openBrowser()
    await logIn(admin.page, tessa)

    await fromTeamMenu(admin.page, 'Quay', 'Members')
    const dialog = admin.page.getByRole('dialog', { name: 'Members of Quay' })
    const role = dialog.getByLabel('Role of Milo')
    await role.selectOption('guest')
    await dialog.getByText('Milo is now a guest.').waitFor()
    assert.equal(await dialog.getByLabel('Role of Milo').inputValue(), 'guest')
    // The last admin cannot step down: the server's refusal is shown.
    await dialog.getByLabel('Role of Tessa').selectOption('member')
    await dialog.getByText('A team must keep at least one admin').first().waitFor()
    assert.equal(await dialog.getByLabel('Role of Tessa').inputValue(), 'admin')
    await screenshots(admin.page, 'team-members')
    assert.deepEqual(await accessibilityProblems(admin.page), [])
    await tessa.client.post(`/api/v1/channels/${inner.id}/members`, { userId: milo.id })

    const guest = await openBrowser()
    await logIn(guest.page, milo)
    await sidebar(guest.page).getByRole('link', { name: 'Inner Circle' }).waitFor()
    assert.equal(await sidebar(guest.page).getByRole('link', { name: 'Open Floor' }).count(), 0)
    assert.equal(await sidebar(guest.page).getByRole('button', { name: 'Add channels' }).count(), 0)
    await guest.page.getByRole('button', { name: 'Quay menu' }).click()
    assert.equal(await guest.page.getByRole('menuitem', { name: 'Browse channels' }).count(), 0)
    await guest.page.keyboard.press('Escape')
    await guest.page.goto(`/teams/${team.id}/channels/${open.id}`)
    await guest.page
      .getByText(/not available|could not be found|does not exist/i)
      .first()
      .waitFor()

    assert.deepEqual(admin.problems, [])
    assert.deepEqual(guest.problems, [])
    await admin.context.close()
    await guest.context.close()
  })

  test('people leave a channel and the team; the last admin is told why they cannot leave', async ({
    assert,
  }) => {
    const { tessa, milo, team, channel } = await seed('Pier')
    const roadmap = await channel('roadmap', 'Roadmap')
    await milo.client.post(`/api/v1/channels/${roadmap.id}/join`)
    const one = await openBrowser()
    await logIn(one.page, milo)
    await one.page.goto(`/teams/${team.id}/channels/${roadmap.id}`)

    await fromChannelMenu(one.page, 'Roadmap', 'Leave channel…')
    const leave = one.page.getByRole('dialog', { name: 'Leave Roadmap?' })
    assert.deepEqual(await accessibilityProblems(one.page), [])
    await leave.getByRole('button', { name: 'Leave channel' }).click()
    await one.page.waitForURL(`**/teams/${team.id}`)
    await sidebar(one.page).getByRole('link', { name: 'Town Square' }).waitFor()
    assert.equal(await sidebar(one.page).getByRole('link', { name: 'Roadmap' }).count(), 0)

    await fromTeamMenu(one.page, 'Pier', 'Leave team…')
    await one.page
      .getByRole('dialog', { name: 'Leave Pier?' })
      .getByRole('button', { name: 'Leave team' })
      .click()
    await one.page.waitForURL('**/welcome')
    const { body: teams } = await milo.client.get('/api/v1/teams')
    assert.lengthOf(teams.data, 0)

    const two = await openBrowser()
    await logIn(two.page, tessa)
    await fromTeamMenu(two.page, 'Pier', 'Leave team…')
    const last = two.page.getByRole('dialog', { name: 'Leave Pier?' })
    await last.getByRole('button', { name: 'Leave team' }).click()
    await last.getByText('A team must keep at least one admin').waitFor()
    const { body: still } = await tessa.client.get('/api/v1/teams')
    assert.lengthOf(still.data, 1)

    assert.deepEqual(one.problems, [])
    assert.deepEqual(two.problems, [])
    await one.context.close()
    await two.context.close()
  })

  test('a new invite link stops the old one from working', async ({ assert }) => {
    const { tessa, team } = await seed('Jetty')
    const { page, problems, context } = await openBrowser()
    await logIn(page, tessa)
    await fromTeamMenu(page, 'Jetty', 'Invite people')
    const dialog = page.getByRole('dialog', { name: 'Invite people to Jetty' })
    const link = dialog.getByLabel('Invite link')
    const old = await link.inputValue()
    assert.include(old, team.inviteCode)
    await dialog.getByRole('button', { name: 'New link' }).click()
    await dialog
      .getByLabel('Invite link')
      .and(page.locator(`:not([value="${old}"])`))
      .waitFor()
    const fresh = await link.inputValue()
    assert.notEqual(fresh, old)

    const newcomer = await person('Nadia')
    const refused = await newcomer.client.post('/api/v1/teams/join', { invite: team.inviteCode })
    assert.equal(refused.status, 422)
    const code = fresh.split('/invite/')[1]
    const joined = await newcomer.client.post('/api/v1/teams/join', { invite: code })
    assert.equal(joined.status, 200)
    assert.instanceOf(newcomer.client, WebClient)

    assert.deepEqual(problems, [])
    await context.close()
  })

  test('a team admin renames the team from its menu, used with the keyboard alone', async ({
    assert,
  }) => {
    const { tessa, milo, team } = await seed('Wharf')
    const { page, problems, context } = await openBrowser()
    await logIn(page, tessa)
    const button = page.getByRole('button', { name: 'Wharf menu' })
    await button.focus()
    await page.keyboard.press('ArrowDown')
    const menu = page.getByRole('menu', { name: 'Wharf menu' })
    await menu.waitFor()
    const focusedItem = () => page.evaluate('document.activeElement?.textContent?.trim()')
    assert.equal(await focusedItem(), 'Invite people')
    await page.keyboard.press('End')
    assert.equal(await focusedItem(), 'Leave team…')
    await page.keyboard.press('Escape')
    await menu.waitFor({ state: 'detached' })
    assert.equal(
      await page.evaluate('document.activeElement?.getAttribute("aria-label")'),
      'Wharf menu'
    )

    await button.click()
    await screenshots(page, 'team-menu')
    assert.deepEqual(await accessibilityProblems(page), [])
    await button.click()
    await menu.waitFor({ state: 'detached' })

    await button.focus()
    await page.keyboard.press('Enter')
    await menu.getByRole('menuitem', { name: 'Team settings' }).waitFor()
    for (let step = 0; step < 10; step += 1) {
      if ((await focusedItem()) === 'Team settings') break
      await page.keyboard.press('ArrowDown')
    }
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Team settings' })
    await dialog.getByLabel('Team name').fill('')
    await page.keyboard.press('Enter')
    await dialog.getByText('Give the team a name.').waitFor()
    await dialog.getByLabel('Team name').fill('Wharf & Docks')
    await page.keyboard.press('Enter')
    await dialog.waitFor({ state: 'hidden' })
    await page.getByRole('button', { name: 'Wharf & Docks menu' }).waitFor()
    const { body: renamed } = await milo.client.get(`/api/v1/teams/${team.id}`)
    assert.equal(renamed.name, 'Wharf & Docks')

    // Nothing runs past the edge of a 360 px screen, dialogs included.
    await page.setViewportSize({ width: 360, height: 740 })
    await page.getByRole('button', { name: 'Open navigation' }).click()
    await page.getByRole('button', { name: 'Wharf & Docks menu' }).click()
    await page.getByRole('menuitem', { name: 'Members' }).click()
    await page
      .getByRole('dialog', { name: 'Members of Wharf & Docks' })
      .getByLabel('Role of Milo')
      .waitFor()
    assert.isAtMost(Number(await page.evaluate('document.documentElement.scrollWidth')), 360)
    const members = page.getByRole('dialog', { name: 'Members of Wharf & Docks' })
    await members.getByRole('button', { name: 'Remove Milo from the team' }).click()
    await members.getByText('Milo is no longer in the team.').waitFor()
    assert.equal(await members.getByLabel('Role of Milo').count(), 0)
    const { body: left } = await milo.client.get('/api/v1/teams')
    assert.lengthOf(left.data, 0)
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('a group message is started with two people found by name', async ({ assert }) => {
    const { tessa, milo, team } = await seed('Marina')
    const nadia = await person('Nadia')
    await nadia.client.post('/api/v1/teams/join', { invite: team.inviteCode })
    const { page, problems, context } = await openBrowser()
    await logIn(page, tessa)

    await page.getByRole('button', { name: 'New message' }).click()
    const dialog = page.getByRole('dialog', { name: 'New message' })
    const find = dialog.getByRole('combobox', { name: 'Find people' })
    await find.pressSequentially('mil')
    await dialog.getByRole('option', { name: /Milo/ }).click()
    await find.pressSequentially('nad')
    await dialog.getByRole('option', { name: /Nadia/ }).click()
    const chosen = dialog.getByRole('list', { name: 'Chosen people' })
    await chosen.getByText('Nadia').waitFor()
    assert.equal(await chosen.getByText('Milo').count(), 1)
    await dialog.getByRole('button', { name: 'Start conversation' }).click()
    await page.waitForURL(/\/channels\//)
    const channelId = page.url().split('/channels/')[1]
    await sidebar(page)
      .getByRole('link', { name: /Milo, Nadia|Nadia, Milo/ })
      .waitFor()
    await page.getByRole('textbox', { name: /^Message / }).fill('Hello you two')
    await page.getByRole('textbox', { name: /^Message / }).press('Enter')
    await page.getByRole('log', { name: 'Messages' }).getByText('Hello you two').waitFor()

    const { body: channel } = await milo.client.get(`/api/v1/channels/${channelId}`)
    assert.equal(channel.type, 'group')
    assert.equal(channel.memberCount, 3)
    assert.deepEqual(problems, [])
    await context.close()
  })
})
