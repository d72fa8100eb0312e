import { mkdirSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import { AxeBuilder } from '@axe-core/playwright'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { CHROMIUM, CHROMIUM_FLAGS } from '#tests/helpers/chromium'
import { WebClient } from '#tests/helpers/web_client'

export const DESKTOP = { width: 1280, height: 800 }
export const PHONE = { width: 360, height: 780 }

let browser: Browser | null = null

/** The one Chromium of the run, started on first use; `closeBrowser` in the suite teardown. */
export async function launchBrowser() {
  browser ??= await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_FLAGS,
    headless: true,
  })
  return browser
}

export async function closeBrowser() {
  await browser?.close()
  browser = null
}

/** Chrome's own log line for an API answer the test expects (a 401 at start, a 422). */
const EXPECTED_REFUSAL = /^Failed to load resource: the server responded with a status of 4\d\d/
/**
 * The same for the event stream: a subscription refused because the session just ended (a
 * 401, or a 403 when its XSRF token died with it), which the app answers by asking again.
 */
const STREAM_SIGNED_OUT = /^Failed to load resource: the server responded with a status of 40[13]/

/**
 * One person in a browser of their own: a fresh context on the test server. `problems`
 * collects every console error and warning and every uncaught page error (CSP violations
 * included), except Chrome's notes of 4xx answers from the API the app handles (and of a
 * stream subscription refused with 401 or 403 once the session ended, which the app then
 * explains).
 */
export async function openBrowser(
  options: { viewport?: typeof DESKTOP; baseURL?: string; touch?: boolean } = {}
) {
  const running = await launchBrowser()
  const context: BrowserContext = await running.newContext({
    baseURL: options.baseURL ?? WebClient.baseUrl(),
    viewport: options.viewport ?? DESKTOP,
    // A phone: touch events and no hover, so what hover shows must come another way.
    ...(options.touch ? { hasTouch: true, isMobile: true } : {}),
  })
  const page: Page = await context.newPage()
  const problems: string[] = []
  watchProblems(page, problems)
  return { context, page, problems }
}

/** Collects a page's console errors and warnings into `problems`, as `openBrowser` does. */
export function watchProblems(page: Page, problems: string[]) {
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return
    const url = message.location().url
    if (EXPECTED_REFUSAL.test(message.text()) && url.includes('/api/v1/')) return
    if (STREAM_SIGNED_OUT.test(message.text()) && url.includes('/__transmit/')) return
    problems.push(`${message.type()}: ${message.text()} (${url})`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
}

/**
 * Serious and critical WCAG 2.1 A/AA violations axe-core finds on the page as it is, in the
 * light and the dark theme, described one a line (empty when there are none).
 */
export async function accessibilityProblems(page: Page) {
  const problems: string[] = []
  for (const theme of ['light', 'dark'] as const) {
    // Without motion: axe must not read a colour halfway through the theme's transition.
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' })
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze()
    for (const violation of violations) {
      if (violation.impact !== 'serious' && violation.impact !== 'critical') continue
      const targets = violation.nodes.map((node) => node.target.join(' ')).join(', ')
      problems.push(
        `${theme}: ${violation.id} (${violation.impact}): ${violation.help} at ${targets}`
      )
    }
  }
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: null })
  return problems
}

const SHOTS = app.makePath('tests/browser/screenshots')

/**
 * Saves the screen as it is in light and dark, at desktop and phone width
 * (`tests/browser/screenshots/<name>-<theme>-<width>.png`, not committed), then puts the
 * page back as it was.
 */
export async function screenshots(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true })
  const viewport = page.viewportSize() ?? DESKTOP
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    for (const [label, size] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      await page.setViewportSize(size)
      await page.evaluate('new Promise(requestAnimationFrame)')
      await page.screenshot({
        path: `${SHOTS}/${name}-${theme}-${label}.png`,
        animations: 'disabled',
      })
    }
  }
  await page.emulateMedia({ colorScheme: 'light' })
  await page.setViewportSize(viewport)
}

let people = 0

/**
 * A person with an account made through the real sign-up route, signed in on a
 * WebClient for seeding through the API. Names are unique within the run.
 */
export async function person(name: string, options: { base?: string; invite?: string } = {}) {
  people += 1
  const username = `${name.toLowerCase()}${people}`
  const password = `${name} has a long password`
  const client = new WebClient(undefined, options.base)
  const response = await client.post('/api/v1/auth/signup', {
    username,
    email: `${username}@example.com`,
    password,
    displayName: name,
    ...(options.invite ? { invite: options.invite } : {}),
  })
  if (response.status !== 201) {
    throw new Error(`sign-up failed: ${response.status} ${JSON.stringify(response.body)}`)
  }
  return { client, username, password, displayName: name, id: response.body.user.id as string }
}

/**
 * Two people in a new team (the first made it, the second joined by its invite), both in a
 * public channel of it the first created; and the team's town square.
 */
export async function twoInAChannel(
  names: [string, string],
  teamName: string,
  channel: { name: string; displayName: string; purpose?: string }
) {
  const first = await person(names[0])
  const second = await person(names[1])
  const { body: team } = await first.client.post('/api/v1/teams', { name: teamName })
  await second.client.post('/api/v1/teams/join', { invite: team.inviteCode })
  const { body: made } = await first.client.post(`/api/v1/teams/${team.id}/channels`, {
    type: 'public',
    ...channel,
  })
  await second.client.post(`/api/v1/channels/${made.id}/join`)
  const { body: channels } = await first.client.get(`/api/v1/teams/${team.id}/channels`)
  const townSquare = channels.data.find((c: { name: string }) => c.name === 'town-square')
  return { first, second, team, channel: made, townSquare }
}

let opened: Promise<Awaited<ReturnType<typeof person>>> | null = null

/**
 * Lets anyone sign up without an invite, through the server's first account (its system
 * admin). Once a run: the suite starts on an empty database.
 */
export function openSignup() {
  opened ??= person('Admin').then(async (admin) => {
    const response = await admin.client.patch('/api/v1/system/settings', { openSignup: true })
    if (response.status !== 200) throw new Error(`could not open sign-up: ${response.status}`)
    return admin
  })
  return opened
}

/** The run's system admin (its first account, made by openSignup), signed in for seeding. */
export function systemAdmin() {
  return openSignup()
}

/**
 * Waits until the tab's title starts with `prefix` (it follows what waits to be read); the
 * page's CSP forbids the string evaluation `waitForFunction` would need.
 */
export async function titled(page: Page, prefix: string) {
  const deadline = Date.now() + 5000
  let title = await page.title()
  while (!title.startsWith(prefix)) {
    if (Date.now() > deadline) throw new Error(`the title is "${title}"`)
    await page.waitForTimeout(50)
    title = await page.title()
  }
}

/** Signs someone in through the login page, as a person would. */
export async function logIn(page: Page, someone: { username: string; password: string }) {
  await page.goto('/login')
  await page.getByLabel('Username or email').fill(someone.username)
  await page.getByLabel('Password').fill(someone.password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.waitForURL(/\/teams\//)
}

/** The open channel's message list, a message in it by its text, and the channel's composer. */
export const messageLog = (page: Page) => page.getByRole('log', { name: 'Messages' })
export const messageRow = (page: Page, text: string) =>
  messageLog(page).getByRole('article').filter({ hasText: text })
export const composerBox = (page: Page) => page.getByRole('textbox', { name: /^Message / })

/** A channel's page, waiting for its history. */
export async function openChannel(page: Page, teamId: string, channelId: string) {
  await page.goto(`/teams/${teamId}/channels/${channelId}`)
  await messageLog(page).waitFor()
}
